/**
 * The id check of an append reads only what the process has not seen (known-ids.ts): counted
 * on the double, as events handed out by readStream. Before, an append to a stream longer than
 * itself + 16 events read the whole stream, every time.
 */
import { describe, expect, it } from 'vitest';
import { newEvent } from '../contract.ts';
import { verifyChain } from '../hash.ts';
import { EventIdConflict, StreamDeleted, type NewEvent } from '../types.ts';
import { FakeEsdbClient } from './fake-client.ts';
import { KnownIds, matchRetry } from './known-ids.ts';
import { eventStoreOnClient } from './store.ts';

const LONG = 400;

/** Events readStream handed out during `f`. */
async function eventsRead(client: FakeEsdbClient, f: () => Promise<unknown>): Promise<number> {
  const before = client.reads.streamEvents;
  await f();
  return client.reads.streamEvents - before;
}

async function longStream(store: ReturnType<typeof eventStoreOnClient>, s: string) {
  const first = [newEvent('First', { i: 0 }), newEvent('First', { i: 1 })];
  const answer = await store.append(s, first, 'no_stream');
  for (let i = 2; i < LONG; i++) await store.append(s, [newEvent('N', { i })], BigInt(i - 1));
  return { first, answer };
}

describe('EventStoreDB adapter: the id check reads only new events', () => {
  it('appends to a long stream reading a bounded number of events each, and still recognises an old retry', async () => {
    const client = new FakeEsdbClient();
    const store = eventStoreOnClient(client);
    const { first, answer } = await longStream(store, 'long');
    // Each append reads the newest known event again and its own last event back: 2.
    for (let i = 0; i < 20; i++) {
      const revision = BigInt(LONG - 1 + i);
      const read = await eventsRead(client, () =>
        store.append('long', [newEvent('More', { i })], revision),
      );
      expect(read, `append ${i} on a stream of ${LONG + i} events`).toBeLessThanOrEqual(3);
    }
    // The first append's ids are 400 events back; a retry with any expectation is still a no-op.
    for (const expected of ['any', 'no_stream', BigInt(LONG + 19)] as const) {
      const read = await eventsRead(client, async () =>
        expect(await store.append('long', first, expected)).toEqual(answer),
      );
      expect(read).toBeLessThanOrEqual(3);
    }
    await expect(store.append('long', [first[1]!, first[0]!], 'any')).rejects.toBeInstanceOf(
      EventIdConflict,
    );
    const all = await store.readStream('long');
    expect(all).toHaveLength(LONG + 20);
    expect(verifyChain(all)).toBeNull();
  });

  it("reads what another writer appended, once, and sees that writer's ids", async () => {
    const client = new FakeEsdbClient();
    const mine = eventStoreOnClient(client);
    const other = eventStoreOnClient(client); // another process on the same node
    await longStream(mine, 'shared');
    const theirs: NewEvent[] = [];
    for (let i = 0; i < 30; i++) {
      const e = newEvent('Theirs', { i });
      theirs.push(e);
      await other.append('shared', [e], 'any');
    }
    // The other writer read the stream whole once (its first append), then only new events.
    const read = await eventsRead(client, () => mine.append('shared', [newEvent('Mine')], 'any'));
    expect(read).toBeLessThanOrEqual(30 + 3);
    expect(await eventsRead(client, () => mine.append('shared', [theirs[3]!], 'any'))).toBeLessThan(
      5,
    );
    const all = await mine.readStream('shared');
    expect(all).toHaveLength(LONG + 31);
    expect(verifyChain(all)).toBeNull();
  });

  it('after a process restart (an empty cache) reads a stream whole once, then only new events', async () => {
    const client = new FakeEsdbClient();
    const { first, answer } = await longStream(eventStoreOnClient(client), 'restarted');
    const fresh = eventStoreOnClient(client);
    expect(await eventsRead(client, () => fresh.append('restarted', first, 'any'))).toBe(LONG + 1);
    expect(await fresh.append('restarted', first, 'any')).toEqual(answer);
    expect(
      await eventsRead(client, () => fresh.append('restarted', [newEvent()], BigInt(LONG - 1))),
    ).toBeLessThanOrEqual(3);
  });

  it('forgets the least recently used streams beyond its bound and reads them whole again, still exact', async () => {
    const client = new FakeEsdbClient();
    const store = eventStoreOnClient(client, { maxKnownIds: 50 });
    const a = [newEvent('A')];
    const answerA = await store.append('a', a, 'no_stream');
    for (let i = 0; i < 60; i++) await store.append('b', [newEvent('B', { i })], 'any');
    expect(await store.append('a', a, 'any')).toEqual(answerA);
    expect(await store.readStream('a')).toHaveLength(1);
    expect(await store.readStream('b')).toHaveLength(60);
  });

  it('notices a stream deleted since it was read, and one tombstoned', async () => {
    const client = new FakeEsdbClient();
    const store = eventStoreOnClient(client);
    await store.append('gone', [newEvent(), newEvent()], 'no_stream');
    client.softDelete('gone');
    await expect(store.append('gone', [newEvent()], 1n)).rejects.toMatchObject({ how: 'deleted' });
    await store.append('stone', [newEvent()], 'no_stream');
    client.tombstone('stone');
    await expect(store.append('stone', [newEvent()], 'any')).rejects.toBeInstanceOf(StreamDeleted);
  });
});

describe('KnownIds and matchRetry', () => {
  const at = (ids: Map<string, bigint>) => (id: string) => ids.get(id);
  const [a, b, c, d] = [newEvent(), newEvent(), newEvent(), newEvent()];

  it('is new when none of the ids is known, a retry when all are, contiguous and in order', () => {
    const ids = new Map([
      [d.id, 4n],
      [a.id, 5n],
      [b.id, 6n],
      [c.id, 7n],
    ]);
    expect(matchRetry([newEvent()], at(ids))).toEqual({ kind: 'new' });
    expect(matchRetry([a, b, c], at(ids))).toEqual({ kind: 'retry', lastRevision: 7n });
    expect(matchRetry([b], at(ids))).toEqual({ kind: 'retry', lastRevision: 6n });
  });

  it('is a conflict when the ids match only in part, in another order or with a gap', () => {
    const ids = new Map([
      [a.id, 0n],
      [b.id, 1n],
      [c.id, 2n],
    ]);
    expect(matchRetry([a, newEvent()], at(ids))).toEqual({ kind: 'conflict' });
    expect(matchRetry([newEvent(), b], at(ids))).toEqual({ kind: 'conflict' });
    expect(matchRetry([b, a], at(ids))).toEqual({ kind: 'conflict' });
    expect(matchRetry([a, c], at(ids))).toEqual({ kind: 'conflict' });
  });

  it('extends only contiguously from revision 0, and keeps the bound', () => {
    const known = new KnownIds(3);
    expect(known.extend('s', [{ id: 'x', revision: 1n, hash: 'h1' }])).toBeUndefined();
    known.extend('s', [
      { id: 'x', revision: 0n, hash: 'h0' },
      { id: 'y', revision: 1n, hash: 'h1' },
    ]);
    const s = known.extend('s', [
      { id: 'y', revision: 1n, hash: 'h1' },
      { id: 'z', revision: 3n, hash: 'h3' },
    ])!;
    expect([s.lastRevision, s.lastId, s.lastHash, s.ids.size]).toEqual([1n, 'y', 'h1', 2]);
    known.extend('t', [
      { id: 'p', revision: 0n, hash: 'p0' },
      { id: 'q', revision: 1n, hash: 'q1' },
    ]);
    expect(known.get('s')).toBeUndefined();
    expect(known.size).toBe(2);
  });
});
