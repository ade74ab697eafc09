/**
 * The survival suites' load and their checks, on any event store: customers request top-ups
 * over GraphQL and an admin approves each, while something fails underneath (the read-model
 * database, the event store's connection). Failed commands are retried with the same commandId
 * until acknowledged, then: every acknowledged command is in the log exactly once, every hash
 * chain verifies, every read model equals a rebuild from the log, money reconciles. The
 * suites on the EventStoreDB double use it (esdb-*.int.test.ts); db-crash.int.test.ts is the
 * same load on the Postgres log with checks in SQL.
 */
import { expect } from 'vitest';
import { D, type Dec } from '../../domain/shared/money.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { START, type EventStore, type RecordedEvent } from '../../eventstore/types.ts';
import { verifyLog } from '../../eventstore/verify-log.ts';
import { verifyProjection } from '../../projections/shared/verify.ts';
import { allProjectors } from '../areas/index.ts';
import { ensureUser } from '../bootstrap.ts';
import { DEMO_PROOF_PNG } from '../demo.ts';
import type { RunningPlatform } from '../platform.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a condition with a bound on the number of checks: liveness, never a timing assert. */
export async function eventually(
  what: string,
  ok: () => boolean | Promise<boolean>,
  checks = 1200,
  everyMs = 50,
): Promise<void> {
  for (let i = 0; i < checks; i++) {
    if (await ok()) return;
    await sleep(everyMs);
  }
  throw new Error(`gave up waiting: ${what}`);
}

export interface Attempt {
  kind: 'request' | 'approve';
  commandId: string;
  input: Record<string, unknown>;
  cookie: string;
  /** The id the platform answered with, once acknowledged. */
  acked: string | null;
  /** Each failed answer: `<status> <code> <message>`. */
  errors: string[];
  /** Acknowledged only on a retry after the outage. */
  retried: boolean;
}

const DOCS = {
  request: `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id status } }`,
  approve: `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id status } }`,
};

/** Sends one attempt through the real HTTP stack; true when acknowledged. */
export async function send(running: RunningPlatform, a: Attempt): Promise<boolean> {
  const res = await running.app
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
  const id = body.data?.[a.kind === 'request' ? 'requestTopUp' : 'approveTopUp']?.id;
  if (!body.errors && id) {
    a.acked = id;
    return true;
  }
  a.errors.push(
    `${res.statusCode} ${body.errors?.[0]?.extensions?.code ?? ''} ${body.errors?.[0]?.message ?? ''}`,
  );
  return false;
}

