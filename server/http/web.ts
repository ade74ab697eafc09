import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform-types.ts';
import { tenantBrand } from '../../projections/identity/queries.ts';

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

/**
 * What the first HTML of a host shows of its tenant (web/src/hooks.server.ts reads it from the
 * Node request as `firstHtmlBrand`): the page title, the colours (derived there), the favicon.
 */
export interface FirstHtmlBrand {
  name: string;
  primaryColor: string;
  accentColor: string | null;
  logoUrl: string | null;
}

/** The Node request as the portal's handler receives it. */
export type BrandedRequest = IncomingMessage & { firstHtmlBrand?: () => Promise<FirstHtmlBrand> };

/** How long a tenant's brand is reused for its pages' first HTML: a change shows within seconds. */
const BRAND_TTL_MS = 5_000;

/** A tenant's brand for the first HTML, read at most once per BRAND_TTL_MS. */
function brandReader(platform: Pick<Platform, 'sql'>) {
  const cache = new Map<string, { at: number; brand: Promise<FirstHtmlBrand> }>();
  return (tenantId: string): Promise<FirstHtmlBrand> => {
    const hit = cache.get(tenantId);
    if (hit && Date.now() - hit.at < BRAND_TTL_MS) return hit.brand;
    const brand = tenantBrand(platform.sql, tenantId).then((t) => {
      if (!t) throw new Error(`tenant ${tenantId} is not projected`);
      return {
        name: t.brand.name,
        primaryColor: t.brand.primaryColor,
        accentColor: t.brand.accentColor ?? null,
        logoUrl: t.brand.logoUrl ?? null,
      };
    });
    // A failed read is not kept: the next page asks again.
    brand.catch(() => cache.delete(tenantId));
    cache.set(tenantId, { at: Date.now(), brand });
    return brand;
  };
}

/** Styles only: the page has no script, image, form or frame. */
const NO_SITE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The answer on a host no tenant serves: no brand, no sign-in, nothing of any tenant. */
export const NO_SUCH_SITE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>No such site</title>
<style>
:root { color-scheme: light dark; font-family: ui-sans-serif, system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f9fafb; color: #111826; }
main { max-width: 32rem; padding: 2rem; text-align: center; }
h1 { font-size: 1.5rem; margin: 0 0 0.75rem; }
p { margin: 0; line-height: 1.6; color: #4b5563; }
@media (prefers-color-scheme: dark) { body { background: #090d16; color: #f1f5f9; } p { color: #b6bfcc; } }
</style>
</head>
<body>
<main>
<h1>No such site</h1>
<p>No site is configured for this address. Check the address, or ask whoever gave it to you.</p>
</main>
</body>
</html>
`;

/** Serves the SvelteKit portal (adapter-node build) on the same port as GraphQL. */
export async function registerWeb(
  app: FastifyInstance,
  platform: Pick<Platform, 'sql' | 'tenantForHost'>,
): Promise<void> {
  const handlerFile = path.join(buildDir, 'handler.js');
  const built = existsSync(handlerFile);
  if (!built)
    app.log.warn(
      'web/build is missing: run `npm run build:web` (npm start does it) to serve the portal',
    );
  const handler = built
    ? ((await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler }).handler
    : null;
  const brandOf = brandReader(platform);
  app.setNotFoundHandler(async (request, reply) => {
    const tenantId = await platform.tenantForHost(request.hostname);
    if (tenantId === null)
      return reply
        .code(404)
        .header('content-security-policy', NO_SITE_POLICY)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NO_SUCH_SITE_HTML);
    if (!handler)
      return reply
        .code(404)
        .type('text/plain')
        .send('The portal is not built. Run: npm run build:web');
    (request.raw as BrandedRequest).firstHtmlBrand = () => brandOf(tenantId);
    reply.hijack();
    keepCachedPolicyOn304(reply.raw);
    handler(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
  });
}
