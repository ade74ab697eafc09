import { describe, expect, it } from 'vitest';
import type { Decider } from '../../domain/shared/decider.ts';
import type { NewEvent } from '../../eventstore/types.ts';
import { loadState, StreamStates } from './stream-states.ts';
import { memoryStore } from './testing/memory-store.ts';

type Ev = { type: 'Added'; data: { n: number } };
const sum: Decider<unknown, Ev, number> = {
  initialState: 0,
  decide: () => [],
  evolve: (s, e) => s + e.data.n,
};
const event = (n: number, commandId: unknown = `cmd-${n}`): NewEvent =>
  ({
    id: `id-${n}-${Math.random()}`,
    type: 'Added',
    data: { n },
    metadata: {
      tenantId: 't',
      actor: { userId: 'u', role: 'system' },
      commandId,
      correlationId: 'c',
      causationId: 'c',
      occurredAt: 'x',
      schemaVersion: 1,
    },
  }) as NewEvent;

function watched() {
  const store = memoryStore();
  const reads: bigint[] = [];
  const read = store.readStream.bind(store);
  store.readStream = async (id, from = 0n) => (reads.push(from), read(id, from));
  return { store, reads };
}

describe('StreamStates', () => {
  it('remembers a folded stream per store and decider: the next load reads only newer events', async () => {
    const { store, reads } = watched();
    store.write('s', [event(1), event(2)]);
    const first = await StreamStates.of(store, sum).load<number>('s');
    expect(first).toMatchObject({ revision: 1n, state: 3 });
    store.write('s', [event(4)]);
    const second = await StreamStates.of(store, sum).load<number>('s');
    expect(second).toMatchObject({ revision: 2n, state: 7 });
    expect([...second.commands]).toEqual(['cmd-1', 'cmd-2', 'cmd-4']);
    expect(reads).toEqual([0n, 2n]);
    // Another decider on the same store folds on its own.
    const count: Decider<unknown, Ev, number> = {
      initialState: 0,
      decide: () => [],
      evolve: (s) => s + 1,
    };
    expect((await StreamStates.of(store, count).load<number>('s')).state).toBe(3);
    expect(reads).toEqual([0n, 2n, 0n]);
  });

  it('loadState gives the state now, reading only the events after the ones it folded before', async () => {
    const { store, reads } = watched();
    expect(await loadState(store, sum, 'series')).toBe(0);
    store.write('series', [event(1), event(2), event(3)]);
    expect(await loadState(store, sum, 'series')).toBe(6);
    store.write('series', [event(10)]);
    expect(await loadState(store, sum, 'series')).toBe(16);
    expect(await loadState(store, sum, 'series')).toBe(16);
    expect(reads).toEqual([0n, 0n, 3n, 4n]);
  });

  it('an event without a commandId adds none', async () => {
    const { store } = watched();
    store.write('s', [event(1, null), event(2)]);
    expect([...(await StreamStates.of(store, sum).load('s')).commands]).toEqual(['cmd-2']);
  });

  it('an older state never replaces a newer one it already knows', async () => {
    const { store, reads } = watched();
    store.write('s', [event(1), event(2)]);
    const states = StreamStates.of(store, sum);
    await states.load('s');
    const stale = { revision: 0n, state: 1, commands: new Set<string>() };
    expect(states.advance('s', stale, [])).toBe(stale);
    await states.load('s');
    expect(reads).toEqual([0n, 2n]);
    // The same revision again is kept (it is as true as the one known).
    const same = { revision: 1n, state: 3, commands: new Set<string>() };
    states.advance('s', same, []);
    expect(await states.load('s')).toBe(same);
  });

  it('forgets the least recently used stream past 10,000', async () => {
    const { store, reads } = watched();
    const states = StreamStates.of(store, sum);
    for (let i = 0; i <= 10_000; i++)
      states.advance(`s${i}`, { revision: 5n, state: i, commands: new Set() }, []);
    await states.load('s1');
    await states.load('s0');
    expect(reads).toEqual([6n, 0n]);
  });
});
