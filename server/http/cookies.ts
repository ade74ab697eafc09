import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Settings } from '../config.ts';

/**
 * The session cookie: HttpOnly, SameSite=Lax, path /. In production it is `__Host-sid` and
 * Secure; on a laptop over plain http it is `sid`, since browsers drop Secure cookies there.
 */
export function sessionCookie(settings: Pick<Settings, 'NODE_ENV'>): { name: string; options: CookieSerializeOptions } {
  const secure = settings.NODE_ENV === 'production';
  return {
    name: secure ? '__Host-sid' : 'sid',
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure },
  };
}
