import { randomInt } from 'node:crypto';

/**
 * The first password of an account someone else creates (a tenant's first admin, a staff
 * member): shown once to its creator, to be changed by its holder. 20 characters of an
 * alphabet without look-alikes (~116 bits).
 */
export function initialPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  return Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
}
