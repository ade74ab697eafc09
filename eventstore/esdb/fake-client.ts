/**
 * Test double of the EventStoreDB client surface the adapter uses (`EsdbClient`), in memory,
 * so the adapter's own logic (hash chain, retries, idempotency, resubscription) runs in unit
 * tests on a machine without a node. Where the adapter depends on it, it behaves as a 24.10
 * node and the 6.2.1 client do (read in their sources; see `rules` below). Nothing here proves
 * the server: `esdb.int.test.ts` runs the same contract against a real node.
 *
 * The server's rules it follows (EventStore/EventStore, src/EventStore.Core):
 * - Positions: every event is its own log record; commit = prepare = the record's log position,
 *   reported the same by readStream, readAll and live subscriptions.
 * - `$all` reads forwards include the record at `fromPosition`; backwards they start before it.
 *   Subscriptions start strictly after it.
 * - `$all` holds system records from start-up ($epoch-information, $settings, users and their
 *   `$>` links, `$$` metadata streams), and tombstones (`$streamDeleted`) written into the
 *   deleted stream itself.
 * - Reads are lazy: StreamNotFoundError / StreamDeletedError come out of the iteration.
 * - Id checks (Services/Storage/ReaderIndex/IndexWriter.cs, CheckCommit): an exact revision
 *   below the current one compares the ids of the events after it (all equal: idempotent; the
 *   first different: WrongExpectedVersion); an exact revision equal to the current one writes
 *   without looking at ids; `any` / `stream_exists` look the first id up in a bounded in-memory
 *   cache of recently committed ids (gone after a restart) and write again when it is not there.
 * - maxAppendSize (Services/Transport/Grpc/Streams.Append.cs) counts the events' data bytes.
 * - Soft delete sets `$tb` to "deleted": the stream reads as missing, an append with no_stream
 *   or any recreates it and its revisions go on from the old last one.
 * - The client (streams/appendToStream/*.js) serialises JSON with JSON.stringify inside
 *   `new Promise(async …)`: a value it drops (a function) is silently dropped; one it throws on
 *   (a bigint) leaves the append pending for ever and rejects a promise nobody holds (recorded
 *   in `unhandled` here, since a real unhandled rejection would end the test run). Without
 *   per-call credentials it takes the batch-append path (`appendPaths` records which).
 * - A live subscription that fails emits `error` only, no `close` (streams/subscribeToAll.js).
 */
