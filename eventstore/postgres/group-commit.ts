import type { Sql, TransactionSql } from 'postgres';
import { chainHash } from '../hash.ts';
import {
  EventIdConflict,
  WrongExpectedRevision,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
} from '../types.ts';

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface Row {
  streamId: string;
  revision: bigint;
  event: NewEvent;
  hash: string;
}

/** Outcome decided inside the transaction, settled after it commits. */
type Outcome =
  | { kind: 'written'; rows: Row[] }
  | { kind: 'existing'; streamId: string; eventIds: string[] }
  | { kind: 'error'; error: Error };

const MAX_BATCH = 256;
/** Serialises the event-writing part of every group across processes (see commit). */
const APPEND_LOCK = 7240010;
/**
 * Group commits in flight at once. APPEND_LOCK lets only one write at a time (ordering positions
 * by xid instead would not help: a group can take its xid on one stream's lock and then wait on
 * another's, writing that stream's next revision under an older xid); the second one has its
 * connection, BEGIN and lock request ready when the first commits.
 */
const MAX_IN_FLIGHT = 2;

/**
 * Group commit: appends that arrive while commits are in flight are gathered into the next
 * transaction. Each append is still checked against its own expected revision, in arrival
 * order, and fails alone; a batch that fails as a whole is retried one append at a time so one
 * bad append cannot sink its neighbours. A group costs four round trips: BEGIN, lock the
 * streams, write events + stream heads + notification in one statement, COMMIT.
 */
export class GroupCommitter {
  private queue: PendingAppend[] = [];
  private inFlight = 0;

  constructor(
    private readonly sql: Sql,
    private readonly notifyChannel: string,
  ) {}

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: PendingAppend[]): Promise<void> {
    try {
      await this.commit(batch);
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(asStoreError(error, batch[0]!.streamId));
      else for (const p of batch) await this.commit([p]).catch((e: unknown) => p.reject(asStoreError(e, p.streamId)));
    }
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    const settle: (() => void)[] = [];
    await this.sql.begin(async (tx) => {
      // Readers take events below pg_snapshot_xmin in position order: that skips none only if
      // event transactions get their xids in the order they take positions. Two groups in flight
      // (or two processes) would break it: a group with the older xid can write higher positions
      // and commit first, and a reader then moves past the lower positions the other group has
      // yet to commit, never to come back. So every group, in every process, takes this lock
      // before its first write (no xid yet) and holds it to its commit.
      await tx`select pg_advisory_xact_lock(${APPEND_LOCK})`;
      const outcomes = await decideBatch(tx, batch);
      const rows = outcomes.flatMap((o) => (o.kind === 'written' ? o.rows : []));
      const positions = rows.length > 0 ? await writeRows(tx, rows, this.notifyChannel) : new Map<string, bigint>();
      const existing = await existingPositions(tx, outcomes);
      batch.forEach((p, i) => {
        const o = outcomes[i]!;
        if (o.kind === 'error') settle.push(() => p.reject(o.error));
        else if (o.kind === 'written') {
          const last = o.rows[o.rows.length - 1]!;
          const pos = positions.get(key(last.streamId, last.event.id))!;
          settle.push(() => p.resolve({ nextExpectedRevision: last.revision, position: { commit: pos, prepare: pos } }));
        } else {
          // An idempotent retry: answer with what the original append got (maybe in this batch).
          const lastId = o.eventIds[o.eventIds.length - 1]!;
          const original = existing.get(key(o.streamId, lastId)) ?? writtenResult(rows, positions, o.streamId, lastId);
          settle.push(() => (original ? p.resolve(original) : p.reject(new EventIdConflict(o.streamId))));
        }
      });
    });
    for (const s of settle) s();
  }
}

const key = (streamId: string, eventId: string) => `${streamId}\u0000${eventId}`;

/** A reused event id that slipped past the checks hits UNIQUE(stream_id, event_id): say so plainly. */
function asStoreError(error: unknown, streamId: string): unknown {
  const e = error as { code?: string; constraint_name?: string };
  return e?.code === '23505' && e.constraint_name?.includes('event_id') ? new EventIdConflict(streamId) : error;
}

async function decideBatch(tx: TransactionSql, batch: PendingAppend[]): Promise<Outcome[]> {
  // Creates missing stream rows and locks every one in the batch, in a fixed order so that two
  // concurrent groups cannot deadlock; returns each stream's current head.
  const streamIds = [...new Set(batch.map((p) => p.streamId))].sort();
  const streams = await tx<{ stream_id: string; revision: bigint; last_hash: string }[]>`
    insert into eventlog.streams (stream_id) select unnest(${streamIds}::text[]) order by 1
    on conflict (stream_id) do update set stream_id = excluded.stream_id
    returning stream_id, revision, last_hash`;
  const state = new Map(streams.map((s) => [s.stream_id, { revision: BigInt(s.revision), hash: s.last_hash }]));

  // Event ids are looked up only where they may already be stored: a retry comes back with a
  // stale revision, or with 'any'/'stream_exists'. An append whose exact revision holds is new.
  const headAtStart = new Map([...state].map(([id, s]) => [id, s.revision]));
  const mayRepeat = batch.filter((p) => {
    const head = headAtStart.get(p.streamId)!;
    return head >= 0n && (typeof p.expected !== 'bigint' || !revisionHolds(p.expected, head));
  });
  const stored = await storedIds(tx, mayRepeat);
  const inBatch = new Set<string>();

  return batch.map((p): Outcome => {
    const seen = p.events.filter((e) => stored.has(key(p.streamId, e.id)) || inBatch.has(key(p.streamId, e.id))).length;
    if (seen === p.events.length && seen > 0) return { kind: 'existing', streamId: p.streamId, eventIds: p.events.map((e) => e.id) };
    if (seen > 0) return { kind: 'error', error: new EventIdConflict(p.streamId) };
    const s = state.get(p.streamId)!;
    if (!revisionHolds(p.expected, s.revision)) {
      return { kind: 'error', error: new WrongExpectedRevision(p.streamId, p.expected, s.revision < 0n ? 'no_stream' : s.revision) };
    }
    const rows: Row[] = p.events.map((event) => {
      s.revision += 1n;
      s.hash = chainHash(s.hash, p.streamId, s.revision, event);
      inBatch.add(key(p.streamId, event.id));
      return { streamId: p.streamId, revision: s.revision, event, hash: s.hash };
    });
    return { kind: 'written', rows };
  });
}

