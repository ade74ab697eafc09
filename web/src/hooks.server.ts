import { request as httpRequest, type IncomingMessage } from 'node:http';
import { redirect, type Handle, type HandleFetch } from '@sveltejs/kit';
import { withBrand, type FirstHtmlBrand } from '$lib/identity/brand';

/*
 * The portal is an SPA except the store pages (routes/(store), server-rendered). Their loads ask
 * /graphql through SvelteKit's `fetch`; on the server SvelteKit would answer a same-origin path
 * itself (and find no route), so the request is sent to the fastify listener that received the
 * page request, with the page's Host (the tenant is the host) and cookie (the visitor's session).
 */

/** adapter-node's platform: the Node request (server/http/web.ts hands it to the handler). */
const nodeRequest = (platform: unknown): IncomingMessage | undefined =>
  (platform as { req?: IncomingMessage } | undefined)?.req;

/** The host's brand, attached to the Node request by server/http/web.ts (its FirstHtmlBrand). */
const brandOfRequest = (platform: unknown): Promise<FirstHtmlBrand> | undefined =>
  (
    nodeRequest(platform) as { firstHtmlBrand?: () => Promise<FirstHtmlBrand> } | undefined
  )?.firstHtmlBrand?.();

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  const req = nodeRequest(event.platform);
  const socket = req?.socket;
  if (!req || !socket?.localPort || url.origin !== event.url.origin || url.pathname !== '/graphql')
    return fetch(request);
  const body = request.method === 'GET' ? undefined : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = {
    host: req.headers.host ?? event.url.host,
    'content-type': request.headers.get('content-type') ?? 'application/json',
    accept: 'application/json',
  };
  const cookie = event.request.headers.get('cookie');
  if (cookie) headers.cookie = cookie;
  if (body) headers['content-length'] = String(body.length);
  return new Promise<Response>((resolve, reject) => {
    const out = httpRequest(
      {
        host: socket.localAddress,
        port: socket.localPort,
        method: request.method,
        path: url.pathname + url.search,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve(
            new Response(Buffer.concat(chunks), {
              status: res.statusCode ?? 502,
              headers: {
                'content-type': String(res.headers['content-type'] ?? 'application/json'),
              },
            }),
          ),
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
};

/** A session cookie (sid, or __Host-sid in production) on the request. */
const hasSession = (cookie: string | null) => !!cookie && /(?:^|;\s*)(?:__Host-)?sid=/.test(cookie);

/**
 * An anonymous visitor opening the site's root lands in the store (server-side: no portal boots
 * to send them on); with a session, the portal's dashboard as before. Every page's HTML carries
 * the host's brand (withBrand).
 */
export const handle: Handle = async ({ event, resolve }) => {
  if (
    event.url.pathname === '/' &&
    event.request.method === 'GET' &&
    !event.isDataRequest &&
    !hasSession(event.request.headers.get('cookie'))
  )
    redirect(307, '/store');
  // Without it (the brand could not be read) the page still comes, in the default colours.
  const brand = await brandOfRequest(event.platform)?.catch(() => undefined);
  if (!brand) return resolve(event);
  return resolve(event, { transformPageChunk: ({ html }) => withBrand(html, brand) });
};
