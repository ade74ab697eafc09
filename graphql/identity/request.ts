import type { Client } from '../../commands/identity/account-deps.ts';
import { rememberDevice } from '../../commands/identity/device-cookie.ts';
import { accountKey } from '../../commands/identity/throttle.ts';
import { deviceCookie, sessionCookie } from './cookies.ts';
import type { RequestContext } from '../context.ts';
import { publicBaseUrl } from '../../domain/tenancy/public-url.ts';
import { tenantDomains } from '../../projections/identity/queries.ts';

/** The client of a request, for rate limits and the session list. */
export const clientOf = (ctx: RequestContext): Client => ({
  ip: ctx.request.ip ?? 'unknown',
  userAgent: String(ctx.request.headers['user-agent'] ?? '').slice(0, 300),
  device: ctx.request.cookies?.[deviceCookie(ctx.platform.settings).name] ?? null,
});

/** After a successful sign-in: this browser becomes a known device of the account. */
export function rememberThisDevice(
  ctx: RequestContext,
  user: { email: string; tenantId: string },
): void {
  const cookie = deviceCookie(ctx.platform.settings);
  const value = rememberDevice(
    ctx.platform.identity.keys.tokens,
    ctx.request.cookies?.[cookie.name],
    accountKey(user.tenantId, user.email),
  );
  ctx.reply.setCookie(cookie.name, value, cookie.options);
}

/**
 * The origin put in mailed links: the tenant's configured public address (domain/tenancy/public-url.ts).
 * Never the request's Host or port: a forged Host would mail a victim a reset link to the
 * attacker's site (password-reset poisoning).
 */
export async function linkBase(ctx: RequestContext): Promise<string> {
  const domains = await tenantDomains(ctx.platform.sql, ctx.tenantId);
  const bound = ctx.request.server.server.address();
  return publicBaseUrl(
    domains,
    ctx.platform.settings,
    bound && typeof bound === 'object' ? bound.port : null,
  );
}

/** Hands the browser a session (a new id each time: sign-in, and every privilege change). */
export function setSessionCookie(ctx: RequestContext, token: string): void {
  const cookie = sessionCookie(ctx.platform.settings);
  ctx.reply.setCookie(cookie.name, token, cookie.options);
}
