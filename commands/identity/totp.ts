import { timingSafeEqual } from 'node:crypto';
import { authenticator } from 'otplib';

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
export const TOTP_STEP_SECONDS = 30;
const DRIFT_STEPS = 1;

/** A new shared secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32 for people. */
export const newTotpSecret = (): string => authenticator.generateSecret(20);

/** The `otpauth://` URI an app reads from the QR code. */
export function otpauthUri(secret: string, accountName: string, issuer: string): string {
  return authenticator.keyuri(accountName, issuer, secret);
}

/** The time step of an instant: the counter RFC 6238 feeds to HOTP. */
export const timeStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);

/** The code for `secret` at `at` (for tests and the demo; the server only checks codes). */
export function totpCode(secret: string, at: Date): string {
  return authenticator.clone({ epoch: at.getTime() }).generate(secret);
}

/**
 * The time step a code belongs to, allowing one step of clock drift either way; null when it
 * matches none. The caller refuses steps at or before the last one accepted (replay).
 */
export function matchTotp(code: string, secret: string, now: Date): number | null {
  const given = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(given)) return null;
  let matched: number | null = null;
  for (let drift = -DRIFT_STEPS; drift <= DRIFT_STEPS; drift++) {
    const at = new Date(now.getTime() + drift * TOTP_STEP_SECONDS * 1000);
    // Compare every candidate in constant time, and do not stop early: timing says nothing.
    if (timingSafeEqual(Buffer.from(totpCode(secret, at)), Buffer.from(given)) && matched === null)
      matched = timeStep(at);
  }
  return matched;
}
