import type { Sql } from 'postgres';

/**
 * The Postgres log. `transaction_id` (xid8) lets readers stop below the oldest transaction still
 * running (`pg_snapshot_xmin`), so an event that commits late is never skipped; UNIQUE(stream_id,
 * event_id) makes a retried append a no-op; the per-stream row is locked to check revisions.
 */
export async function migrateEventLog(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    // Several processes (tests, CLI) may start at once: one migrates, the others wait.
    await tx`select pg_advisory_xact_lock(7240001)`;
    await tx.unsafe(`
      create schema if not exists eventlog;
      create table if not exists eventlog.streams (
        stream_id text primary key,
        revision bigint not null default -1,
        last_hash text not null default '${'0'.repeat(64)}'
      );
      create table if not exists eventlog.events (
        global_position bigint generated always as identity primary key,
        transaction_id xid8 not null default pg_current_xact_id(),
        stream_id text not null,
        revision bigint not null,
        event_id uuid not null,
        type text not null,
        data jsonb not null,
        metadata jsonb not null,
        hash text not null,
        recorded_at timestamptz not null default now(),
        unique (stream_id, revision),
        unique (stream_id, event_id)
      );
      -- Readers walk the primary key (global_position) and filter on transaction_id: no other index
      -- is needed, and each one would cost every append.
      drop index if exists eventlog.events_tx_position;
    `);
  });
}
