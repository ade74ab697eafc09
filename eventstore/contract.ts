import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from './hash.ts';
import {
  AppendTooLarge,
  comparePositions,
  EventIdConflict,
  MAX_APPEND_BYTES,
  UnserialisableEvent,
  START,
  WrongExpectedRevision,
  type EventStore,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from './types.ts';

export interface ContractHarness {
  name: string;
  create(): Promise<EventStore>;
  /**
   * Opens a transaction that writes one event to `streamId` and holds it open until
   * `commit()`: the event gets an earlier position than appends made meanwhile.
   * Only stores with interleaved transactions (the Postgres log) provide it.
   */
  lateCommit?: (
    store: EventStore,
    streamId: string,
    event: NewEvent,
  ) => Promise<{ commit(): Promise<void> }>;
}

export function newEvent(type = 'SomethingHappened', data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data: { ...data, note: 'ünïcødé ₹ "quoted"' },
    metadata: {
      tenantId: 'tenant-test',
      actor: { userId: 'u1', role: 'customer' },
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt: '2026-04-01T10:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

const stream = (p: string) => `${p}-${randomUUID()}`;

/** Collects subscription batches until `until` holds for what was collected. */
async function collect(
  store: EventStore,
  from: Position,
  until: (seen: RecordedEvent[]) => boolean,
): Promise<RecordedEvent[]> {
  const sub = store.subscribe({ from, batchSize: 50 });
  const seen: RecordedEvent[] = [];
  const timeout = setTimeout(() => void sub.close(), 30_000);
  for await (const batch of sub) {
    seen.push(...batch);
    if (until(seen)) break;
  }
  clearTimeout(timeout);
  await sub.close();
  return seen;
}

/** An append that never settles (a client that lost it) fails the test instead of hanging it. */
function bounded<T>(p: Promise<T>, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`append did not settle within ${ms} ms`)), ms)),
  );
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The behaviour every event store adapter must have. */
export function eventStoreContract(h: ContractHarness): void {
  describe(`event store contract: ${h.name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await h.create();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('appends to a new stream and reads it back with revisions, metadata and a verifiable chain', async () => {
      const s = stream('wallet');
      const events = [
        newEvent('A', { n: 1 }),
        newEvent('B', { n: 2 }),
        newEvent('C', { nested: { b: 1, a: [1, 2] } }),
      ];
      const result = await store.append(s, events, 'no_stream');
      expect(result.nextExpectedRevision).toBe(2n);
      const read = await store.readStream(s);
      expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(read.map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect(read[2]!.data).toEqual(events[2]!.data);
      expect(read[0]!.metadata).toEqual(events[0]!.metadata);
      expect(comparePositions(read[2]!.position, result.position)).toBe(0);
      expect(verifyChain(read)).toBeNull();
      expect(await store.readStream(s, 1n)).toHaveLength(2);
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('checks expected revisions: no_stream, stream_exists, exact and any', async () => {
      const s = stream('orders');
      await expect(store.append(s, [newEvent()], 'stream_exists')).rejects.toBeInstanceOf(
        WrongExpectedRevision,
      );
      await expect(store.append(s, [newEvent()], 3n)).rejects.toBeInstanceOf(WrongExpectedRevision);
      await store.append(s, [newEvent()], 'no_stream');
      const conflict = await store.append(s, [newEvent()], 'no_stream').catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(WrongExpectedRevision);
      expect((conflict as WrongExpectedRevision).actual).toBe(0n);
      await expect(store.append(s, [newEvent()], 5n)).rejects.toBeInstanceOf(WrongExpectedRevision);
      await store.append(s, [newEvent()], 0n);
      await store.append(s, [newEvent()], 'stream_exists');
      await store.append(s, [newEvent()], 'any');
      const read = await store.readStream(s);
      expect(read).toHaveLength(4);
      expect(verifyChain(read)).toBeNull();
    });

    it('treats a retried append (same event ids) as a no-op returning the first answer', async () => {
      const s = stream('topup');
      const events = [newEvent('X'), newEvent('Y')];
      const first = await store.append(s, events, 'no_stream');
      const again = await store.append(s, events, 'no_stream');
      expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
      expect(comparePositions(again.position, first.position)).toBe(0);
      expect(await store.readStream(s)).toHaveLength(2);
      await expect(store.append(s, [events[0]!, newEvent('Z')], 1n)).rejects.toBeInstanceOf(
        EventIdConflict,
      );
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('treats a retry as a no-op whatever its expected revision, however many events came after', async () => {
      // On EventStoreDB the adapter, not the node, must see this: with an exact revision that is
      // current a node writes without comparing ids, and its id cache for `any` is bounded and
      // lost on restart (EventStore/EventStore src/EventStore.Core/Services/Storage/ReaderIndex/IndexWriter.cs, CheckCommit).
      const s = stream('retry');
      const mine = [newEvent('Mine', { i: 0 }), newEvent('Mine', { i: 1 })];
      const first = await store.append(s, mine, 'any');
      for (let i = 0; i < 40; i++) await store.append(s, [newEvent('Other', { i })], 'any');
      const head = 41n;
      for (const expected of ['any', 'stream_exists', 'no_stream', 0n, head] as const) {
        const again = await store.append(s, mine, expected);
        expect(again.nextExpectedRevision, `retry with ${String(expected)}`).toBe(
          first.nextExpectedRevision,
        );
        expect(comparePositions(again.position, first.position)).toBe(0);
      }
      expect(await store.append(s, [mine[1]!], head)).toEqual(first);
      const read = await store.readStream(s);
      expect(read).toHaveLength(42);
      expect(verifyChain(read)).toBeNull();
    });

    it('refuses values JSON cannot carry, writing nothing, and drops keys that are undefined', async () => {
      const s = stream('json');
      const cases: [string, Record<string, unknown>][] = [
        ['a function', { f: () => 1 }],
        ['a bigint', { amount: 10n }],
        ['NaN', { n: Number.NaN }],
        ['Infinity', { n: Number.POSITIVE_INFINITY }],
        ['a symbol', { s: Symbol('x') }],
        ['undefined in an array', { list: [1, undefined] }],
        ['a Map', { m: new Map([['a', 1]]) }],
      ];
      for (const [what, data] of cases) {
        const refused = await bounded(
          store.append(s, [newEvent('Bad', { nested: data })], 'any').catch((e: unknown) => e),
        );
        expect(refused, what).toBeInstanceOf(UnserialisableEvent);
        expect((refused as UnserialisableEvent).path, what).toMatch(/^data\.nested\./);
      }
      const badMetadata = newEvent('Bad');
      (badMetadata.metadata as Record<string, unknown>).at = 1n;
      await expect(
        bounded(store.append(s, [newEvent('Good'), badMetadata], 'any')),
      ).rejects.toMatchObject({ code: 'ES_UNSERIALISABLE_EVENT', path: 'metadata.at' });
      expect(await store.readStream(s)).toEqual([]);
      // An optional field written as undefined is absent, in JSON and in the hashed form alike.
      const optional = newEvent('Optional', {
        note2: undefined,
        when: new Date('2026-04-01T00:00:00Z'),
      });
      await store.append(s, [optional], 'no_stream');
      const [read] = await store.readStream(s);
      expect(read!.data).toEqual({ note: optional.data.note, when: '2026-04-01T00:00:00.000Z' });
      expect(verifyChain([read!])).toBeNull();
    });

    it('refuses an append above MAX_APPEND_BYTES whole, and takes a large one below it', async () => {
      // EventStoreDB's maxAppendSize defaults to 1 MiB of event data (Streams.Append.cs); one
      // append cannot be split without losing its atomicity, so both adapters refuse it.
      const s = stream('large');
      const half = 'x'.repeat(MAX_APPEND_BYTES / 2);
      const refused = await bounded(
        store
          .append(s, [newEvent('Big', { half }), newEvent('Big', { half })], 'no_stream')
          .catch((e: unknown) => e),
      );
      expect(refused).toBeInstanceOf(AppendTooLarge);
      expect((refused as AppendTooLarge).limit).toBe(MAX_APPEND_BYTES);
      expect(await store.readStream(s)).toEqual([]);
      const large = newEvent('Large', { blob: 'y'.repeat(600 * 1024) });
      await store.append(s, [large], 'no_stream');
      const read = await store.readStream(s);
      expect(read[0]!.data).toEqual(large.data);
      expect(verifyChain(read)).toBeNull();
    });

    it('lets exactly one of many concurrent appends at the same revision win', async () => {
      const s = stream('hot');
      await store.append(s, [newEvent()], 'no_stream');
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => store.append(s, [newEvent()], 0n)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevision);
      expect(verifyChain(await store.readStream(s))).toBeNull();
    });

    it('reads all streams in one global order while many writers commit', async () => {
      const head = await store.headPosition();
      const writers = 16;
      const perWriter = 12;
      const streams = Array.from({ length: writers }, () => stream('many'));
      await Promise.all(
        streams.map(async (s) => {
          for (let i = 0; i < perWriter; i++)
            await store.append(s, [newEvent('N', { i })], i === 0 ? 'no_stream' : BigInt(i - 1));
        }),
      );
      const mine = new Set(streams);
      const seen: RecordedEvent[] = [];
      let from = head;
      for (;;) {
        const batch = await store.readAll({ from, maxCount: 37 });
        if (batch.length === 0) break;
        seen.push(...batch);
        from = batch[batch.length - 1]!.position;
      }
      for (let i = 1; i < seen.length; i++)
        expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBe(-1);
      const ours = seen.filter((e) => mine.has(e.streamId));
      expect(ours).toHaveLength(writers * perWriter);
      for (const s of streams) {
        expect(ours.filter((e) => e.streamId === s).map((e) => Number(e.data.i))).toEqual([
          ...Array(perWriter).keys(),
        ]);
      }
      expect(comparePositions(await store.headPosition(), seen[seen.length - 1]!.position)).toBe(0);
    });

    it.skipIf(!h.lateCommit)('never skips an event whose transaction commits late', async () => {
      const head = await store.headPosition();
      const lateStream = stream('late');
      const lateEvent = newEvent('Late');
      const held = await h.lateCommit!(store, lateStream, lateEvent);
      const others = Array.from({ length: 10 }, () => stream('after'));
      await Promise.all(others.map((s) => store.append(s, [newEvent('After')], 'no_stream')));
      // Readers must not run past the open transaction's position while it is open.
      const before = await store.readAll({ from: head });
      expect(before.filter((e) => others.includes(e.streamId))).toEqual([]);
      const collecting = collect(
        store,
        head,
        (seen) =>
          seen.filter((e) => e.streamId === lateStream || others.includes(e.streamId)).length ===
          11,
      );
      await new Promise((r) => setTimeout(r, 50));
      await held.commit();
      const seen = await collecting;
      expect(seen.some((e) => e.id === lateEvent.id)).toBe(true);
      for (let i = 1; i < seen.length; i++)
        expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBe(-1);
    });

    it('subscribes from a checkpoint: catches up, then delivers live appends once each', async () => {
      const s = stream('sub');
      const first = await store.append(
        s,
        Array.from({ length: 5 }, (_, i) => newEvent('E', { i })),
        'no_stream',
      );
      const checkpointEvents = await store.readStream(s);
      const checkpoint = checkpointEvents[2]!.position;
      const collecting = collect(
        store,
        checkpoint,
        (seen) => seen.filter((e) => e.streamId === s).length >= 3,
      );
      await store.append(s, [newEvent('E', { i: 5 })], first.nextExpectedRevision);
      const seen = (await collecting).filter((e) => e.streamId === s);
      expect(seen.map((e) => Number(e.data.i))).toEqual([3, 4, 5]);
    }, 40_000);

    it('reports START as the head of nothing and positions that order', () => {
      expect(comparePositions(START, { commit: 0n, prepare: 0n })).toBe(-1);
    });
  });
}
