/**
 * Survival suite 3 (projections/shared/crash.int.test.ts) with the log on EventStoreDB (the
 * adapter on its in-memory double): the projection runner, as a process of its own
 * (esdb-projector-child.ts), catches the read models up with a realistic log and is SIGKILLed at
 * random points on the way, restarted each time. The node outlives the runner: each start reads
 * the same log, at the same positions, from the double's saved database, with system records
 * ($stats, stream metadata) between the events as a node writes them. In the end every table is
 * identical (checksum of its ordered rows) to a clean rebuild into another schema, every
 * checkpoint is the head of the log, and no ledger entry was applied twice or lost.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEsdbClient } from '../../eventstore/esdb/fake-client.ts';
import { eventStoreOnClient } from '../../eventstore/esdb/store.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { applyToSchema } from '../../projections/shared/apply.ts';
import { liveSchema, type Projector } from '../../projections/shared/projector.ts';
import {
  createProjectionSchema,
  ensureReaderRole,
  readCheckpoint,
} from '../../projections/shared/schema.ts';
import { allProjectors } from '../areas/index.ts';
import { freshDatabase } from './db.ts';
import { seededRandom } from './random.ts';
import { realisticLog } from './realistic-log.ts';
import { readWholeLog } from './top-up-load.ts';

const SEED = Number(process.env.CRASH_SEED ?? 20260401);
const EVENTS = 20_000;
const KILLS = 6;
/** Tables the seeded log fills (other read models may have nothing to show for it). */
const SEEDED = new Set([
  'identity.tenants',
  'identity.users',
  'activity.activity',
  'wallet.wallets',
  'wallet.ledger_entries',
  'wallet.top_ups',
  'mail.outbox',
]);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

let store: EventStore;
let sql: postgres.Sql;
let url: string;
let snapshotFile: string;

/** Starts the runner process; resolves with how it ended, calling `onLine` for each line. */
function runChild(
  onLine: (line: string, kill: () => void) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'esdb-projector-child.ts'), snapshotFile, url, '500'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (line) =>
    onLine(line, () => child.kill('SIGKILL')),
  );
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
}

async function tableChecksum(schema: string, table: string, orderBy: string) {
  const [row] = await sql.unsafe(
    `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by ${orderBy}), '')) as sum from "${schema}"."${table}" t`,
  );
  return { rows: row!.n as number, md5: row!.sum as string };
}

beforeAll(async () => {
  url = await freshDatabase('esdbcrash');
  sql = postgres(url, { max: 4, types: { bigint: postgres.BigInt }, onnotice: () => {} });
  const client = new FakeEsdbClient();
  store = eventStoreOnClient(client);
  const streams = realisticLog(EVENTS, seededRandom(SEED));
  for (let i = 0; i < streams.length; i += 200) {
    await Promise.all(
      streams.slice(i, i + 200).map((s) => store.append(s.streamId, s.events, 'no_stream')),
    );
    client.writeSystemEvent(); // a node's $stats between the application's events
  }
  snapshotFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'esdb-crash-')), 'node.json');
  await writeFile(snapshotFile, client.snapshot());
});
afterAll(async () => {
  await store?.close();
  await sql?.end({ timeout: 5 });
});

describe('projection runner crash, log on EventStoreDB (double)', () => {
  it(`SIGKILLed at ${KILLS} random points while catching up with ${EVENTS.toLocaleString('en-US')} events from EventStoreDB, it ends identical to a clean rebuild (CRASH_SEED=${SEED})`, async () => {
    const log: RecordedEvent[] = await readWholeLog(store);
    expect(log).toHaveLength(EVENTS);
    const head = await store.headPosition();

    const rnd = seededRandom(SEED ^ 0x5eed);
    const targets = Array.from({ length: KILLS }, () =>
      BigInt(Math.floor(Number(head.commit) * (0.02 + rnd() * 0.9))),
    ).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const killedAt: bigint[] = [];
    for (const target of targets) {
      const delay = Math.floor(rnd() * 40); // lands the kill anywhere inside the batch being applied
      let killing = false;
      const exit = await runChild((line, kill) => {
        const [word, at] = line.split(' ');
        if (word === 'progress' && BigInt(at!) >= target && !killing) {
          killing = true;
          killedAt.push(BigInt(at!));
          setTimeout(kill, delay);
        }
      });
      expect(exit.signal, `the runner finished before the kill at ${target}: ${exit.stderr}`).toBe(
        'SIGKILL',
      );
    }
    expect(killedAt).toHaveLength(KILLS);
    expect(killedAt[KILLS - 1]! - killedAt[0]!).toBeGreaterThan(head.commit / 2n);

    const lines: string[] = [];
    const last = await runChild((line) => lines.push(line));
    expect(last.code, last.stderr).toBe(0);
    expect(lines[lines.length - 1]).toBe(`done ${head.commit}`);

    // A clean rebuild of every read model into a schema of its own, in one pass over the log.
    const clean = (p: Projector) => `${liveSchema(p)}__clean`;
    await ensureReaderRole(sql);
    for (const p of allProjectors) await createProjectionSchema(sql, p, clean(p));
    for (let i = 0; i < log.length; i += 5000) {
      const batch = log.slice(i, i + 5000);
      await sql.begin(async (tx) => {
        for (const p of allProjectors) await applyToSchema(tx, p, clean(p), batch);
      });
    }
    for (const p of allProjectors) {
      const live = liveSchema(p);
      expect((await readCheckpoint(sql, live))!.position).toEqual(head);
      for (const t of p.tables) {
        const [a, b] = [
          await tableChecksum(live, t.name, t.orderBy),
          await tableChecksum(clean(p), t.name, t.orderBy),
        ];
        expect(a, `${p.name}.${t.name}`).toEqual(b);
        if (SEEDED.has(`${p.name}.${t.name}`))
          expect(a.rows, `${p.name}.${t.name} is empty`).toBeGreaterThan(0);
      }
    }

    // No ledger entry applied twice (or lost): one row per money event, balances as the log says.
    const money = log.filter((e) =>
      ['TopUpApproved', 'WalletDebited', 'WalletDebitReversed'].includes(e.type),
    );
    const [ledger] = await sql<{ n: number; distinct_events: number }[]>`
      select count(*)::int as n, count(distinct event_id)::int as distinct_events from rm_wallet.ledger_entries`;
    expect(ledger).toEqual({ n: money.length, distinct_events: money.length });
    const balances = new Map<string, string>();
    for (const e of money) balances.set(String(e.data.customerId), String(e.data.balanceAfter));
    const wallets = await sql<{ customer_id: string; balance: string }[]>`
      select customer_id::text, balance::text from rm_wallet.wallets`;
    expect(new Map(wallets.map((w) => [w.customer_id, w.balance]))).toEqual(balances);
  });
});
