import { describe, expect, it, vi } from 'vitest';
import { EventIdConflict, WrongExpectedRevision } from '../../eventstore/types.ts';
import { DomainError, type Decider } from '../../domain/shared/decider.ts';
import { HASHED_NOW, handleCommand, type CommandContext } from './handler.ts';
import { inputHash, uuidFrom } from './ids.ts';
import { canonicalJson } from '../../eventstore/hash.ts';
import { memoryStore } from './testing/memory-store.ts';

/** A tally: Add n writes one event per unit up to 2 (so multi-event answers are covered); Add 0 decides nothing. */
type Added = { type: 'Added'; data: { n: number; at: string } };
const tally: Decider<{ n: number; at: string }, Added, { total: number }> = {
  initialState: { total: 0 },
  decide: (c) =>
    Array.from({ length: Math.min(c.n, 2) }, () => ({
      type: 'Added' as const,
      data: { n: c.n, at: c.at },
    })),
  evolve: (s, e) => ({ total: s.total + e.data.n }),
};

const ctx = (commandId: string, over: Partial<CommandContext> = {}): CommandContext => ({
  tenantId: 't1',
  actor: { userId: 'u1', role: 'customer' },
  commandId,
  ...over,
});
const now = () => new Date('2026-04-01T10:00:00.000Z');

function setup() {
  const store = memoryStore();
  const run = (c: CommandContext, n: number, streamId = 'tally-1') =>
    handleCommand({ store, now }, c, { streamId, decider: tally, command: (at) => ({ n, at }) });
  return { store, run };
}

