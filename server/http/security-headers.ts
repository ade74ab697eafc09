import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config.ts';

/**
 * What no response here needs: scripts, frames, forms, other origins. The portal's HTML gets its
 * own policy from SvelteKit (web/svelte.config.js: this origin only, its inline scripts by hash),
 * which replaces this one on those responses; payment proofs set theirs in files.ts.
 */
export const NOTHING_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** GraphiQL (never served in production) loads React and its bundle from unpkg.com. */
const GRAPHIQL_POLICY =
  "default-src 'self'; script-src 'self' https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; font-src 'self' data: https://unpkg.com; connect-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Security headers on every response: HTML, GraphQL, files and /healthz alike. Set on the raw
 * response before anything else runs, so they also reach the portal's handler, which writes the
 * raw response itself (a fastify onSend hook would not see it).
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  settings: Pick<Settings, 'NODE_ENV'>,
): void {
  const production = settings.NODE_ENV === 'production';
  app.addHook('onRequest', async (request, reply) => {
    const raw = reply.raw;
    raw.setHeader('x-content-type-options', 'nosniff');
    raw.setHeader('referrer-policy', 'same-origin');
    raw.setHeader(
      'content-security-policy',
      !production && request.url.startsWith('/graphiql') ? GRAPHIQL_POLICY : NOTHING_POLICY,
    );
    // Production is https only (the session cookie is __Host- and Secure): browsers stay on https.
    if (production)
      raw.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}
