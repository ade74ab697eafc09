/**
 * Survival suite 4 (db-crash.int.test.ts) with the events on EventStoreDB (the adapter on its
 * in-memory double, eventstore/esdb/fake-client.ts): the read-model PostgreSQL (read models,
 * sessions, checkpoints) is killed with `pg_ctl stop -m immediate` under a steady load of top-up
 * requests and approvals, and restarted. Commands whose events reached the log but whose read
 * models could not catch up were told to ask again; retried with the same commandId, each takes
 * effect once. Then every acknowledged command is in the log exactly once, read models equal a
 * rebuild, money reconciles, and close() finishes.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeEsdbClient } from '../../eventstore/esdb/fake-client.ts';
import { eventStoreOnClient } from '../../eventstore/esdb/store.ts';
import { loadSettings } from '../config.ts';
import { startPlatform, type RunningPlatform } from '../platform.ts';
import { startKillablePostgres, type KillablePostgres } from './killable-postgres.ts';
import {
  closesWithin,
  eventually,
  expectSurvived,
  loadActors,
  retryUnacknowledged,
  startTopUpLoad,
} from './top-up-load.ts';

const SEED = Number(process.env.DBCRASH_SEED ?? 4242);
const ADMIN = { email: 'admin@akashone.com', password: 'admin-test-password-1' };

let pg: KillablePostgres | null = null;
let running: RunningPlatform | null = null;
afterAll(async () => {
  const closed = await closesWithin(running);
  await pg?.stop();
  expect(closed, 'platform.close() did not finish within 60 s after the database crash').toBe(true);
});

describe('read-model database crash under load, events on EventStoreDB (double)', () => {
  it(`PostgreSQL killed and restarted while the events go to EventStoreDB: no acknowledged command lost or doubled, retries apply once, read models equal a rebuild (DBCRASH_SEED=${SEED})`, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'esdb-db-crash-'));
    pg = await startKillablePostgres(path.join(dir, 'pg'), 58_400 + (SEED % 700));
    await pg.createDatabase('platform');
    const client = new FakeEsdbClient();
    const store = eventStoreOnClient(client, {
      subscription: { backoff: { initialMs: 10, maxMs: 200 } },
    });
    const settings = loadSettings({
      DATABASE_URL: pg.url('platform'),
      DATA_DIR: dir,
      BCRYPT_COST: '10',
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      NODE_ENV: 'test',
      PROJECTION_WAIT_MS: '2000',
    });
    running = await startPlatform(settings, { listen: false, store });
    expect(running.platform.store.kind).toBe('eventstoredb');
    const load = startTopUpLoad(running, await loadActors(running, ADMIN), SEED);

    await eventually('12 acknowledged commands before the crash', () => load.acked.before >= 12);
    load.phase = 'during';
    await pg.kill();
    await eventually('commands failing while PostgreSQL is down', () => load.failed.during >= 8);
    await pg.restart();
    load.phase = 'after';
    await eventually('12 acknowledged commands after the restart', () => load.acked.after >= 12);
    await eventually(
      'healthz ok again',
      async () =>
        (await running!.app.inject({ method: 'GET', url: '/healthz' })).statusCode === 200,
    );
    await load.stop();

    const unacked = await retryUnacknowledged(running, load.attempts);
    expect(unacked.length, 'the outage should have failed some commands').toBeGreaterThan(0);
    // While it was down, clients were told so in a way they can act on: retry, same commandId.
    const answers = new Set(
      unacked.flatMap((a) => a.errors.map((e) => e.split(' ').slice(0, 2).join(' '))),
    );
    expect([...answers]).toEqual(['200 SERVICE_UNAVAILABLE']);
    // Some of them had reached the log already (their read models could not show them): the
    // retry answered with that write instead of writing again.
    await expectSurvived(running, load.attempts);
    expect(load.acked.before + load.acked.after).toBeGreaterThanOrEqual(24);
    expect(client.unhandled).toEqual([]);
  });
});
