/**
 * The event store port. Two adapters implement it (Postgres log, EventStoreDB) and one
 * contract suite (`contract.ts`) holds both to the same behaviour. Nothing here knows the business.
 */

/** A place in the global order. Postgres uses one number for both parts; EventStoreDB has two. */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/** Who did it and why: carried by every event (DESIGN rule 4). */
export interface EventMetadata {
  tenantId: string;
  actor: Actor;
  commandId: string;
  correlationId: string;
  causationId: string;
  /** ISO-8601 instant, from the command's clock. */
  occurredAt: string;
  schemaVersion: number;
  /** Hash of the command's input, so a reused commandId with other input is refused. */
  commandHash?: string;
  [key: string]: unknown;
}

export interface Actor {
  userId: string;
  role: string;
  /** The admin acting as this user, if any. */
  impersonatorId?: string;
}

export interface NewEvent {
  /** UUID; the same id appended twice to one stream is one event. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  /** 0-based revision within the stream. */
  revision: bigint;
  position: Position;
  /** sha256(previous hash ‖ canonical event), hex; see hash.ts. */
  hash: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: bigint;
  /** Position of the last appended event (or of the original ones on an idempotent retry). */
  position: Position;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the start. */
  from?: Position;
  maxCount?: number;
}

export interface TypedReadOptions {
  /** Exclusive, as in readAll. */
  from: Position;
  /** How many events of the log to read at most, of any type. */
  maxCount: number;
  /** The types to return; events of other types are read past. */
  types: readonly string[];
  /** Inclusive: read no further than this position. */
  until?: Position;
}

/** One step of a filtered read of the log. */
export interface TypedBatch {
  /** The events read that have one of the asked types, in global order. */
  events: RecordedEvent[];
  /** How many events of the log were read, of any type. */
  read: number;
  /** Position of the last event read, of any type (`from` when none was: the head). */
  end: Position;
}

/** Batches of events in global order, starting after `from`; ends only when closed. */
export interface Subscription extends AsyncIterable<RecordedEvent[]> {
  close(): Promise<void>;
}

export interface EventStore {
  readonly kind: 'postgres' | 'eventstoredb';
  append(
    streamId: string,
    events: NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Events of one stream from `fromRevision` (inclusive); [] when the stream does not exist. */
  readStream(streamId: string, fromRevision?: bigint): Promise<RecordedEvent[]>;
  /** Events of all streams in global order, never skipping one that commits late. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * readAll for rebuilds, where an adapter can do better (the Postgres log): only events of the
   * given types travel, and `end` says how far the log was read, so a checkpoint can move past
   * the events skipped.
   */
  readAllOfTypes?(options: TypedReadOptions): Promise<TypedBatch>;
  subscribe(options?: { from?: Position; batchSize?: number }): Subscription;
  /** Position of the newest committed event (readers reach it once older transactions end), or START when empty. */
  headPosition(): Promise<Position>;
  /** Checks the store can be reached (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export const positionToString = (p: Position): string =>
  p.commit === p.prepare ? `${p.commit}` : `${p.commit}/${p.prepare}`;

export function parsePosition(s: string): Position {
  const [c, p = c] = s.split('/');
  if (!c || !/^-?\d+$/.test(c) || !/^-?\d+$/.test(p!)) throw new Error(`not a position: ${s}`);
  return { commit: BigInt(c), prepare: BigInt(p!) };
}

/** The expected revision did not hold; reload and decide again (DESIGN rule 6). */
export class WrongExpectedRevision extends Error {
  override readonly name = 'WrongExpectedRevision';
  readonly code = 'ES_WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** Some but not all of an append's event ids are already in the stream: not a clean retry. */
export class EventIdConflict extends Error {
  override readonly name = 'EventIdConflict';
  readonly code = 'ES_EVENT_ID_CONFLICT';
  constructor(readonly streamId: string) {
    super(`stream ${streamId}: an append reuses some, but not all, event ids already written`);
  }
}

/**
 * The most one append may carry: the UTF-8 bytes of every event's data and metadata as JSON.
 * EventStoreDB refuses appends above its `maxAppendSize` (1 MiB by default, counted on the
 * events' bytes) and one append cannot be split there without losing its atomicity, so both
 * adapters refuse the same appends, before writing anything.
 */
export const MAX_APPEND_BYTES = 1024 * 1024;

/** An event holds a value JSON cannot carry (function, symbol, bigint, NaN, ...): it would not read back as written, nor hash the same. */
export class UnserialisableEvent extends Error {
  override readonly name = 'UnserialisableEvent';
  readonly code = 'ES_UNSERIALISABLE_EVENT';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    /** Where in the event, e.g. `data.amount` or `metadata.actor.userId`. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `stream ${streamId}: event ${eventId} holds ${reason} at ${path}, which JSON cannot carry`,
    );
  }
}

/** An append above MAX_APPEND_BYTES: nothing was written; split it into separate decisions. */
export class AppendTooLarge extends Error {
  override readonly name = 'AppendTooLarge';
  readonly code = 'ES_APPEND_TOO_LARGE';
  constructor(
    readonly streamId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`stream ${streamId}: an append of ${bytes} bytes is above the limit of ${limit}`);
  }
}

/**
 * The stream was deleted, tombstoned or truncated in the store (an operator's doing: the
 * application never deletes). Its hash chain cannot continue; see README "Event streams".
 */
export class StreamDeleted extends Error {
  override readonly name = 'StreamDeleted';
  readonly code = 'ES_STREAM_DELETED';
  constructor(
    readonly streamId: string,
    readonly how: 'tombstoned' | 'deleted' | 'truncated',
  ) {
    super(
      `stream ${streamId} was ${how} in the event store; it cannot be read or appended to as a whole`,
    );
  }
}

/**
 * The store did not answer for longer than the adapter waits (a node down or restarting, a
 * connection cut that lasted, deadlines passing). An append may or may not have committed:
 * send it again with the same event ids (a command: the same commandId), which is a no-op if it
 * did. The client's own error is the `cause`.
 */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
  readonly code = 'ES_UNAVAILABLE';
  constructor(
    readonly streamId: string | null,
    cause: unknown,
  ) {
    super(
      `the event store did not answer${streamId ? ` (stream ${streamId})` : ''}: ${(cause as Error)?.message ?? String(cause)}; try again`,
      { cause },
    );
  }
}
