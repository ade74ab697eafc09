import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decider } from '../../domain/shared/decider.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { handleCommand } from './handler.ts';

type Added = { type: 'Added'; data: { n: number } };
const counter: Decider<{ n: number }, Added, { total: number; seen: number }> = {
  initialState: { total: 0, seen: 0 },
  decide: (c) => [{ type: 'Added', data: { n: c.n } }],
  evolve: (s, e) => ({ total: s.total + e.data.n, seen: s.seen + 1 }),
};

/** A store that records from which revision each stream read started (its own states cache: another object). */
function counting(store: EventStore) {
  const reads: bigint[] = [];
  const wrapped: EventStore = {
    ...store,
    readStream: (id, from = 0n) => (reads.push(from), store.readStream(id, from)),
  };
  return { store: wrapped, reads };
}

let a: EventStore;
let b: EventStore;
beforeAll(async () => {
  const url = await freshDatabase('states');
  a = await createPostgresEventStore(url, { poolSize: 4 });
  b = await createPostgresEventStore(url, { poolSize: 4 });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const add = (store: EventStore, streamId: string, n: number, commandId = randomUUID()) =>
  handleCommand(
    { store, now: () => new Date() },
    { tenantId: 't', actor: { userId: 'u', role: 'customer' }, commandId },
    {
      streamId,
      decider: counter,
      command: () => ({ n }),
    },
  );

describe('stream states kept between commands', () => {
  it('a command reads only the events after the state it knows, and decides on the whole stream', async () => {
    const s = `counter-${randomUUID()}`;
    const { store, reads } = counting(a);
    for (let i = 1; i <= 20; i++) await add(store, s, i);
    reads.length = 0;
    const r = await add(store, s, 100);
    // One read of what is new (nothing: it wrote the last event itself), one of what it wrote.
    expect(reads).toEqual([20n, 20n]);
    expect(r.state).toEqual({ total: 210 + 100, seen: 21 });
  });

  it('sees what another process appended since', async () => {
    const s = `counter-${randomUUID()}`;
    const { store, reads } = counting(a);
    for (let i = 0; i < 5; i++) await add(store, s, 1);
    for (let i = 0; i < 7; i++) await add(b, s, 10);
    reads.length = 0;
    const r = await add(store, s, 1000);
    expect(reads[0]).toBe(5n);
    expect(r.state).toEqual({ total: 5 + 70 + 1000, seen: 13 });
    expect((await a.readStream(s)).length).toBe(13);
  });

  it('a repeated commandId still gets its first answer and writes nothing, the state cached or not', async () => {
    const s = `counter-${randomUUID()}`;
    const id = randomUUID();
    const first = await add(a, s, 5, id);
    await add(b, s, 1);
    const again = await add(a, s, 5, id);
    expect(again.replayed).toBe(true);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(again.state).toEqual({ total: 6, seen: 2 });
    const fromOther = await add(b, s, 5, id);
    expect(fromOther.replayed).toBe(true);
    await expect(add(a, s, 6, id)).rejects.toThrow(/already used for a different request/);
    expect((await a.readStream(s)).length).toBe(2);
  });

  it('many concurrent commands on one stream through one cache: each applied once, the state exact', async () => {
    const s = `counter-${randomUUID()}`;
    await Promise.all(Array.from({ length: 30 }, (_, i) => add(a, s, i + 1)));
    const r = await add(a, s, 0);
    expect(r.state).toEqual({ total: 465, seen: 31 });
  });
});
