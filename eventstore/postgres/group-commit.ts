import type { Sql } from 'postgres';
import { canonicalJson, digestOfCanonical, hashedMetadata } from '../hash.ts';
import {
  EventIdConflict,
  WrongExpectedRevision,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
} from '../types.ts';

interface PendingAppend {
  streamId: string;
  expected: ExpectedRevision;
  /** Prepared when the append arrives, so a group's commit only serialises arrays. */
  ids: string[];
  types: string[];
  data: string[];
  metadata: string[];
  digests: string[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 256;
/**
 * Group commits in flight at once. Their event-writing parts are serialised in the database by
 * the append lock (see eventlog.append_batch: ordering positions by xid instead would not help,
 * because a group can take its xid on one stream's lock and then wait on another's); the lock is
 * released before the commit, so one group writes while the one before waits for its WAL flush
 * and the next has its statement at the server, waiting for the lock.
 */
const MAX_IN_FLIGHT = 3;

const EXPECTED_CODE = { no_stream: -1n, any: -2n, stream_exists: -3n } as const;

/**
 * Group commit: appends that arrive while commits are in flight are gathered into the next
 * transaction. Each append is still checked against its own expected revision, in arrival
 * order, and fails alone; a batch that fails as a whole is retried one append at a time so one
 * bad append cannot sink its neighbours. A group is one statement (`eventlog.append_batch`):
 * one round trip, committed when it returns.
 */
export class GroupCommitter {
  private queue: PendingAppend[] = [];
  private inFlight = 0;

  constructor(
    private readonly sql: Sql,
    /** Called after a commit that wrote events (wakes subscribers). */
    private readonly written: () => void,
  ) {}

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const pending: PendingAppend = {
        streamId,
        expected,
        ids: [],
        types: [],
        data: [],
        metadata: [],
        digests: [],
        resolve,
        reject,
      };
      for (const event of events) {
        const data = canonicalJson(event.data);
        const metadata = canonicalJson(event.metadata);
        const hashed =
          'hash' in event.metadata ? canonicalJson(hashedMetadata(event.metadata)) : metadata;
        pending.ids.push(event.id);
        pending.types.push(event.type);
        pending.data.push(data);
        pending.metadata.push(metadata);
        pending.digests.push(digestOfCanonical(streamId, event.id, event.type, data, hashed));
      }
      this.queue.push(pending);
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
      else
        for (const p of batch)
          await this.commit([p]).catch((e: unknown) => p.reject(asStoreError(e, p.streamId)));
    }
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    const flat = (pick: (p: PendingAppend) => string[]) => batch.flatMap(pick);
    const answers = await this.sql<
      { r_status: string; r_revision: bigint | null; r_position: bigint | null }[]
    >`
      select * from eventlog.append_batch(
        ${batch.map((p) => p.streamId)}::text[],
        ${batch.map((p) => (typeof p.expected === 'bigint' ? p.expected : EXPECTED_CODE[p.expected]).toString())}::bigint[],
        ${batch.map((p) => p.ids.length)}::int[],
        ${flat((p) => p.ids)}::uuid[], ${flat((p) => p.types)}::text[],
        ${flat((p) => p.data)}::text[]::jsonb[], ${flat((p) => p.metadata)}::text[]::jsonb[],
        ${flat((p) => p.digests)}::text[])`;
    if (answers.some((a) => a.r_status === 'written')) this.written();
    batch.forEach((p, i) => {
      const a = answers[i]!;
      if (a.r_status === 'written' || a.r_status === 'existing') {
        const position = BigInt(a.r_position!);
        p.resolve({
          nextExpectedRevision: BigInt(a.r_revision!),
          position: { commit: position, prepare: position },
        });
      } else if (a.r_status === 'wrong') {
        const actual = BigInt(a.r_revision!);
        p.reject(
          new WrongExpectedRevision(p.streamId, p.expected, actual < 0n ? 'no_stream' : actual),
        );
      } else p.reject(new EventIdConflict(p.streamId));
    });
  }
}

/** A reused event id that slipped past the checks hits UNIQUE(stream_id, event_id): say so plainly. */
function asStoreError(error: unknown, streamId: string): unknown {
  const e = error as { code?: string; constraint_name?: string };
  return e?.code === '23505' && e.constraint_name?.includes('event_id')
    ? new EventIdConflict(streamId)
    : error;
}
