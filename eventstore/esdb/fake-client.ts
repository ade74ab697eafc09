/**
 * Test double of the EventStoreDB client surface the adapter uses (`EsdbClient`), in memory,
 * so the adapter's own logic (hash chain, retries, idempotency, resubscription) runs in unit
 * tests on a machine without a node. It encodes our reading of the server's behaviour —
 * inclusive readAll `from`, exclusive subscription `from`, lower-case UUIDs, one commit
 * position per append — which only `esdb.int.test.ts` against a real node can confirm.
 */
import { PassThrough, Readable } from 'node:stream';
import {
  StreamNotFoundError,
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cmp = (a: Position, b: Position) => (a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0);
const json = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

type ReadOpts = { fromRevision?: unknown; fromPosition?: unknown; direction?: string; maxCount?: number | bigint; filter?: Filter };

export class FakeEsdbClient implements EsdbClient {
  readonly log: Stored[] = [];
  private next = 1000n;
  private readonly subscribers = new Set<(e: Stored) => void>();
  private readonly live = new Set<PassThrough>();
  /** Called between reading and writing in appendToStream, to stage races. */
  beforeWrite: ((streamId: string) => Promise<void> | void) | undefined;
  disposed = false;

  /** A system record, as the server writes them ($stats, stream metadata...). */
  writeSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    this.record(streamId, [{ id: crypto.randomUUID(), type, data: {}, metadata: undefined }]);
  }

  /** Fails every live subscription, as a node restart or network cut would. */
  dropSubscriptions(): void {
    for (const s of this.live) s.destroy(new Error('connection reset'));
    this.live.clear();
  }

  private streamEvents(streamId: string): Stored[] {
    return this.log.filter((e) => e.streamId === streamId);
  }

  private record(streamId: string, events: { id: string; type: string; data: unknown; metadata: unknown }[]): Stored[] {
    const first = this.streamEvents(streamId).length;
    // One append shares a commit position; each event has its own prepare position.
    const commit = this.next;
    const out = events.map((e, i) => {
      const prepare = this.next;
      this.next += 100n;
      return { streamId, id: e.id.toLowerCase(), type: e.type, revision: BigInt(first + i), data: json(e.data), metadata: json(e.metadata), position: { commit, prepare } };
    });
    this.log.push(...out);
    for (const e of out) for (const s of this.subscribers) s(e);
    return out;
  }

  appendToStream = (async (streamId: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}) => {
    const list = Array.isArray(events) ? events : [events];
    for (const e of list) if (!UUID.test(e.id)) throw new Error(`invalid UUID ${e.id}`);
    await this.beforeWrite?.(streamId);
    await new Promise((r) => setImmediate(r));
    const existing = this.streamEvents(streamId);
    const current = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
    const expected = options.expectedRevision ?? 'any';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: streamId, current, expected });
    const written = this.record(streamId, list.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })));
    const last = written[written.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position } satisfies AppendResult;
  }) as unknown as EsdbClient['appendToStream'];

  readStream = ((streamId: string, o: ReadOpts = {}) => {
    const events = this.streamEvents(streamId);
    if (events.length === 0) return failing(new StreamNotFoundError(undefined, streamId));
    const backwards = o.direction === 'backwards';
    const from = o.fromRevision === 'end' ? BigInt(events.length - 1) : o.fromRevision === 'start' || o.fromRevision === undefined ? 0n : (o.fromRevision as bigint);
    let picked = backwards ? events.filter((e) => e.revision <= from).reverse() : events.filter((e) => e.revision >= from);
    picked = picked.slice(0, Number(o.maxCount ?? Number.MAX_SAFE_INTEGER));
    return reading(picked.map(resolved));
  }) as unknown as EsdbClient['readStream'];

  readAll = ((o: ReadOpts = {}) => {
    const backwards = o.direction === 'backwards';
    const at = o.fromPosition;
    let picked: Stored[];
    if (at === 'start' || at === undefined) picked = backwards ? [] : [...this.log];
    else if (at === 'end') picked = backwards ? [...this.log].reverse() : [];
    // From a position: inclusive, in both directions.
    else picked = backwards ? this.log.filter((e) => cmp(e.position, at as Position) <= 0).reverse() : this.log.filter((e) => cmp(e.position, at as Position) >= 0);
    return reading(picked.slice(0, Number(o.maxCount ?? Number.MAX_SAFE_INTEGER)).map(resolved));
  }) as unknown as EsdbClient['readAll'];

  subscribeToAll = ((o: ReadOpts = {}) => {
    const at = o.fromPosition;
    const regex = o.filter && 'regex' in o.filter ? new RegExp(o.filter.regex) : undefined;
    const passes = (e: Stored) => !regex || regex.test(e.type);
    const out = new PassThrough({ objectMode: true, highWaterMark: 1 << 20 });
    const deliver = (e: Stored) => {
      if (!out.destroyed && passes(e)) out.write(resolved(e));
    };
    setImmediate(() => {
      // Exclusive `from`, as the server documents for subscriptions.
      const backlog = at === 'end' ? [] : at === 'start' || at === undefined ? [...this.log] : this.log.filter((e) => cmp(e.position, at as Position) > 0);
      for (const e of backlog) deliver(e);
      this.subscribers.add(deliver);
    });
    this.live.add(out);
    const unsubscribe = async () => {
      this.subscribers.delete(deliver);
      this.live.delete(out);
      out.end();
    };
    out.on('close', () => this.subscribers.delete(deliver));
    return Object.assign(out, { unsubscribe });
  }) as unknown as EsdbClient['subscribeToAll'];

  dispose = async () => {
    this.disposed = true;
    for (const s of this.live) s.end();
  };
}

function resolved(e: Stored): AllStreamResolvedEvent {
  return {
    event: {
      streamId: e.streamId,
      id: e.id,
      revision: e.revision,
      type: e.type,
      data: e.data as Record<string, unknown>,
      metadata: e.metadata as Record<string, unknown>,
      isJson: true,
      created: new Date(0),
      position: e.position,
    },
    commitPosition: e.position.commit,
  };
}

function reading(items: unknown[]) {
  return Object.assign(Readable.from(items, { objectMode: true }), { cancel: async () => {} });
}

function failing(error: Error) {
  const r = new Readable({
    objectMode: true,
    read() {
      this.destroy(error);
    },
  });
  return Object.assign(r, { cancel: async () => {} });
}
