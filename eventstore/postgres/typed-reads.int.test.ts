import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract.ts';
import { START, type Position } from '../types.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { createPostgresEventStore } from './store.ts';
import { readAllOfTypes } from './typed-reads.ts';

type Store = Awaited<ReturnType<typeof createPostgresEventStore>>;
let store: Store;

beforeAll(async () => {
  store = await createPostgresEventStore(await freshDatabase('typed'));
  for (let i = 0; i < 10; i++)
    await store.append(
      `s-${i}`,
      [newEvent('Kept', { i }), newEvent('Skipped', { i }), newEvent('Kept', { i, n: 2 })],
      'no_stream',
    );
});
afterAll(async () => store?.close());

describe('Postgres log: readAllOfTypes (rebuilds)', () => {
  it('returns the events of the asked types exactly as readAll does, and how far it read', async () => {
    const all = await store.readAll({ maxCount: 1000 });
    const step = await readAllOfTypes(store.sql, { from: START, maxCount: 1000, types: ['Kept'] });
    expect(step.events).toEqual(all.filter((e) => e.type === 'Kept'));
    expect(step.read).toBe(30);
    expect(step.end).toEqual(all[29]!.position);
  });

  it('counts maxCount in events of any type, and ends where it stopped reading, on a skipped event too', async () => {
    const all = await store.readAll({ maxCount: 1000 });
    const step = await readAllOfTypes(store.sql, {
      from: all[0]!.position,
      maxCount: 4,
      types: ['Kept'],
    });
    expect(step.read).toBe(4);
    expect(step.end).toEqual(all[4]!.position);
    expect(all[4]!.type).toBe('Skipped');
    expect(step.events).toEqual([all[2], all[3]]);
  });

  it('reads no further than until, and answers read 0 with end = from at the end of the log', async () => {
    const all = await store.readAll({ maxCount: 1000 });
    const bounded = await readAllOfTypes(store.sql, {
      from: START,
      maxCount: 1000,
      types: ['Kept', 'Skipped'],
      until: all[6]!.position,
    });
    expect(bounded.events).toEqual(all.slice(0, 7));
    const last = all[all.length - 1]!.position;
    expect(
      await readAllOfTypes(store.sql, { from: last, maxCount: 1000, types: ['Kept'] }),
    ).toEqual({ events: [], read: 0, end: last });
    expect((await readAllOfTypes(store.sql, { from: START, maxCount: 1000, types: [] })).read).toBe(
      30,
    );
  });

  it('stops before a transaction still running, as readAll does', async () => {
    const head: Position = (await store.readAll({ maxCount: 1000 })).at(-1)!.position;
    const open = await store.sql.reserve();
    try {
      await open`begin`;
      await open`select pg_current_xact_id()`;
      await store.append('after-open', [newEvent('Kept')], 'no_stream');
      const step = await readAllOfTypes(store.sql, { from: head, maxCount: 1000, types: ['Kept'] });
      expect(step).toEqual({ events: [], read: 0, end: head });
      await open`commit`;
      const after = await readAllOfTypes(store.sql, {
        from: head,
        maxCount: 1000,
        types: ['Kept'],
      });
      expect(after.events.map((e) => e.streamId)).toEqual(['after-open']);
    } finally {
      open.release();
    }
  });
});
