import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Secrets that were not given are generated once and kept under DATA_DIR (mode 0600). */
export async function loadOrCreateSecrets(dataDir: string): Promise<{ pgPassword: string }> {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8'));
  await mkdir(dataDir, { recursive: true });
  const secrets = { pgPassword: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** A password people can type: 20 characters from an unambiguous alphabet (~115 bits). */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Keys the accounts need, 32 random bytes each, generated once under DATA_DIR. */
export interface AccountKeys {
  /** Seals authenticator (TOTP) secrets in events with AES-256-GCM. */
  totp: Buffer;
  /** Derives email links and recovery codes, and keys the recovery codes' hashes. */
  tokens: Buffer;
}

/**
 * Loads `keys.json` (mode 0600) or creates it. Losing it makes every two-factor secret
 * unreadable (people then sign in with a recovery code and set up again), so back it up with
 * the database. Created with `wx`: when two processes start at once, the second reads the first's.
 */
export async function loadOrCreateAccountKeys(dataDir: string): Promise<AccountKeys> {
  const file = path.join(dataDir, 'keys.json');
  const read = async (): Promise<AccountKeys> => {
    const raw = JSON.parse(await readFile(file, 'utf8')) as { totp?: string; tokens?: string };
    const key = (name: 'totp' | 'tokens') => {
      const value = Buffer.from(raw[name] ?? '', 'base64');
      if (value.length !== 32) throw new Error(`${file}: "${name}" must be 32 bytes in base64`);
      return value;
    };
    return { totp: key('totp'), tokens: key('tokens') };
  };
  if (existsSync(file)) return read();
  await mkdir(dataDir, { recursive: true });
  const fresh = {
    totp: randomBytes(32).toString('base64'),
    tokens: randomBytes(32).toString('base64'),
  };
  try {
    await writeFile(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return read();
}
