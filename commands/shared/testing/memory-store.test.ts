import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../eventstore/types.ts';
import { readWholeLog } from '../../../eventstore/read-whole.ts';
import { memoryStore } from './memory-store.ts';

const event = (n: number): NewEvent =>
  ({
    id: `id-${n}`,
    type: 'Added',
    data: { n },
    metadata: { tenantId: 't', commandId: `c-${n}` },
  }) as unknown as NewEvent;

describe('the memory store reads the log as the stores do', () => {
  it('readAll: after a position, at most maxCount; readWholeLog pages through all of it', async () => {
    const store = memoryStore();
    for (let n = 0; n < 5; n++) await store.append(`s-${n % 2}`, [event(n)], 'any');
    const all = await store.readAll();
    expect(all.map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4]);
    const page = await store.readAll({ from: all[1]!.position, maxCount: 2 });
    expect(page.map((e) => e.data.n)).toEqual([2, 3]);
    expect((await readWholeLog(store, 2)).map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4]);
    expect((await readWholeLog(store, 5)).map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4]);
  });
});