export async function signIn(
  running: RunningPlatform,
  email: string,
  password: string,
): Promise<string> {
  const res = await running.app.inject({
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

/** Two customers and the admin, signed in: [customer cookies, admin cookie]. */
export async function loadActors(
  running: RunningPlatform,
  admin: { email: string; password: string },
): Promise<{ customers: string[]; admin: string }> {
  const customers: string[] = [];
  for (const email of ['asha@example.com', 'ravi@example.com']) {
    const made = await ensureUser(
      { store: running.platform.store, now: () => new Date(), bcryptCost: 10 },
      `test:${email}`,
      { email, name: email, role: 'customer', password: 'customer-password-1' },
    );
    expect(await running.platform.projections.waitFor(made!.position, 10_000)).toBe(true);
    customers.push(await signIn(running, email, 'customer-password-1'));
  }
  return { customers, admin: await signIn(running, admin.email, admin.password) };
}

export type Phase = 'before' | 'during' | 'after';

export interface TopUpLoad {
  attempts: Attempt[];
  acked: Record<Phase, number>;
  failed: Record<Phase, number>;
  phase: Phase;
  /** Stops the workers and waits for them. */
  stop(): Promise<void>;
}

/** `workers` loops of request-then-approve until stopped, counting answers by phase. */
export function startTopUpLoad(
  running: RunningPlatform,
  actors: { customers: string[]; admin: string },
  seed: number,
  workers = 4,
): TopUpLoad {
  let stopped = false;
  const proof = { fileName: 'neft.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
  const load: TopUpLoad = {
    attempts: [],
    acked: { before: 0, during: 0, after: 0 },
    failed: { before: 0, during: 0, after: 0 },
    phase: 'before',
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
  const attempt = async (a: Attempt) => {
    load.attempts.push(a);
    const at = load.phase;
    const ok = await send(running, a);
    if (ok) load.acked[at]++;
    else {
      load.failed[at]++;
      await sleep(25);
    }
    return ok;
  };
  const worker = async (w: number) => {
    for (let n = 0; !stopped; n++) {
      const amount = `${100 + ((seed + w * 7919 + n * 104729) % 9900)}.${String((n * 37) % 100).padStart(2, '0')}`;
      const request: Attempt = {
        kind: 'request',
        commandId: `load-${w}-${n}`,
        input: { amount, method: 'BANK_TRANSFER', reference: `UTR-${w}-${n}`, proof },
        cookie: actors.customers[w % actors.customers.length]!,
        acked: null,
        errors: [],
        retried: false,
      };
      if (!(await attempt(request))) continue;
      await attempt({
        kind: 'approve',
        commandId: `approve-${w}-${n}`,
        input: { topUpId: request.acked },
        cookie: actors.admin,
        acked: null,
        errors: [],
        retried: false,
      });
    }
  };
  const loops = Array.from({ length: workers }, (_, w) => worker(w));
  return load;
}

/** Clients retry every failed command with the same commandId and input until acknowledged. */
export async function retryUnacknowledged(
  running: RunningPlatform,
  attempts: Attempt[],
): Promise<Attempt[]> {
  const unacked = attempts.filter((a) => !a.acked);
  for (const a of unacked) {
    a.retried = true;
    await eventually(
      `retry of ${a.commandId} (${a.errors.join(' | ')})`,
      () => send(running, a),
      100,
      100,
    );
  }
  return unacked;
}

/** The whole log, in global order. */
export async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (let from = START; ;) {
    const batch = await store.readAll({ from, maxCount: 1000 });
    if (batch.length === 0) return out;
    out.push(...batch);
    from = batch[batch.length - 1]!.position;
  }
}

/**
 * After the load and the retries: each attempt is in the log exactly once (and nothing else of
 * the load is), every chain verifies, every read model equals a rebuild from the log at its
 * checkpoint, and each wallet's balance, in the log and in its read model, is the sum of its
 * approved top-ups.
 */
export async function expectSurvived(running: RunningPlatform, attempts: Attempt[]) {
  const { store, sql, projections } = running.platform;
  const log = await readWholeLog(store);
  const byCommand = new Map<string, RecordedEvent[]>();
  for (const e of log) {
    const id = e.metadata.commandId;
    if (!/^(load|approve)-/.test(id)) continue;
    byCommand.set(id, [...(byCommand.get(id) ?? []), e]);
  }
  expect(byCommand.size).toBe(attempts.length);
  for (const a of attempts) {
    const events = byCommand.get(a.commandId);
    const how = `${a.commandId} (acknowledged ${a.retried ? 'on retry' : 'at once'})`;
    expect(events, `${how} is missing from the log`).toBeDefined();
    expect(
      events!.map((e) => [e.type, e.data.topUpId]),
      how,
    ).toEqual([[a.kind === 'request' ? 'TopUpRequested' : 'TopUpApproved', a.acked]]);
  }
  expect(new Set(log.map((e) => `${e.streamId} ${e.id}`)).size).toBe(log.length);
  expect((await verifyLog(store)).breaks).toEqual([]);

  const head = await store.headPosition();
  expect(await projections.waitFor(head, 30_000), 'read models caught up with the log').toBe(true);
  for (const p of allProjectors) {
    const report = await verifyProjection(sql, store, p);
    expect(report.differences, `${p.name}: live read model vs a rebuild from the log`).toEqual([]);
  }

  const approved = new Map<string, Dec>();
  for (const e of log.filter((e) => e.type === 'TopUpApproved')) {
    const customer = String(e.data.customerId);
    approved.set(customer, (approved.get(customer) ?? new D(0)).plus(String(e.data.amount)));
  }
  expect(approved.size).toBeGreaterThan(0);
  for (const [customer, total] of approved) {
    const state = (await store.readStream(`wallet-${customer}`)).reduce(
      (s, e) => walletDecider.evolve(s, e as never),
      walletDecider.initialState,
    );
    expect(state.balance.toFixed(2), `wallet of ${customer} in the log`).toBe(total.toFixed(2));
    const [w] =
      await sql`select balance::text from rm_wallet.wallets where customer_id = ${customer}`;
    expect(w?.balance, `wallet of ${customer} in its read model`).toBe(total.toFixed(2));
  }
  const moneyEvents = log.filter((e) =>
    ['TopUpApproved', 'WalletDebited', 'WalletDebitReversed'].includes(e.type),
  );
  const [ledger] = await sql<{ n: number; distinct_events: number }[]>`
    select count(*)::int as n, count(distinct event_id)::int as distinct_events from rm_wallet.ledger_entries`;
  expect(ledger).toEqual({ n: moneyEvents.length, distinct_events: moneyEvents.length });
  const [counted] = await sql<
    { topups: number }[]
  >`select count(*)::int as topups from rm_wallet.top_ups`;
  expect(counted?.topups).toBe(attempts.filter((a) => a.kind === 'request').length);
}

/** close() must finish (a hang after a failure once did): bounded, so it fails with a message. */
export async function closesWithin(running: RunningPlatform | null, ms = 60_000): Promise<boolean> {
  let bounded: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    (running?.close() ?? Promise.resolve()).then(() => true),
    new Promise<boolean>((r) => (bounded = setTimeout(() => r(false), ms))),
  ]);
  clearTimeout(bounded);
  return closed;
}