function revisionHolds(expected: ExpectedRevision, actual: bigint): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual < 0n;
  if (expected === 'stream_exists') return actual >= 0n;
  return expected === actual;
}

async function storedIds(tx: TransactionSql, appends: PendingAppend[]): Promise<Set<string>> {
  if (appends.length === 0) return new Set();
  const pairs = appends.flatMap((p) => p.events.map((e) => [p.streamId, e.id] as const));
  // Unprepared, so the planner sees the actual ids and uses the (stream_id, event_id) index;
  // a cached generic plan chose a sequential scan once the table was small.
  const found = await tx.unsafe<{ stream_id: string; event_id: string }[]>(
    `select stream_id, event_id::text as event_id from eventlog.events
     where (stream_id, event_id) in (select * from unnest($1::text[], $2::uuid[]))`,
    [pairs.map((x) => x[0]), pairs.map((x) => x[1])] as never[],
    { prepare: false },
  );
  return new Set(found.map((f) => key(f.stream_id, f.event_id)));
}

/** Inserts the events, moves each stream's head and wakes subscribers, in one statement. */
async function writeRows(tx: TransactionSql, rows: Row[], channel: string): Promise<Map<string, bigint>> {
  const last = new Map<string, Row>();
  for (const r of rows) last.set(r.streamId, r);
  const heads = [...last.values()];
  const inserted = await tx<{ global_position: bigint; stream_id: string; event_id: string }[]>`
    with inserted as (
      insert into eventlog.events (stream_id, revision, event_id, type, data, metadata, hash)
      select * from unnest(
        ${rows.map((r) => r.streamId)}::text[],
        ${rows.map((r) => r.revision.toString())}::bigint[],
        ${rows.map((r) => r.event.id)}::uuid[],
        ${rows.map((r) => r.event.type)}::text[],
        ${rows.map((r) => JSON.stringify(r.event.data))}::text[]::jsonb[],
        ${rows.map((r) => JSON.stringify(r.event.metadata))}::text[]::jsonb[],
        ${rows.map((r) => r.hash)}::text[])
      returning global_position, stream_id, event_id::text as event_id
    ), heads as (
      update eventlog.streams s set revision = h.revision, last_hash = h.hash
      from unnest(${heads.map((h) => h.streamId)}::text[], ${heads.map((h) => h.revision.toString())}::bigint[], ${heads.map((h) => h.hash)}::text[])
        as h(stream_id, revision, hash)
      where s.stream_id = h.stream_id
    ), woken as (select pg_notify(${channel}, ''))
    select inserted.* from inserted, woken`;
  return new Map(inserted.map((r) => [key(r.stream_id, r.event_id), BigInt(r.global_position)]));
}

function writtenResult(rows: Row[], positions: Map<string, bigint>, streamId: string, eventId: string): AppendResult | undefined {
  const row = rows.find((r) => r.streamId === streamId && r.event.id === eventId);
  const pos = positions.get(key(streamId, eventId));
  return row && pos !== undefined ? { nextExpectedRevision: row.revision, position: { commit: pos, prepare: pos } } : undefined;
}

/** For idempotent retries: the revision and position the original append got. */
async function existingPositions(tx: TransactionSql, outcomes: Outcome[]): Promise<Map<string, AppendResult>> {
  const wanted = outcomes.flatMap((o) => (o.kind === 'existing' ? [[o.streamId, o.eventIds[o.eventIds.length - 1]!] as const] : []));
  if (wanted.length === 0) return new Map();
  const rows = await tx.unsafe<{ stream_id: string; event_id: string; revision: bigint; global_position: bigint }[]>(
    `select stream_id, event_id::text as event_id, revision, global_position from eventlog.events
     where (stream_id, event_id) in (select * from unnest($1::text[], $2::uuid[]))`,
    [wanted.map((w) => w[0]), wanted.map((w) => w[1])] as never[],
    { prepare: false },
  );
  return new Map(
    rows.map((r) => [
      key(r.stream_id, r.event_id),
      { nextExpectedRevision: BigInt(r.revision), position: { commit: BigInt(r.global_position), prepare: BigInt(r.global_position) } },
    ]),
  );
}
