import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Link tokens and recovery codes. Both are HMAC-SHA256 outputs under a 256-bit key generated
 * once under DATA_DIR, over a request id that is random or derived from a fresh commandId: an
 * attacker cannot guess them, and a retried command (same id) recomputes the same token, so a
 * mail queued after a crash still matches the hash the event holds. Events hold only hashes.
 */
export type LinkPurpose = 'verify-email' | 'reset-password';

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** `<user id, 32 hex>` + `<43 base64url characters>`; the user id says whose stream to check. */
export function linkToken(
  key: Buffer,
  purpose: LinkPurpose,
  userId: string,
  requestId: string,
): string {
  return (
    userId.replace(/-/g, '') + hmac(key, `${purpose}:${userId}:${requestId}`).toString('base64url')
  );
}

/** The user a link token names, or null when it is not shaped like one (never trusted further). */
export function linkTokenUser(token: string): string | null {
  const m =
    /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})[A-Za-z0-9_-]{43}$/.exec(
      token,
    );
  return m ? m.slice(1, 6).join('-') : null;
}

/** What events store of a token. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const CODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // 32 letters, no l/o/0/1 to misread
export const RECOVERY_CODE_COUNT = 10;

/** Ten codes `xxxxx-xxxxx` (50 bits each) for one batch. */
export function recoveryCodes(key: Buffer, userId: string, batchId: string): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, (_, i) => {
    const bytes = hmac(key, `recovery-code:${userId}:${batchId}:${i}`);
    const chars = Array.from({ length: 10 }, (_, j) => CODE_ALPHABET[bytes[j]! & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
export const looksLikeRecoveryCode = (code: string) =>
  normaliseRecoveryCode(code).length === 10 && !/^\d+$/.test(code.trim());

/** Keyed, so a copy of the log alone cannot brute-force the 50-bit codes offline. */
export function recoveryCodeHash(key: Buffer, userId: string, code: string): string {
  return hmac(key, `recovery-hash:${userId}:${normaliseRecoveryCode(code)}`).toString('hex');
}

/** The index of the stored hash `code` matches, compared in constant time; -1 when none. */
export function findRecoveryCode(
  key: Buffer,
  userId: string,
  code: string,
  hashes: string[],
): number {
  const candidate = Buffer.from(recoveryCodeHash(key, userId, code), 'hex');
  let found = -1;
  hashes.forEach((h, i) => {
    if (timingSafeEqual(candidate, Buffer.from(h, 'hex')) && found < 0) found = i;
  });
  return found;
}