import { PassThrough, Readable } from 'node:stream';
import {
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import type { EsdbClient } from './reads.ts';

interface Stored {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: unknown;
  metadata: unknown;
  position: Position;
}

/** What the next appends meet: a cut before or after the commit, a deadline after it, a node not ready yet. */
export type AppendFault =
  'drop-before-commit' | 'drop-after-commit' | 'deadline-after-commit' | 'not-ready';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DELETED = 2n ** 63n - 1n; // EventNumber.DeletedStream
const cmp = (a: Position, b: Position) =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare < b.prepare
      ? -1
      : a.prepare > b.prepare
        ? 1
        : 0;

type ReadOpts = {
  fromRevision?: unknown;
  fromPosition?: unknown;
  direction?: string;
  maxCount?: number | bigint;
  filter?: Filter;
};
type AppendOpts = {
  expectedRevision?: AppendExpectedRevision;
  credentials?: { username: string; password: string };
};

export interface FakeEsdbOptions {
  /** The server's maxAppendSize (bytes of the events' data). */
  maxAppendSize?: number;
  /** How many committed event ids the idempotency cache keeps (the server bounds it by memory). */
  idempotencyWindow?: number;
  /** A log saved by `snapshot()`: the node restarted from its database (in another process, say). */
  snapshot?: string;
}

/** What readStream handed out: calls, and events in all (to hold appends to what they read). */
export interface ReadCounts {
  streamReads: number;
  streamEvents: number;
}

export class FakeEsdbClient implements EsdbClient {
  readonly log: Stored[] = [];
  /** The log by stream, in revision order. */
  private readonly byStream = new Map<string, Stored[]>();
  private nextPosition = 0n;
  private readonly subscribers = new Set<(e: Stored) => void>();
  private readonly live = new Set<PassThrough>();
  private readonly tombstoned = new Set<string>();
  /** Stream → truncate-before ($tb); DELETED for a soft-deleted stream. */
  private readonly truncateBefore = new Map<string, bigint>();
  /** Recently committed ids, oldest first: id → (stream, revision). */
  private idCache = new Map<string, { streamId: string; revision: bigint }>();
  private readonly maxAppendSize: number;
  private readonly idempotencyWindow: number;
  /** Faults met by the next appends, in order (see AppendFault). */
  readonly faults: AppendFault[] = [];
  /** Rejections of the client's own serialisation that nobody can catch (see the header). */
  readonly unhandled: unknown[] = [];
  /** 'append' or 'batch' for each appendToStream call. */
  readonly appendPaths: ('append' | 'batch')[] = [];
  /** Called between reading and writing in appendToStream, to stage races. */
  beforeWrite: ((streamId: string) => Promise<void> | void) | undefined;
  disposed = false;
  readonly reads: ReadCounts = { streamReads: 0, streamEvents: 0 };

  constructor(options: FakeEsdbOptions = {}) {
    this.maxAppendSize = options.maxAppendSize ?? 1024 * 1024;
    this.idempotencyWindow = options.idempotencyWindow ?? 1000;
    if (options.snapshot !== undefined) {
      this.load(options.snapshot);
      return;
    }
    // What a fresh node has written before any client connects.
    this.record('$epoch-information', [sys('$epoch')]);
    this.record('$$$settings', [sys('$metadata')]);
    this.record('$settings', [sys('$settings')]);
    this.record('$user-admin', [sys('$User')]);
    this.record('$users', [sys('$>', '0@$user-admin')]);
    this.record('$$$users', [sys('$metadata')]);
  }

  /** A system record, as the server writes them ($stats, stream metadata...). */
  writeSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    this.record(streamId, [sys(type)]);
  }

  /**
   * The node's database as a string (bigints as strings): a FakeEsdbClient made with it as
   * `snapshot` holds the same log at the same positions, with deletions and truncations, and
   * an empty id cache, as a restarted node does.
   */
  snapshot(): string {
    return JSON.stringify(
      {
        nextPosition: this.nextPosition,
        tombstoned: [...this.tombstoned],
        truncateBefore: [...this.truncateBefore],
        log: this.log.map((e) => [
          e.streamId,
          e.id,
          e.type,
          e.revision,
          e.position.commit,
          e.data,
          e.metadata,
        ]),
      },
      (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v),
    );
  }

  private load(snapshot: string): void {
    const big = (v: string) => BigInt(v.slice(0, -1));
    const saved = JSON.parse(snapshot) as {
      nextPosition: string;
      tombstoned: string[];
      truncateBefore: [string, string][];
      log: [string, string, string, string, string, unknown, unknown][];
    };
    this.nextPosition = big(saved.nextPosition);
    for (const t of saved.tombstoned) this.tombstoned.add(t);
    for (const [streamId, tb] of saved.truncateBefore) this.truncateBefore.set(streamId, big(tb));
    for (const [streamId, id, type, revision, commit, data, metadata] of saved.log) {
      const e: Stored = {
        streamId,
        id,
        type,
        revision: big(revision),
        data,
        metadata: metadata ?? undefined,
        position: { commit: big(commit), prepare: big(commit) },
      };
      this.log.push(e);
      this.byStreamOf(streamId).push(e);
    }
  }

  /** Fails every live subscription, as a node restart or network cut would. */
  dropSubscriptions(): void {
    for (const s of this.live) s.destroy(new UnavailableError(undefined, 'connection reset'));
    this.live.clear();
  }

  /** A node restart: connections cut, the idempotency cache empty. The log stays. */
  restart(): void {
    this.dropSubscriptions();
    this.idCache = new Map();
  }

  /** deleteStream (soft): reads as missing, revisions go on when appended to again. */
  softDelete(streamId: string): void {
    this.truncateBefore.set(streamId, DELETED);
    this.record(`$$${streamId}`, [
      {
        id: crypto.randomUUID(),
        type: '$metadata',
        data: { $tb: Number.MAX_SAFE_INTEGER },
        metadata: undefined,
      },
    ]);
  }

  /** tombstoneStream: gone for good; the tombstone record stays in $all. */
  tombstone(streamId: string): void {
    this.record(streamId, [sys('$streamDeleted')]);
    this.tombstoned.add(streamId);
  }

  /** setStreamMetadata with `$tb`, or the effect of `$maxCount` after a scavenge: older events vanish from reads. */
  truncate(streamId: string, before: bigint): void {
    this.truncateBefore.set(streamId, before);
    this.record(`$$${streamId}`, [
      {
        id: crypto.randomUUID(),
        type: '$metadata',
        data: { $tb: Number(before) },
        metadata: undefined,
      },
    ]);
  }

  private streamEvents(streamId: string): readonly Stored[] {
    return this.byStream.get(streamId) ?? [];
  }

  private byStreamOf(streamId: string): Stored[] {
    let events = this.byStream.get(streamId);
    if (!events) this.byStream.set(streamId, (events = []));
    return events;
  }

  private visible(streamId: string): Stored[] {
    const tb = this.truncateBefore.get(streamId) ?? 0n;
    return this.streamEvents(streamId).filter((e) => e.revision >= tb);
  }

  private record(
    streamId: string,
    events: { id: string; type: string; data: unknown; metadata: unknown }[],
  ): Stored[] {
    const existing = this.streamEvents(streamId);
    const first = existing.length === 0 ? 0n : existing[existing.length - 1]!.revision + 1n;
    const out = events.map((e, i) => {
      const position = { commit: this.nextPosition, prepare: this.nextPosition };
      this.nextPosition += 64n + BigInt(JSON.stringify(e.data ?? null).length);
      return {
        streamId,
        id: e.id.toLowerCase(),
        type: e.type,
        revision: first + BigInt(i),
        data: e.data,
        metadata: e.metadata,
        position,
      };
    });
    this.log.push(...out);
    this.byStreamOf(streamId).push(...out);
    for (const e of out) {
      this.idCache.delete(e.id);
      this.idCache.set(e.id, { streamId, revision: e.revision });
      if (this.idCache.size > this.idempotencyWindow)
        this.idCache.delete(this.idCache.keys().next().value!);
    }
    for (const e of out) for (const s of this.subscribers) s(e);
    return out;
  }

  appendToStream = ((
    streamId: string,
    events: EventData | EventData[],
    options: AppendOpts = {},
  ) => {
    const list = Array.isArray(events) ? events : [events];
    this.appendPaths.push(options.credentials ? 'append' : 'batch');
    const outer = new Promise<AppendResult>((resolve, reject) => {
      // As the client does: serialising inside an async executor, whose own rejection nobody holds.
      const executor = async () => {
        const serialised = list.map((e) => ({
          id: e.id,
          type: e.type,
          data: JSON.stringify(e.data),
          metadata: e.metadata === undefined ? undefined : JSON.stringify(e.metadata),
        }));
        try {
          resolve(await this.commitAppend(streamId, serialised, options.expectedRevision ?? 'any'));
        } catch (e) {
          reject(e);
        }
      };
      executor().catch((e: unknown) => this.unhandled.push(e));
    });
    return outer;
  }) as unknown as EsdbClient['appendToStream'];

  private async commitAppend(
    streamId: string,
    list: { id: string; type: string; data: string; metadata: string | undefined }[],
    expected: AppendExpectedRevision,
  ): Promise<AppendResult> {
    for (const e of list) if (!UUID.test(e.id)) throw new Error(`invalid UUID ${e.id}`);
    const size = list.reduce((n, e) => n + Buffer.byteLength(e.data), 0);
    if (size > this.maxAppendSize)
      throw new MaxAppendSizeExceededError(undefined, this.maxAppendSize);
    const fault = this.faults.shift();
    if (fault === 'not-ready') throw new UnavailableError(undefined, 'Server Is Not Ready');
    if (fault === 'drop-before-commit') throw new UnavailableError(undefined, 'connection reset');
    await this.beforeWrite?.(streamId);
    await new Promise((r) => setImmediate(r));
    if (this.tombstoned.has(streamId)) throw new StreamDeletedError(undefined, streamId);
    const all = this.streamEvents(streamId);
    const last = all.length === 0 ? -1n : all[all.length - 1]!.revision;
    const softDeleted = this.truncateBefore.get(streamId) === DELETED;
    const current = last < 0n ? 'no_stream' : last;
    const wrong = () =>
      new WrongExpectedVersionError(undefined, { streamName: streamId, current, expected });
    const ids = list.map((e) => e.id.toLowerCase());

    const idempotent = (revision: bigint): AppendResult => {
      const original = all.find((e) => e.revision === revision)!;
      return { success: true, nextExpectedRevision: revision, position: original.position };
    };
    if (expected === 'any' || expected === 'stream_exists') {
      if (expected === 'stream_exists' && (last < 0n || softDeleted)) throw wrong();
      const cached = ids.map((id) => this.idCache.get(id));
      if (cached[0]?.streamId === streamId) {
        if (cached.every((c) => c?.streamId === streamId))
          return idempotent(cached[cached.length - 1]!.revision);
        throw wrong(); // CorruptedIdempotency is answered as a wrong expected version
      }
    } else {
      const exact = expected === 'no_stream' ? -1n : expected;
      if (!(softDeleted && (expected === 'no_stream' || exact === last))) {
        if (exact > last) throw wrong();
        if (exact < last) {
          const after = all.filter((e) => e.revision > exact).slice(0, ids.length);
          if (after.length === ids.length && after.every((e, i) => e.id === ids[i]))
            return idempotent(after[after.length - 1]!.revision);
          throw wrong();
        }
      }
    }

    const written = this.record(
      streamId,
      list.map((e) => ({
        id: e.id,
        type: e.type,
        data: JSON.parse(e.data) as unknown,
        metadata: e.metadata === undefined ? undefined : JSON.parse(e.metadata),
      })),
    );
    if (softDeleted) this.truncate(streamId, written[0]!.revision);
    const lastWritten = written[written.length - 1]!;
    if (fault === 'drop-after-commit') throw new UnavailableError(undefined, 'connection reset');
    if (fault === 'deadline-after-commit')
      throw new DeadlineExceededError(undefined, 'Deadline exceeded');
    return {
      success: true,
      nextExpectedRevision: lastWritten.revision,
      position: lastWritten.position,
    };
  }

  readStream = ((streamId: string, o: ReadOpts = {}) =>
    lazily(() => {
      if (this.tombstoned.has(streamId)) throw new StreamDeletedError(undefined, streamId);
      const events = this.visible(streamId);
      if (events.length === 0) throw new StreamNotFoundError(undefined, streamId);
      const backwards = o.direction === 'backwards';
      const lastRevision = events[events.length - 1]!.revision;
      const from =
        o.fromRevision === 'end'
          ? lastRevision
          : o.fromRevision === 'start' || o.fromRevision === undefined
            ? backwards
              ? -1n
              : 0n
            : (o.fromRevision as bigint);
      const picked = backwards
        ? events.filter((e) => e.revision <= from).reverse()
        : events.filter((e) => e.revision >= from);
      const out = picked.slice(0, Number(o.maxCount ?? Number.MAX_SAFE_INTEGER)).map(resolved);
      this.reads.streamReads++;
      this.reads.streamEvents += out.length;
      return out;
    })) as unknown as EsdbClient['readStream'];

  readAll = ((o: ReadOpts = {}) =>
    lazily(() => {
      const backwards = o.direction === 'backwards';
      const at = o.fromPosition;
      let picked: Stored[];
      if (at === 'start' || at === undefined) picked = backwards ? [] : [...this.log];
      else if (at === 'end') picked = backwards ? [...this.log].reverse() : [];
      // Forwards from a position includes it; backwards starts before it.
      else
        picked = backwards
          ? this.log.filter((e) => cmp(e.position, at as Position) < 0).reverse()
          : this.log.filter((e) => cmp(e.position, at as Position) >= 0);
      return picked.slice(0, Number(o.maxCount ?? Number.MAX_SAFE_INTEGER)).map(resolved);
    })) as unknown as EsdbClient['readAll'];

  subscribeToAll = ((o: ReadOpts = {}) => {
    const at = o.fromPosition;
    const regex = o.filter && 'regex' in o.filter ? new RegExp(o.filter.regex) : undefined;
    const passes = (e: Stored) => !regex || regex.test(e.type);
    // emitClose: false: a failed subscription of the real client emits `error` and nothing else.
    const out = new PassThrough({ objectMode: true, highWaterMark: 1 << 20, emitClose: false });
    const deliver = (e: Stored) => {
      if (!out.destroyed && passes(e)) out.write(resolved(e));
    };
    setImmediate(() => {
      if (out.destroyed) return;
      // Exclusive `from`, as the server documents for subscriptions.
      const backlog =
        at === 'end'
          ? []
          : at === 'start' || at === undefined
            ? [...this.log]
            : this.log.filter((e) => cmp(e.position, at as Position) > 0);
      for (const e of backlog) deliver(e);
      this.subscribers.add(deliver);
    });
    this.live.add(out);
    const unsubscribe = async () => {
      this.subscribers.delete(deliver);
      this.live.delete(out);
      out.end();
    };
    out.on('error', () => this.subscribers.delete(deliver));
    return Object.assign(out, { unsubscribe });
  }) as unknown as EsdbClient['subscribeToAll'];

  dispose = async () => {
    this.disposed = true;
    for (const s of this.live) s.end();
  };
}

function sys(type: string, data: unknown = {}) {
  return { id: crypto.randomUUID(), type, data, metadata: undefined };
}

function resolved(e: Stored): AllStreamResolvedEvent {
  const isJson = typeof e.data === 'object' && e.data !== null;
  return {
    event: {
      streamId: e.streamId,
      id: e.id,
      revision: e.revision,
      type: e.type,
      data: (isJson ? e.data : new TextEncoder().encode(String(e.data))) as Record<string, unknown>,
      metadata: (e.metadata ?? new Uint8Array()) as Record<string, unknown>,
      isJson,
      created: new Date(0),
      position: e.position,
    } as AllStreamResolvedEvent['event'],
    commitPosition: e.position.commit,
  };
}

/** A read whose result (or error) is computed when iteration starts, as the client's are. */
function lazily(compute: () => unknown[]) {
  let items: unknown[] | undefined;
  const r = new Readable({
    objectMode: true,
    read() {
      try {
        items ??= compute();
      } catch (error) {
        this.destroy(error as Error);
        return;
      }
      this.push(items.length > 0 ? items.shift() : null);
    },
  });
  return Object.assign(r, { cancel: async () => {} });
}
