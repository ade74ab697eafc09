import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/build');

type NodeHandler = (req: unknown, res: unknown, next: () => void) => void;

/**
 * A page's own policy comes from SvelteKit and replaces the server's default (security-headers.ts).
 * A 304 carries no page, and a browser would store the default ("nothing allowed") over the cached
 * page's policy: so a 304 goes without one and the cached page keeps its own.
 */
function keepCachedPolicyOn304(raw: ServerResponse): void {
  const writeHead = raw.writeHead;
  raw.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    if (status === 304) this.removeHeader('content-security-policy');
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
}

/** Serves the SvelteKit portal (adapter-node build) on the same port as GraphQL. */
export async function registerWeb(app: FastifyInstance): Promise<void> {
  const handlerFile = path.join(buildDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    app.log.warn(
      'web/build is missing: run `npm run build:web` (npm start does it) to serve the portal',
    );
    app.setNotFoundHandler((_req, reply) =>
      reply.code(404).type('text/plain').send('The portal is not built. Run: npm run build:web'),
    );
    return;
  }
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };
  app.setNotFoundHandler((request, reply) => {
    reply.hijack();
    keepCachedPolicyOn304(reply.raw);
    handler(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
  });
}
