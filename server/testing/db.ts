import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** Creates an empty database for one test file on the run's PostgreSQL; returns its URL. */
export async function freshDatabase(prefix = 't'): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
