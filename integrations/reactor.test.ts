import { describe, expect, it } from 'vitest';
import { START, type EventStore, type Position, type Subscription } from '../eventstore/types.ts';
import type { ReactorCheckpoints } from './reactor-checkpoints.ts';
import { ReactorRunner } from './reactor.ts';

/** A store whose subscriptions wait for events that never come, until closed. */
function quietStore() {
  const open = new Set<Subscription>();
  const from: (Position | undefined)[] = [];
  const store = {
    headPosition: async () => ({ commit: 42n, prepare: 42n }),
    subscribe(options: { from?: Position } = {}): Subscription {
      from.push(options.from);
      let wake: (() => void) | null = null;
      let closed = false;
      const sub: Subscription = {
        async close() {
          closed = true;
          open.delete(sub);
          wake?.();
        },
        [Symbol.asyncIterator]: () => ({
          async next() {
            while (!closed) await new Promise<void>((r) => (wake = r));
            return { done: true as const, value: undefined };
          },
        }),
      };
      open.add(sub);
      return sub;
    },
  } as unknown as EventStore;
  return { store, open, from };
}

/** Checkpoints in a map, as the Postgres table keeps them. */
function memoryCheckpoints(known: Record<string, Position> = {}) {
  const saved = new Map(Object.entries(known));
  const checkpoints: ReactorCheckpoints = {
    prepare: async () => {},
    read: async (name) => saved.get(name) ?? START,
    save: async (name, p) => void saved.set(name, p),
    begin: async (name, p) => void (saved.has(name) || saved.set(name, p)),
  };
  return checkpoints;
}

describe('ReactorRunner', () => {
  it('stops while its checkpoint is still being read (a database just restarted), leaving no subscription open', async () => {
    const { store, open } = quietStore();
    let answer!: (p: Position) => void;
    const checkpoints: ReactorCheckpoints = {
      prepare: async () => {},
      read: () => new Promise<Position>((r) => (answer = r)),
      save: async () => {},
      begin: async () => {},
    };
    const runner = new ReactorRunner(
      null,
      store,
      { name: 'test', handles: new Set(['Something']), react: async () => {} },
      () => {},
      checkpoints,
    );
    await runner.start();
    const stopped = runner.stop().then(() => 'stopped');
    answer(START);
    const outcome = await Promise.race([
      stopped,
      new Promise((r) => setTimeout(() => r('still running after 2 s'), 2000)),
    ]);
    expect(outcome).toBe('stopped');
    expect(open.size).toBe(0);
  });

  it('stops while waiting for events', async () => {
    const { store, open } = quietStore();
    const runner = new ReactorRunner(
      null,
      store,
      { name: 'test', handles: new Set(['Something']), react: async () => {} },
      () => {},
      memoryCheckpoints(),
    );
    await runner.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(open.size).toBe(1);
    await runner.stop();
    expect(open.size).toBe(0);
  });

  it('a reactor that first starts at the head begins there on a database where it never ran, and keeps its checkpoint after', async () => {
    const head = { commit: 42n, prepare: 42n };
    const reactor = (firstStart?: 'HEAD') => ({
      name: 'notifier',
      handles: new Set(['Something']),
      react: async () => {},
      ...(firstStart ? { firstStart } : {}),
    });
    const runFrom = async (r: ReturnType<typeof reactor>, checkpoints: ReactorCheckpoints) => {
      const { store, from } = quietStore();
      const runner = new ReactorRunner(null, store, r, () => {}, checkpoints);
      await runner.start();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await runner.stop();
      return from;
    };
    expect(await runFrom(reactor('HEAD'), memoryCheckpoints())).toEqual([head]);
    const earlier = { commit: 7n, prepare: 7n };
    expect(await runFrom(reactor('HEAD'), memoryCheckpoints({ notifier: earlier }))).toEqual([
      earlier,
    ]);
    expect(await runFrom(reactor(), memoryCheckpoints())).toEqual([START]);
  });

  it('runs the work of its own (start, stop) and opens no subscription when it handles no events', async () => {
    const { store, open } = quietStore();
    const calls: string[] = [];
    const runner = new ReactorRunner(
      null,
      store,
      {
        name: 'timers',
        handles: new Set(),
        react: async () => {},
        start: async () => void calls.push('start'),
        stop: async () => void calls.push('stop'),
      },
      () => {},
      memoryCheckpoints(),
    );
    await runner.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(open.size).toBe(0);
    await runner.stop();
    expect(calls).toEqual(['start', 'stop']);
  });
});
