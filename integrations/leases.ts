import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Sql } from 'postgres';

/**
 * "One process at a time" for work that runs all the time (the mail sender), across the app
 * processes on one database: a lease row in `reactors.leases` that its holder renews and that
 * lapses `ttlMs` after the last renewal. Pooled queries only, no reserved session: a session
 * lock on a reserved postgres.js connection can strand its holder (or the pool's end) when the
 * database restarts (porsager/postgres #1195, #925), while a lease survives a restart as a row
 * and every query on it fails fast while the database is down.
 *
 * The times are the database's (`now()`), so the processes' clocks need not agree. A holder that
 * stops renewing (crashed, or stalled longer than the lease) loses it to the next process that
 * asks; what the holder does must stay safe if two ever overlap for a moment (the mail sender
 * re-checks each mail's stream before it sends).
 */
export interface Lease {
  /** Takes or renews the lease; false while another holder's lease runs. */
  take(): Promise<boolean>;
  /** Gives it up now (the next asker gets it at once), if this holder has it. */
  give(): Promise<void>;
}

const prepared = new WeakSet<Sql>();

export function postgresLease(sql: Sql, name: string, ttlMs: number): Lease {
  if (!(ttlMs >= 1000)) throw new Error('a lease lasts at least a second');
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  async function prepare() {
    if (prepared.has(sql)) return;
    await sql.unsafe(`create schema if not exists reactors;
      create table if not exists reactors.leases (name text primary key, holder text not null, expires_at timestamptz not null)`);
    prepared.add(sql);
  }
  return {
    async take() {
      await prepare();
      const rows = await sql`
        insert into reactors.leases (name, holder, expires_at)
        values (${name}, ${holder}, now() + ${ttlMs} * interval '1 millisecond')
        on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
          where reactors.leases.holder = excluded.holder or reactors.leases.expires_at <= now()
        returning holder`;
      return rows.length === 1;
    },
    async give() {
      await prepare();
      await sql`delete from reactors.leases where name = ${name} and holder = ${holder}`;
    },
  };
}
