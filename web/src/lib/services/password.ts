/**
 * Passwords for the Provision dialog and the Allocate page: 20 characters from the browser's
 * CSPRNG (crypto.getRandomValues), drawn without modulo bias, with at least one lower-case
 * letter, one upper-case letter and one digit. No look-alikes (0/O, 1/l/I) and no characters a
 * shell or a URL would trip over.
 */
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '-_.+=@%';
const ALPHABET = LOWER + UPPER + DIGITS + SYMBOLS;

export const GENERATED_PASSWORD_LENGTH = 20;

type RandomSource = (bytes: Uint8Array) => Uint8Array;
const cryptoSource: RandomSource = (bytes) => crypto.getRandomValues(bytes);

/** A uniformly random index below `n` (rejection sampling over bytes). */
function pick(n: number, random: RandomSource): number {
  const limit = 256 - (256 % n);
  const buf = new Uint8Array(1);
  for (;;) {
    random(buf);
    if (buf[0]! < limit) return buf[0]! % n;
  }
}

export function generatePassword(
  length = GENERATED_PASSWORD_LENGTH,
  random: RandomSource = cryptoSource,
): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[pick(ALPHABET.length, random)];
    if (/[a-z]/.test(out) && /[A-Z]/.test(out) && /\d/.test(out)) return out;
  }
}
