import { describe, expect, it } from 'vitest';
import {
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '../eventstore/types.ts';
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

  it('a stop in the middle of a batch ends it after the event in hand; the checkpoint is that event', async () => {
    const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });
    const batch = [1, 2, 3, 4].map(
      (n) => ({ type: 'Something', position: at(n) }) as unknown as RecordedEvent,
    );
    const store = {
      subscribe: (): Subscription => ({
        close: async () => {},
        [Symbol.asyncIterator]: () => ({
          next: async () => ({ done: false as const, value: batch }),
        }),
      }),
    } as unknown as EventStore;
    const checkpoints = memoryCheckpoints();
    const seen: bigint[] = [];
    let second!: () => void;
    const atSecond = new Promise<void>((r) => (second = r));
    const runner = new ReactorRunner(
      null,
      store,
      {
        name: 'slow',
        handles: new Set(['Something']),
        react: async (e) => {
          seen.push(e.position.commit);
          if (e.position.commit === 2n) {
            second();
            await new Promise((r) => setTimeout(r, 20)); // stop() is called meanwhile
          }
        },
      },
      () => {},
      checkpoints,
    );
    await runner.start();
    await atSecond;
    await runner.stop();
    expect(seen).toEqual([1n, 2n]);
    expect(await checkpoints.read('slow')).toEqual(at(2));
  });

  it('a reaction or checkpoint save that never answers (a query the driver stranded) is given up and done again; a stop does not wait for it for ever', async () => {
    const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });
    const event = (n: number) =>
      ({ type: 'Something', id: `e${n}`, position: at(n) }) as unknown as RecordedEvent;
    // Each subscription hands the events after `from`, one batch, then waits.
    const store = {
      subscribe: ({ from }: { from: Position }): Subscription => {
        let handed = false;
        let wake: (() => void) | null = null;
        return {
          close: async () => wake?.(),
          [Symbol.asyncIterator]: () => ({
            async next() {
              if (handed) {
                await new Promise<void>((r) => (wake = r));
                return { done: true as const, value: undefined };
              }
              handed = true;
              return {
                done: false as const,
                value: [1, 2].filter((n) => n > from.commit).map(event),
              };
            },
          }),
        };
      },
    } as unknown as EventStore;
    const saved = new Map<string, Position>();
    let saves = 0;
    const checkpoints: ReactorCheckpoints = {
      prepare: async () => {},
      read: async (name) => saved.get(name) ?? START,
      // The first save is stranded: it never answers.
      save: (name, p) =>
        ++saves === 1 ? new Promise<void>(() => {}) : (saved.set(name, p), Promise.resolve()),
      begin: async () => {},
    };
    const reactions: string[] = [];
    let strandFirstOf2 = true;
    const logged: string[] = [];
    const runner = new ReactorRunner(
      null,
      store,
      {
        name: 'stranded',
        handles: new Set(['Something']),
        react: (e) => {
          reactions.push(e.id);
          if (e.id === 'e2' && strandFirstOf2) {
            strandFirstOf2 = false;
            return new Promise<void>(() => {}); // never answers
          }
          return Promise.resolve();
        },
      },
      (msg) => logged.push(msg),
      checkpoints,
      { checkpointMs: 30, reactMs: 30, stopMs: 50 },
    );
    await runner.start();
    await expect.poll(() => saved.get('stranded'), { timeout: 5000 }).toEqual(at(2));
    // e1 and e2, e2 stranded and given up; both again, the save stranded; both a third time, saved.
    expect(reactions).toEqual(['e1', 'e2', 'e1', 'e2', 'e1', 'e2']);
    expect(logged.filter((m) => m.includes('failed; retrying'))).toHaveLength(2);
    await runner.stop();

    // A stop while a reaction hangs returns after stopMs, and says so.
    const hung = new ReactorRunner(
      null,
      store,
      { name: 'hung', handles: new Set(['Something']), react: () => new Promise(() => {}) },
      (msg) => logged.push(msg),
      memoryCheckpoints(),
      { checkpointMs: 30, reactMs: 60_000, stopMs: 50 },
    );
    await hung.start();
    await new Promise((r) => setTimeout(r, 20));
    const began = Date.now();
    await hung.stop();
    expect(Date.now() - began).toBeLessThan(1000);
    expect(logged).toContain('reactor hung stopped with its reaction unfinished');
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
