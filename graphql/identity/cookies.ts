import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * The session cookie: HttpOnly, SameSite=Lax, path /. In production it is `__Host-sid` and
 * Secure; on a laptop over plain http it is `sid`, since browsers drop Secure cookies there.
 */
export function sessionCookie(settings: { NODE_ENV: string }): {
  name: string;
  options: CookieSerializeOptions;
} {
  const secure = settings.NODE_ENV === 'production';
  return {
    name: secure ? '__Host-sid' : 'sid',
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure },
  };
}

/**
 * The device cookie (OWASP device cookies): the signed entries of accounts this browser signed
 * in to, so failures elsewhere do not lock its owner out. HttpOnly, a year long; `__Host-did`
 * and Secure in production, `did` on a laptop.
 */
export function deviceCookie(settings: { NODE_ENV: string }): {
  name: string;
  options: CookieSerializeOptions;
} {
  const secure = settings.NODE_ENV === 'production';
  return {
    name: secure ? '__Host-did' : 'did',
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: 365 * 86_400 },
  };
}
