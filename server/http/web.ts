import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/build');

type NodeHandler = (req: unknown, res: unknown, next: () => void) => void;

/** Serves the SvelteKit portal (adapter-node build) on the same port as GraphQL. */
export async function registerWeb(app: FastifyInstance): Promise<void> {
  const handlerFile = path.join(buildDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    app.log.warn('web/build is missing: run `npm run build:web` (npm start does it) to serve the portal');
    app.setNotFoundHandler((_req, reply) => reply.code(404).type('text/plain').send('The portal is not built. Run: npm run build:web'));
    return;
  }
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };
  app.setNotFoundHandler((request, reply) => {
    reply.hijack();
    handler(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
  });
}
