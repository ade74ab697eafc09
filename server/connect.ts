import postgres, { type Sql } from 'postgres';
import path from 'node:path';
import type { Settings } from './config.ts';
import type { EmbeddedDatabase } from './db/embedded.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { guardPostgresDeferredWrites } from './db/postgres-guard.ts';
import type { EventStore } from '../eventstore/types.ts';

/** The database and the event store, connected from settings the same way for the server and the CLI. */
export interface Connection {
  /** The read-model database (also the Postgres log's when EVENTSTORE_URL is unset). */
  url: string;
  /** Owner connection: read models, sessions, checkpoints. */
  sql: Sql;
  store: EventStore;
  /** Closes the store and the pool, and stops PostgreSQL if this connection started it. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Errors from the embedded PostgreSQL's own log. */
  log?: (line: string) => void;
  /** Pool size of `sql`. */
  poolSize?: number;
  /** Pool size of the Postgres log's own connection. */
  storePoolSize?: number;
  /**
   * Use the embedded PostgreSQL a running server already started under DATA_DIR, instead of
   * failing on its port (the CLI runs beside the server; the server itself must not share one).
   */
  attach?: boolean;
  /**
   * The event store to use instead of the one the settings name (EVENTSTORE_URL or the Postgres
   * log). Tests pass the EventStoreDB adapter on its in-memory double
   * (`eventstore/esdb/fake-client.ts`) to run the platform's survival suites on it. The
   * connection owns it from then on: `close()` closes it.
   */
  store?: EventStore;
}

const EMBEDDED_DATABASE = 'platform';

/** DATABASE_URL, or a real PostgreSQL from npm under DATA_DIR/pg with its password in DATA_DIR/secrets.json. */
async function databaseUrl(
  settings: Settings,
  opts: ConnectOptions,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (settings.DATABASE_URL) return { url: settings.DATABASE_URL, embedded: null };
  const secrets = await loadOrCreateSecrets(settings.DATA_DIR);
  if (opts.attach) {
    const url = `postgres://postgres:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${settings.EMBEDDED_PG_PORT}/${EMBEDDED_DATABASE}`;
    if (await answers(url)) return { url, embedded: null };
  }
  // Loaded only when needed: the package is large and a DATABASE_URL deployment never uses it.
  const { startEmbeddedPostgres } = await import('./db/embedded.ts');
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(settings.DATA_DIR, 'pg'),
    port: settings.EMBEDDED_PG_PORT,
    password: secrets.pgPassword,
    log: (line) => (/ERROR|FATAL|PANIC/.test(line) ? opts.log?.(line) : undefined),
  });
  try {
    await embedded.createDatabase(EMBEDDED_DATABASE);
  } catch (error) {
    await embedded.stop().catch(() => {});
    throw error;
  }
  return { url: embedded.url(EMBEDDED_DATABASE), embedded };
}

/** True when a PostgreSQL accepts these credentials (a server's embedded one is running). */
async function answers(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}

/** Connects the read-model database and the event store (EVENTSTORE_URL, else the Postgres log). */
export async function connect(settings: Settings, opts: ConnectOptions = {}): Promise<Connection> {
  guardPostgresDeferredWrites(); // a driver bug would otherwise end the process when PostgreSQL restarts
  const { url, embedded } = await databaseUrl(settings, opts);
  const sql = postgres(url, {
    max: opts.poolSize ?? 20,
    types: { bigint: postgres.BigInt },
    onnotice: () => {},
  });
  let store: EventStore;
  try {
    if (opts.store) {
      store = opts.store;
    } else if (settings.EVENTSTORE_URL) {
      const { createEventStoreDbStore } = await import('../eventstore/esdb/index.ts');
      store = createEventStoreDbStore(settings.EVENTSTORE_URL);
    } else {
      const { createPostgresEventStore } = await import('../eventstore/postgres/store.ts');
      store = await createPostgresEventStore(url, { poolSize: opts.storePoolSize ?? 10 });
    }
  } catch (error) {
    await sql.end({ timeout: 5 }).catch(() => {});
    await embedded?.stop().catch(() => {});
    throw error;
  }
  return {
    url,
    sql,
    store,
    async close() {
      await store.close();
      await sql.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}