describe('handleCommand', () => {
  it('appends the decided events with the metadata an audit reads', async () => {
    const { store, run } = setup();
    const result = await run(ctx('cmd-00001'), 1);
    expect(result.replayed).toBe(false);
    expect(result.streamId).toBe('tally-1');
    expect(result.state).toEqual({ total: 1 });
    expect(store.appends).toHaveLength(1);
    expect(store.appends[0]!.expected).toBe('no_stream');
    const [event] = result.events;
    expect(event!.id).toBe(uuidFrom('t1:cmd-00001:tally-1:0'));
    expect(event!.type).toBe('Added');
    expect(event!.data).toEqual({ n: 1, at: '2026-04-01T10:00:00.000Z' });
    expect(event!.metadata).toEqual({
      tenantId: 't1',
      actor: { userId: 'u1', role: 'customer' },
      commandId: 'cmd-00001',
      commandHash: inputHash(
        canonicalJson({ stream: 'tally-1', command: { n: 1, at: HASHED_NOW } }),
      ),
      correlationId: 'cmd-00001',
      causationId: 'cmd-00001',
      occurredAt: '2026-04-01T10:00:00.000Z',
      schemaVersion: 1,
    });
    expect(result.position).toEqual(event!.position);
  });

  it('keeps the correlation and causation it is given, and appends at the known revision', async () => {
    const { store, run } = setup();
    await run(ctx('cmd-00001'), 1);
    const result = await run(
      ctx('cmd-00002', { correlationId: 'corr-1', causationId: 'cause-1' }),
      2,
    );
    expect(store.appends[1]!.expected).toBe(0n);
    expect(result.events.map((e) => [e.metadata.correlationId, e.metadata.causationId])).toEqual([
      ['corr-1', 'cause-1'],
      ['corr-1', 'cause-1'],
    ]);
    expect(result.events.map((e) => e.id)).toEqual([
      uuidFrom('t1:cmd-00002:tally-1:0'),
      uuidFrom('t1:cmd-00002:tally-1:1'),
    ]);
    expect(result.position).toEqual(result.events[1]!.position);
    expect(result.state).toEqual({ total: 5 });
  });

  it('the same commandId again returns the first answer and writes nothing', async () => {
    const { store, run } = setup();
    const first = await run(ctx('cmd-00001'), 2);
    await run(ctx('cmd-00002'), 1);
    const again = await run(ctx('cmd-00001'), 2);
    expect(again.replayed).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(again.position).toEqual(first.events[1]!.position);
    expect(again.state).toEqual({ total: 5 });
    expect(store.streams.get('tally-1')).toHaveLength(3);
    expect(store.appends).toHaveLength(2);
  });

  it('the same commandId with other input is a CONFLICT', async () => {
    const { run } = setup();
    await run(ctx('cmd-00001'), 1);
    const error = await run(ctx('cmd-00001'), 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('CONFLICT');
    expect((error as DomainError).message).toBe(
      'This commandId was already used for a different request; send a new commandId.',
    );
  });

  it('the hash is the command: a retry later is the same command, and other input is not', async () => {
    const store = memoryStore();
    let clock = new Date('2026-04-01T10:00:00.000Z');
    const at = (n: number) =>
      handleCommand({ store, now: () => clock }, ctx('cmd-00001'), {
        streamId: 'tally-1',
        decider: tally,
        command: (t) => ({ n, at: t }),
      });
    const first = await at(1);
    clock = new Date('2026-04-02T09:00:00.000Z');
    const again = await at(1);
    expect(again.replayed).toBe(true);
    expect(again.events).toEqual(first.events);
    await expect(at(2)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('fields that differ per attempt are hashed as their stand-ins', async () => {
    const store = memoryStore();
    type Salted = { n: number; at: string; salt: string; digest: string };
    const salted: Decider<Salted, Added, { total: number }> = {
      ...tally,
      decide: (c, s) => tally.decide(c, s),
    };
    const run = (digest: string) =>
      handleCommand({ store, now }, ctx('cmd-00001'), {
        streamId: 'tally-1',
        decider: salted,
        command: (at) => ({
          n: 1,
          at,
          salt: Math.random().toString(36),
          digest: `${digest}:${Math.random()}`,
        }),
        perAttempt: { salt: undefined, digest },
      });
    const first = await run('password-1');
    expect(first.events[0]!.metadata.commandHash).toBe(
      inputHash(
        canonicalJson({
          stream: 'tally-1',
          command: { n: 1, at: HASHED_NOW, digest: 'password-1' },
        }),
      ),
    );
    expect((await run('password-1')).replayed).toBe(true);
    await expect(run('password-2')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a decision of no events writes nothing and answers with the state', async () => {
    const { store, run } = setup();
    await run(ctx('cmd-00001'), 1);
    const result = await run(ctx('cmd-00002'), 0);
    expect(result).toEqual({
      streamId: 'tally-1',
      events: [],
      position: null,
      state: { total: 1 },
      replayed: false,
    });
    expect(store.appends).toHaveLength(1);
  });

  it('a concurrent writer makes it reload and decide again, never overwrite', async () => {
    const { store, run } = setup();
    await run(ctx('cmd-00001'), 1);
    let decidedOn: number[] = [];
    store.beforeAppend = async () => {
      // Another command lands between our read and our append.
      store.write('tally-1', [
        {
          id: uuidFrom('other'),
          type: 'Added',
          data: { n: 10, at: 'x' },
          metadata: {
            ...ctx('cmd-other'),
            correlationId: 'c',
            causationId: 'c',
            occurredAt: 'x',
            schemaVersion: 1,
          },
        },
      ]);
    };
    const result = await handleCommand({ store, now }, ctx('cmd-00002'), {
      streamId: 'tally-1',
      decider: {
        ...tally,
        decide: (c: { n: number; at: string }, s: { total: number }) => (
          (decidedOn = [...decidedOn, s.total]),
          tally.decide(c, s)
        ),
      },
      command: (at) => ({ n: 1, at }),
    });
    expect(decidedOn).toEqual([1, 11]);
    expect(store.appends.map((a) => a.expected)).toEqual(['no_stream', 0n, 1n]);
    expect(result.state).toEqual({ total: 12 });
    expect(result.events.map((e) => e.revision)).toEqual([2n]);
    expect(store.streams.get('tally-1')!.map((e) => e.metadata.commandId)).toEqual([
      'cmd-00001',
      'cmd-other',
      'cmd-00002',
    ]);
  });

  it('a partial event-id clash is retried as a reuse of the commandId', async () => {
    const { store, run } = setup();
    await run(ctx('cmd-00001'), 2);
    let thrown = false;
    const real = store.append.bind(store);
    store.append = async (...a) => {
      if (!thrown) {
        thrown = true;
        throw new EventIdConflict('tally-1');
      }
      return real(...a);
    };
    const result = await run(ctx('cmd-00002'), 1);
    expect(result.replayed).toBe(false);
    expect(result.state).toEqual({ total: 5 });
  });

  it('gives up after 200 attempts on a stream that is always written first', async () => {
    const { store, run } = setup();
    // No backoff wait in the spec: the jitter is Math.random() × attempt milliseconds.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    let appends = 0;
    store.append = async (streamId) => {
      appends++;
      throw new WrongExpectedRevision(streamId, 'no_stream', 0n);
    };
    try {
      await expect(run(ctx('cmd-00001'), 1)).rejects.toBeInstanceOf(WrongExpectedRevision);
      expect(appends).toBe(200);
    } finally {
      random.mockRestore();
    }
  });

  it('another failure of the store is not retried', async () => {
    const { store, run } = setup();
    const boom = new Error('disk full');
    store.append = async () => {
      throw boom;
    };
    await expect(run(ctx('cmd-00001'), 1)).rejects.toBe(boom);
  });

  it('when a concurrent call with the same commandId and other input wins, the answer is CONFLICT', async () => {
    const { store, run } = setup();
    store.beforeAppend = async () => {
      await run(ctx('cmd-00001'), 2);
    };
    const error = await run(ctx('cmd-00001'), 1).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('CONFLICT');
    expect(store.streams.get('tally-1')!.map((e) => e.data.n)).toEqual([2, 2]);
  });

  it('when a concurrent call with the same commandId and input wins, its events are the answer', async () => {
    const { store, run } = setup();
    store.beforeAppend = async () => {
      await run(ctx('cmd-00001'), 1);
    };
    const result = await run(ctx('cmd-00001'), 1);
    expect(result.events).toHaveLength(1);
    expect(store.streams.get('tally-1')).toHaveLength(1);
  });

  it('WrongExpectedRevision is what a stale append raises (the store double keeps the port rule)', async () => {
    const store = memoryStore();
    store.write('s', [
      {
        id: 'a',
        type: 'x',
        data: {},
        metadata: {
          ...ctx('c'),
          correlationId: 'c',
          causationId: 'c',
          occurredAt: 'x',
          schemaVersion: 1,
        },
      },
    ]);
    await expect(
      store.append(
        's',
        [
          {
            id: 'b',
            type: 'x',
            data: {},
            metadata: {
              ...ctx('c'),
              correlationId: 'c',
              causationId: 'c',
              occurredAt: 'x',
              schemaVersion: 1,
            },
          },
        ],
        'no_stream',
      ),
    ).rejects.toBeInstanceOf(WrongExpectedRevision);
  });
});
