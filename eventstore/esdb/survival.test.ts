/**
 * The survival suites' question (server/testing/db-crash.int.test.ts, projections/shared/
 * crash.int.test.ts) asked of the EventStoreDB adapter on the double: under a steady load of
 * appends, the connection is cut mid-append (before or after the commit), deadlines pass after
 * writes that committed, and the node restarts (its id cache gone, subscriptions cut). Callers
 * retry each append with the same ids until it is acknowledged, as commands do. Afterwards every
 * acknowledged append is in the log exactly once, every chain verifies, and a subscriber that
 * lived through it all saw every event once, in order. Seeded: SURVIVAL_SEED replays a run.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/testing/random.ts';
import { newEvent } from '../contract.ts';
import { verifyChain } from '../hash.ts';
import {
  comparePositions,
  WrongExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '../types.ts';
import { FakeEsdbClient, type AppendFault } from './fake-client.ts';
import { eventStoreOnClient } from './store.ts';

const SEED = Number(process.env.SURVIVAL_SEED ?? 1818);
const WRITERS = 6;
const APPENDS = 20;
const FAULTS: AppendFault[] = [
  'drop-before-commit',
  'drop-after-commit',
  'deadline-after-commit',
  'not-ready',
];

describe('EventStoreDB adapter survives a node that drops connections mid-append', () => {
  it(`keeps every acknowledged append exactly once, chains whole, subscribers exact (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const client = new FakeEsdbClient({ idempotencyWindow: 8 });
    const store = eventStoreOnClient(client, {
      transient: { attempts: 3, initialMs: 1, maxMs: 4 },
      subscription: { backoff: { initialMs: 1, maxMs: 4 } },
    });
    const seen: RecordedEvent[] = [];
    const sub = store.subscribe({ batchSize: 7 });
    const expectedTotal = WRITERS * APPENDS * 2 + 20;
    const consuming = (async () => {
      for await (const batch of sub) {
        seen.push(...batch);
        if (seen.length >= expectedTotal) break;
      }
    })();

    let chaos = true;
    const faultsInjected = { count: 0, restarts: 0 };
    const chaosLoop = (async () => {
      while (chaos) {
        const r = random();
        if (r < 0.1) {
          client.restart();
          faultsInjected.restarts++;
        } else if (r < 0.6) {
          client.faults.push(FAULTS[Math.floor(random() * FAULTS.length)]!);
          faultsInjected.count++;
        }
        await new Promise((res) => setImmediate(res));
      }
    })();

    /**
     * A command's retry: the same events, the same expectation, until acknowledged. Retries
     * of failed 'any' appends come late, after many other events (a command retried after its process
     * restarted), when neither the stream's tail nor the node's id cache still holds the ids.
     */
    const late: (() => Promise<void>)[] = [];
    async function appendUntilAcknowledged(
      streamId: string,
      events: NewEvent[],
      expected: bigint | 'no_stream' | 'any',
      mayDefer = true,
    ): Promise<void> {
      for (let attempt = 0; ; attempt++) {
        try {
          await store.append(streamId, events, expected);
          return;
        } catch (e) {
          if (e instanceof WrongExpectedRevision || attempt > 200) throw e;
          if (mayDefer && expected === 'any')
            return void late.push(() => appendUntilAcknowledged(streamId, events, expected, false));
        }
      }
    }

    const acknowledged = new Map<string, string[]>();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const own = `survivor-${w}`;
        const ids: string[] = [];
        for (let i = 0; i < APPENDS; i++) {
          const events = [newEvent('Step', { w, i, part: 0 }), newEvent('Step', { w, i, part: 1 })];
          // Half exact revisions on the writer's own stream, half 'any' on a stream all share.
          if (i % 2 === 0)
            await appendUntilAcknowledged(
              own,
              events,
              ids.length === 0 ? 'no_stream' : BigInt(ids.length - 1),
            );
          else await appendUntilAcknowledged('survivors-shared', events, 'any');
          if (i % 2 === 0) ids.push(...events.map((e) => e.id));
          else
            acknowledged.set(
              `shared-${w}-${i}`,
              events.map((e) => e.id),
            );
        }
        acknowledged.set(own, ids);
      }),
    );
    // Other commands go on meanwhile: the late retries' ids are far from the stream's tail.
    for (let i = 0; i < 20; i++)
      await appendUntilAcknowledged('survivors-shared', [newEvent('Other', { i })], 'any', false);
    for (const retry of late) await retry();
    chaos = false;
    await chaosLoop;
    await consuming;
    await sub.close();

    expect(faultsInjected.count).toBeGreaterThan(20);
    expect(faultsInjected.restarts).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    for (let w = 0; w < WRITERS; w++) {
      const read = await store.readStream(`survivor-${w}`);
      expect(read.map((e) => e.id)).toEqual(acknowledged.get(`survivor-${w}`));
      expect(verifyChain(read)).toBeNull();
    }
    const shared = await store.readStream('survivors-shared');
    expect(verifyChain(shared)).toBeNull();
    const sharedIds = shared.map((e) => e.id);
    expect(new Set(sharedIds).size).toBe(sharedIds.length);
    for (const [key, ids] of acknowledged) {
      if (!key.startsWith('shared-')) continue;
      const at = sharedIds.indexOf(ids[0]!);
      expect(sharedIds.slice(at, at + 2), key).toEqual(ids);
    }
    expect(shared).toHaveLength(WRITERS * (APPENDS / 2) * 2 + 20);

    expect(seen).toHaveLength(expectedTotal);
    expect(new Set(seen.map((e) => e.id)).size).toBe(expectedTotal);
    for (let i = 1; i < seen.length; i++)
      expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBe(-1);
    await store.close();
  }, 60_000);
});
