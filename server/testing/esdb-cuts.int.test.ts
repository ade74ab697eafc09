/**
 * The platform on EventStoreDB (the adapter on its in-memory double, which can fail appends as
 * a node does: eventstore/esdb/fake-client.ts) under a steady load of top-up requests and
 * approvals, while the node's connection is cut mid-append (before or after the commit), a
 * deadline passes after writes that committed, the node answers "not ready", and it restarts
 * (its id cache emptied, every subscription cut: the projection runner's and the reactors').
 * The adapter is told to give up quickly, so some commands fail; clients retry them with the same
 * commandId until acknowledged. Then every acknowledged command is in the log exactly once,
 * every chain verifies, read models equal a rebuild, money reconciles, and close() finishes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FakeEsdbClient, type AppendFault } from '../../eventstore/esdb/fake-client.ts';
import { eventStoreOnClient } from '../../eventstore/esdb/store.ts';
import { ADMIN, startTestPlatform, type TestPlatform } from './platform.ts';
import { seededRandom } from './random.ts';
import {
  closesWithin,
  eventually,
  expectSurvived,
  loadActors,
  readWholeLog,
  retryUnacknowledged,
  sleep,
  startTopUpLoad,
} from './top-up-load.ts';

const SEED = Number(process.env.SURVIVAL_SEED ?? 1818);
const FAULTS: AppendFault[] = [
  'drop-before-commit',
  'drop-after-commit',
  'deadline-after-commit',
  'not-ready',
];

let platform: TestPlatform | null = null;
afterAll(async () => {
  expect(
    await closesWithin(platform?.running ?? null),
    'platform.close() did not finish within 60 s after the cuts',
  ).toBe(true);
});

describe('EventStoreDB connection cut mid-append under load (double)', () => {
  it(`cuts before and after commits, deadlines, not-ready answers and node restarts: no acknowledged command lost or doubled, retries apply once, read models equal a rebuild (SURVIVAL_SEED=${SEED})`, async () => {
    const random = seededRandom(SEED);
    const client = new FakeEsdbClient({ idempotencyWindow: 16 });
    const store = eventStoreOnClient(client, {
      // Gives up after 3 calls, so that a burst of faults fails the command back to the client.
      transient: { attempts: 3, initialMs: 1, maxMs: 4 },
      subscription: { backoff: { initialMs: 5, maxMs: 50 } },
    });
    platform = await startTestPlatform({ PROJECTION_WAIT_MS: '5000' }, { store });
    const { running } = platform;
    const load = startTopUpLoad(running, await loadActors(running, ADMIN), SEED);

    await eventually('12 acknowledged commands before the cuts', () => load.acked.before >= 12);
    load.phase = 'during';
    const injected = { faults: 0, bursts: 0, restarts: 0 };
    const committedBefore = client.log.length;
    /** A command that failed to its client although its events (some of them) committed. */
    const failedAfterCommit = () => {
      const failed = new Set(
        load.attempts.filter((a) => !a.acked && a.errors.length).map((a) => a.commandId),
      );
      return client.log.some((e) =>
        failed.has((e.metadata as { commandId?: string })?.commandId ?? ''),
      );
    };
    for (let round = 0; round < 150 || load.failed.during < 6 || !failedAfterCommit(); round++) {
      const r = random();
      if (r < 0.05) {
        client.restart();
        injected.restarts++;
      } else if (r < 0.15) {
        // More faults in a row than the adapter waits out: the command fails to the client.
        client.faults.push(...Array.from({ length: 3 }, () => FAULTS[Math.floor(random() * 4)]!));
        injected.bursts++;
      } else if (r < 0.6) {
        client.faults.push(FAULTS[Math.floor(random() * FAULTS.length)]!);
        injected.faults++;
      }
      await sleep(10);
      if (round > 3000) throw new Error('the cuts failed no command');
    }
    client.faults.length = 0;
    load.phase = 'after';
    await eventually('12 acknowledged commands after the cuts', () => load.acked.after >= 12);
    await load.stop();
    expect(load.acked.during, 'commands went through during the cuts too').toBeGreaterThan(0);
    expect(client.log.length).toBeGreaterThan(committedBefore);
    expect(injected.restarts).toBeGreaterThan(0);

    const unacked = load.attempts.filter((a) => !a.acked);
    expect(unacked.length, 'the cuts should have failed some commands').toBeGreaterThan(0);
    // Some failed after their events committed (cut or deadline after the commit): the retry
    // must answer with that write, not write again.
    const inLog = new Set((await readWholeLog(store)).map((e) => e.metadata.commandId));
    const committedButFailed = unacked.filter((a) => inLog.has(a.commandId));
    await retryUnacknowledged(running, load.attempts);
    // What a client was told: the adapter gives up with the port's StoreUnavailable
    // (ES_UNAVAILABLE, retryable), which GraphQL answers as SERVICE_UNAVAILABLE (try again with
    // the same commandId), never "Internal error".
    const answers = new Set(
      unacked.flatMap((a) => a.errors.map((e) => e.split(' ').slice(0, 2).join(' '))),
    );
    expect([...answers].filter((a) => a !== '200 SERVICE_UNAVAILABLE')).toEqual([]);

    await expectSurvived(running, load.attempts);
    expect(client.unhandled).toEqual([]);
    expect(
      committedButFailed.length,
      'commands failed after their events committed',
    ).toBeGreaterThan(0);
  });
});
