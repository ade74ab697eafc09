/**
 * The adapter's own logic on an in-memory client double (fake-client.ts): the shared
 * contract, plus what only this adapter does. The real server is covered by esdb.int.test.ts.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { eventStoreContract, newEvent } from '../contract.ts';
import { verifyChain } from '../hash.ts';
import {
  comparePositions,
  EventIdConflict,
  START,
  WrongExpectedRevision,
  type RecordedEvent,
  type Subscription,
} from '../types.ts';
import { FakeEsdbClient } from './fake-client.ts';
import { eventStoreOnClient } from './store.ts';

eventStoreContract({
  name: 'EventStoreDB adapter on an in-memory client',
  create: async () => eventStoreOnClient(new FakeEsdbClient()),
});

function setup() {
  const client = new FakeEsdbClient();
  const store = eventStoreOnClient(client, {
    subscription: { backoff: { initialMs: 1, maxMs: 5 } },
  });
  return { client, store };
}

/** Takes batches until `count` events arrived. */
async function take(sub: Subscription, count: number): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  for await (const batch of sub) {
    seen.push(...batch);
    if (seen.length >= count) break;
  }
  return seen;
}

describe('EventStoreDB adapter specifics', () => {
  it('stores the chain hash in metadata and returns metadata exactly as appended', async () => {
    const { client, store } = setup();
    const e = newEvent('A');
    await store.append('s', [e], 'no_stream');
    const [stored] = client.log.filter((r) => r.streamId === 's');
    expect(stored!.metadata).toEqual({
      ...e.metadata,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const [read] = await store.readStream('s');
    expect(read!.metadata).toEqual(e.metadata);
    expect(read!.hash).toBe((stored!.metadata as { hash: string }).hash);
  });

  it("keeps the chain whole when 'any' appends race: the loser hashes again on top", async () => {
    const { store } = setup();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.append('hot', [newEvent('N', { i }), newEvent('M', { i })], 'any'),
      ),
    );
    const read = await store.readStream('hot');
    expect(read).toHaveLength(20);
    expect(verifyChain(read)).toBeNull();
  });

  it("converts 'stream_exists' to the revision read and refuses a missing stream", async () => {
    const { client, store } = setup();
    await expect(store.append('x', [newEvent()], 'stream_exists')).rejects.toMatchObject({
      actual: 'no_stream',
    });
    await store.append('x', [newEvent()], 'no_stream');
    // Someone else writes between our read and our write: we retry on top of it.
    let raced = false;
    client.beforeWrite = async () => {
      if (raced) return;
      raced = true;
      client.beforeWrite = undefined;
      await store.append('x', [newEvent('Other')], 'any');
    };
    const result = await store.append('x', [newEvent('Mine')], 'stream_exists');
    expect(result.nextExpectedRevision).toBe(2n);
    expect(verifyChain(await store.readStream('x'))).toBeNull();
  });

  it('recognises a retry at the first revision after others appended, and a retry with any', async () => {
    const { store } = setup();
    const mine = [newEvent('A'), newEvent('B')];
    const first = await store.append('r', mine, 'no_stream');
    await store.append('r', [newEvent('C')], 1n);
    const again = await store.append('r', mine, 'no_stream');
    expect(again.nextExpectedRevision).toBe(1n);
    expect(comparePositions(again.position, first.position)).toBe(0);
    expect(await store.append('r', mine, 'any')).toEqual(first);
    expect(await store.append('r', [mine[1]!], 'any')).toEqual(first);
    await expect(store.append('r', [mine[1]!, mine[0]!], 'any')).rejects.toBeInstanceOf(
      EventIdConflict,
    );
    expect(await store.readStream('r')).toHaveLength(3);
  });

  it('reports the actual revision on a conflict, and refuses an empty append', async () => {
    const { store } = setup();
    await store.append('c', [newEvent(), newEvent()], 'no_stream');
    await expect(store.append('c', [newEvent()], 0n)).rejects.toMatchObject({
      name: 'WrongExpectedRevision',
      expected: 0n,
      actual: 1n,
    });
    await expect(store.append('c', [newEvent()], 'no_stream')).rejects.toBeInstanceOf(
      WrongExpectedRevision,
    );
    await expect(store.append('c', [], 'any')).rejects.toThrow(/at least one event/);
  });

  it('keeps ids EventStoreDB would respell', async () => {
    const { store } = setup();
    const e = { ...newEvent(), id: 'renew:svc-1:2026-04-01' };
    await store.append('ids', [e], 'no_stream');
    expect((await store.readStream('ids'))[0]!.id).toBe(e.id);
    expect(await store.append('ids', [e], 'no_stream')).toMatchObject({ nextExpectedRevision: 0n });
  });

  it('leaves system events out of readAll, headPosition and subscriptions, paging past them', async () => {
    const { client, store } = setup();
    client.writeSystemEvent();
    await store.append('a', [newEvent()], 'no_stream');
    for (let i = 0; i < 30; i++) client.writeSystemEvent('$$a', '$metadata');
    await store.append('b', [newEvent()], 'no_stream');
    client.writeSystemEvent();
    const all = await store.readAll({ maxCount: 5 });
    expect(all.map((e) => e.streamId)).toEqual(['a', 'b']);
    expect(await store.readAll({ from: all[0]!.position, maxCount: 1 })).toEqual([all[1]]);
    expect(await store.readAll({ from: all[1]!.position })).toEqual([]);
    expect(await store.headPosition()).toEqual(all[1]!.position);
    const sub = store.subscribe({ batchSize: 1 });
    expect((await take(sub, 2)).map((e) => e.streamId)).toEqual(['a', 'b']);
    await sub.close();
  });

  it('reports START as the head of an empty or system-only log', async () => {
    const { client, store } = setup();
    expect(await store.headPosition()).toEqual(START);
    for (let i = 0; i < 100; i++) client.writeSystemEvent();
    expect(await store.headPosition()).toEqual(START);
  });

  it('resubscribes after the connection drops, without repeating or skipping an event', async () => {
    const { client, store } = setup();
    await store.append('live', [newEvent('E', { i: 0 })], 'no_stream');
    const sub = store.subscribe({ batchSize: 10 });
    const it = sub[Symbol.asyncIterator]();
    expect((await it.next()).value).toHaveLength(1);
    const pending = it.next();
    await store.append('live', [newEvent('E', { i: 1 })], 0n);
    expect(((await pending).value as RecordedEvent[]).map((e) => e.data.i)).toEqual([1]);
    client.dropSubscriptions();
    await store.append('live', [newEvent('E', { i: 2 }), newEvent('E', { i: 3 })], 1n);
    client.dropSubscriptions();
    await store.append('live', [newEvent('E', { i: 4 })], 3n);
    const rest: RecordedEvent[] = [];
    while (rest.length < 3) rest.push(...((await it.next()).value as RecordedEvent[]));
    expect(rest.map((e) => e.data.i)).toEqual([2, 3, 4]);
    await sub.close();
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('ends a waiting iteration when closed, and close() disposes the client', async () => {
    const { client, store } = setup();
    const sub = store.subscribe({});
    const waiting = sub[Symbol.asyncIterator]().next();
    await new Promise((r) => setTimeout(r, 20));
    await store.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(client.disposed).toBe(true);
  });

  it('pings with a read, and fails when the read does not answer', async () => {
    const { store } = setup();
    await expect(store.ping()).resolves.toBeUndefined();
    const silent = () =>
      Object.assign(new PassThrough({ objectMode: true }), { cancel: async () => {} });
    const hung = eventStoreOnClient(
      Object.assign(new FakeEsdbClient(), {
        readAll: silent as unknown as FakeEsdbClient['readAll'],
      }),
      { pingTimeoutMs: 20 },
    );
    await expect(hung.ping()).rejects.toThrow(/in time/);
  });
});
