import bcrypt from 'bcrypt';
import { createHash } from 'node:crypto';

/**
 * bcrypt reads only 72 bytes, so a long or multi-byte password would be silently cut.
 * We pre-hash with SHA-256 (base64, 44 bytes) so every byte counts, and cap length at 128.
 */
const prehash = (password: string) =>
  createHash('sha256').update(password.normalize('NFC'), 'utf8').digest('base64');

export const hashPassword = (password: string, cost: number) =>
  bcrypt.hash(prehash(password), cost);
export const verifyPassword = (password: string, hash: string) =>
  bcrypt.compare(prehash(password), hash);

/** A hash to compare against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = (cost: number) =>
  (dummyHash ??= bcrypt.hash('no-such-account', cost));
