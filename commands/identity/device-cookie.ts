import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * OWASP's device cookies ("Slow Down Online Guessing Attacks with Device Cookies"): a browser
 * that once signed in to an account gets a signed entry naming that account. Failures from
 * browsers without one count against "unknown clients" of the account and lock only them out;
 * a known browser keeps a counter of its own, so an attacker elsewhere cannot lock its owner out.
 *
 * The cookie holds up to `KEPT` entries `<account key>.<nonce>.<signature>` (one browser, a few
 * accounts); the account key is the throttle's hash of tenant and email, never the email.
 */
const KEPT = 5;
const sign = (key: Buffer, accountKey: string, nonce: string) =>
  createHmac('sha256', key).update(`device:v1:${accountKey}:${nonce}`).digest('base64url');

function entries(
  cookie: string | null | undefined,
): { accountKey: string; nonce: string; sig: string }[] {
  if (!cookie || cookie.length > 2000) return [];
  return cookie
    .split('~')
    .slice(0, KEPT)
    .map((e) => /^([0-9a-f]{40})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(e))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ accountKey: m[1]!, nonce: m[2]!, sig: m[3]! }));
}

/** The nonce of a valid entry for this account in the cookie (the device's id), or null: an unknown client. */
export function knownDevice(
  key: Buffer,
  cookie: string | null | undefined,
  accountKey: string,
): string | null {
  for (const e of entries(cookie)) {
    if (e.accountKey !== accountKey) continue;
    const want = Buffer.from(sign(key, accountKey, e.nonce));
    const got = Buffer.from(e.sig);
    if (want.length === got.length && timingSafeEqual(want, got)) return e.nonce;
  }
  return null;
}

/**
 * The cookie after a successful sign-in: this account's entry first (kept if it was valid, so
 * the device keeps its counter), then the other accounts' entries, at most `KEPT`.
 */
export function rememberDevice(
  key: Buffer,
  cookie: string | null | undefined,
  accountKey: string,
): string {
  const nonce = knownDevice(key, cookie, accountKey) ?? randomBytes(16).toString('base64url');
  const mine = `${accountKey}.${nonce}.${sign(key, accountKey, nonce)}`;
  const others = entries(cookie)
    .filter((e) => e.accountKey !== accountKey)
    .map((e) => `${e.accountKey}.${e.nonce}.${e.sig}`);
  return [mine, ...others].slice(0, KEPT).join('~');
}
