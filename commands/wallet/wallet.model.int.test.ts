import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/decider.ts';
import { permissions as catalog } from '../../server/areas/index.ts';
import { tenantDecider } from '../../domain/tenancy/tenant.ts';
import { OPERATOR_TENANT_ID, tenantStreamId } from '../../domain/tenancy/events.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import type { Actor, EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { localFileStorage } from '../../integrations/storage/files.ts';
import { operatorTenant } from '../../server/bootstrap.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { debitWallet, reverseDebit } from './payments.ts';
import { approveTopUp, rejectTopUp, requestTopUp, type WalletDeps } from './top-ups.ts';

/**
 * Survival suite 1 (issue 5): the wallet's real command functions on a real Postgres log,
 * driven by fast-check. Sequentially, every answer (success, or the DomainError code) and every
 * wallet's folded balance and top-up states are checked against a small in-memory model; under
 * `fc.scheduler` interleavings, the ledger invariants that must hold whatever the order.
 */

const SEED = Number(process.env.FC_SEED ?? 5_2026);
const T = OPERATOR_TENANT_ID;
const ADMIN: Actor = { userId: 'admin-model', role: 'admin' };
const SYSTEM: Actor = { userId: 'system', role: 'system' };
const proof = { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
const MIN = 10_000n; // ₹100.00, the operator's limits (server/bootstrap.ts)
const MAX = 50_000_000n; // ₹5,00,000.00

let store: EventStore;
let deps: WalletDeps;
const owners = new Map<string, string>(); // topUpId → customerId: what the read model would answer
let tick = 0;

beforeAll(async () => {
  store = await createPostgresEventStore(await freshDatabase('wmodel'), { poolSize: 8 });
  deps = {
    store,
    now: () => new Date(Date.UTC(2026, 3, 1) + tick++ * 1000),
    files: localFileStorage(await mkdtemp(path.join(os.tmpdir(), 'wallet-model-'))),
    maxUploadBytes: 5 * 1024 * 1024,
    findTopUpOwner: async (tenantId, topUpId) =>
      tenantId === T ? (owners.get(topUpId) ?? null) : null,
  };
  await handleCommand(
    deps,
    { tenantId: T, actor: SYSTEM, commandId: 'bootstrap:tenant:operator' },
    {
      streamId: tenantStreamId(T),
      decider: tenantDecider,
      command: (now) => ({ type: 'CreateTenant' as const, ...operatorTenant, now }),
    },
  );
});
afterAll(async () => store?.close());

// ---- money in paise, the way the model counts -------------------------------------------------

const text = (p: bigint) => `${p / 100n}.${(p % 100n).toString().padStart(2, '0')}`;
const paise = (s: string) => BigInt(s.replace('.', ''));

// ---- what a call is -----------------------------------------------------------------------------

type Kind = 'request' | 'approve' | 'reject' | 'debit' | 'reverse';
interface Call {
  kind: Kind;
  commandId: string;
  actor: Actor;
  input: Record<string, unknown>;
  /** The wallet the call lands on when it gets that far (null: refused before any stream). */
  customerId: string | null;
  /** What the handler hashes: a retry with another key is "other input". */
  key: string;
  /** Staff permissions (admins only). */
  permissions?: readonly string[];
}

const BILLING = catalog.permissionsOf('billing'); // may approve top-ups
const SUPPORT = catalog.permissionsOf('support'); // may not

type Answer =
  | {
      ok: true;
      result: { events: RecordedEvent[]; replayed: boolean; topUpId?: string; paymentId?: string };
    }
  | { ok: false; code: string };

async function execute(d: WalletDeps, call: Call): Promise<Answer> {
  const ctx: CommandContext = {
    tenantId: T,
    actor: call.actor,
    commandId: call.commandId,
    ...(call.permissions ? { permissions: call.permissions } : {}),
  };
  try {
    const run = {
      request: requestTopUp,
      approve: approveTopUp,
      reject: rejectTopUp,
      debit: debitWallet,
      reverse: reverseDebit,
    }[call.kind];
    return { ok: true, result: await run(d, ctx, call.input) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, code: error.code };
    throw error;
  }
}

// ---- the model ----------------------------------------------------------------------------------

interface Model {
  run: number;
  customers: string[];
  balance: Map<string, bigint>;
  topUps: {
    id: string;
    customerId: string;
    amount: bigint;
    status: 'PENDING' | 'APPROVED' | 'REJECTED';
  }[];
  payments: { id: string; customerId: string; amount: bigint; reversed: boolean }[];
  /** Per wallet: commandId → the first successful answer (DESIGN rule 5). */
  effects: Map<string, Map<string, { key: string; eventIds: string[]; extra?: string }>>;
  events: Map<string, number>;
  calls: Call[];
}

type Expected =
  | { code: string }
  | { replay: { eventIds: string[]; extra?: string } }
  | { write: { type: string; data: Record<string, string>; extra?: string; apply(): void } };

/** What the platform must answer to `call` in the model's state, in the order the real code checks. */
function expected(m: Model, c: Call): Expected {
  const i = c.input as Record<string, any>;
  const wallet = c.customerId ? (m.effects.get(c.customerId) ?? new Map()) : null;
  const prior = () => {
    const first = wallet?.get(c.commandId);
    if (!first) return null;
    return first.key === c.key
      ? { replay: { eventIds: first.eventIds, extra: first.extra } }
      : { code: 'CONFLICT' };
  };
  switch (c.kind) {
    case 'request': {
      if (c.actor.role !== 'customer') return { code: 'FORBIDDEN' };
      if (!/^\d{1,15}\.\d{2}$/.test(i.amount)) return { code: 'BAD_USER_INPUT' };
      const p = prior();
      if (p) return p;
      const amount = paise(i.amount);
      if (amount <= 0n || amount < MIN || amount > MAX) return { code: 'BAD_USER_INPUT' };
      const id = uuidFrom(`topup:${T}:${c.actor.userId}:${c.commandId}`);
      return {
        write: {
          type: 'TopUpRequested',
          data: { topUpId: id, amount: text(amount), method: i.method },
          extra: id,
          apply: () => m.topUps.push({ id, customerId: c.customerId!, amount, status: 'PENDING' }),
        },
      };
    }
    case 'approve':
    case 'reject': {
      if (c.actor.role !== 'admin' || !c.permissions?.includes('wallet.approve'))
        return { code: 'FORBIDDEN' };
      if (c.kind === 'reject' && String(i.reason).trim().length < 3)
        return { code: 'BAD_USER_INPUT' };
      const topUp = m.topUps.find((t) => t.id === i.topUpId);
      if (!topUp) return { code: 'NOT_FOUND' };
      const p = prior();
      if (p) return p;
      if (topUp.status !== 'PENDING') return { code: 'CONFLICT' };
      const after = m.balance.get(topUp.customerId)! + (c.kind === 'approve' ? topUp.amount : 0n);
      return {
        write: {
          type: c.kind === 'approve' ? 'TopUpApproved' : 'TopUpRejected',
          data:
            c.kind === 'approve'
              ? { topUpId: topUp.id, amount: text(topUp.amount), balanceAfter: text(after) }
              : { topUpId: topUp.id, reason: i.reason },
          extra: topUp.id,
          apply: () => {
            topUp.status = c.kind === 'approve' ? 'APPROVED' : 'REJECTED';
            m.balance.set(topUp.customerId, after);
          },
        },
      };
    }
    case 'debit': {
      if (!/^\d{1,15}\.\d{2}$/.test(i.amount)) return { code: 'BAD_USER_INPUT' };
      if (c.actor.role === 'customer' && c.actor.userId !== i.customerId)
        return { code: 'FORBIDDEN' };
      const p = prior();
      if (p) return p;
      const amount = paise(i.amount);
      const balance = m.balance.get(i.customerId)!;
      if (amount <= 0n) return { code: 'BAD_USER_INPUT' };
      if (balance < amount) return { code: 'CONFLICT' };
      const id = uuidFrom(`payment:${T}:${i.customerId}:${c.commandId}`);
      return {
        write: {
          type: 'WalletDebited',
          data: {
            paymentId: id,
            amount: text(amount),
            balanceAfter: text(balance - amount),
            description: i.description,
          },
          extra: id,
          apply: () => {
            m.payments.push({ id, customerId: i.customerId, amount, reversed: false });
            m.balance.set(i.customerId, balance - amount);
          },
        },
      };
    }
    case 'reverse': {
      if (c.actor.role !== 'admin' && c.actor.role !== 'system') return { code: 'FORBIDDEN' };
      const p = prior();
      if (p) return p;
      const payment = m.payments.find((x) => x.id === i.paymentId && x.customerId === i.customerId);
      if (!payment) return { code: 'NOT_FOUND' };
      if (payment.reversed) return { code: 'CONFLICT' };
      const after = m.balance.get(payment.customerId)! + payment.amount;
      return {
        write: {
          type: 'WalletDebitReversed',
          data: { paymentId: payment.id, amount: text(payment.amount), balanceAfter: text(after) },
          apply: () => {
            payment.reversed = true;
            m.balance.set(payment.customerId, after);
          },
        },
      };
    }
  }
}

// ---- operations fast-check generates ------------------------------------------------------------

type AmountSpec = { pct: number } | { fixed: string };
type Op =
  | {
      kind: 'request';
      customer: number;
      amount: AmountSpec;
      method: 'BANK_TRANSFER' | 'CRYPTO';
      asAdmin: boolean;
    }
  | {
      kind: 'approve' | 'reject';
      pick: number;
      unknown: boolean;
      by: 'billing' | 'support' | 'customer';
      reason: string;
    }
  | {
      kind: 'debit';
      customer: number;
      amount: AmountSpec;
      by: 'owner' | 'admin' | 'other';
      description: string;
    }
  | { kind: 'reverse'; pick: number; unknown: boolean; by: 'admin' | 'system' | 'customer' }
  | { kind: 'retry'; pick: number; sameInput: boolean };

const amountArb: fc.Arbitrary<AmountSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 160 }).map((pct) => ({ pct })) },
  { weight: 2, arbitrary: fc.constantFrom({ pct: 100 }) }, // the whole balance: the boundary of "never below zero"
  {
    weight: 3,
    arbitrary: fc.bigInt({ min: 1n, max: 60_000_000n }).map((p) => ({ fixed: text(p) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '0.00',
        '100.00',
        '500000.00',
        '500000.01',
        '99.99',
        '1e5',
        'NaN',
        '-5.00',
        '12.345',
        ' ',
      )
      .map((fixed) => ({ fixed })),
  },
);
const staffArb = fc.constantFrom(
  'billing' as const,
  'billing' as const,
  'billing' as const,
  'billing' as const,
  'billing' as const,
  'billing' as const,
  'support' as const,
  'customer' as const,
);
const reasonArb = fc.constantFrom(
  'UTR not found in statement',
  'no',
  'duplicate request ✓',
  'पैसा नहीं मिला',
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      customer: fc.nat(1),
      amount: amountArb,
      method: fc.constantFrom('BANK_TRANSFER' as const, 'CRYPTO' as const),
      asAdmin: fc.nat(14).map((n) => n === 0),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('approve' as const),
      pick: fc.nat(),
      unknown: fc.nat(7).map((n) => n === 0),
      by: staffArb,
      reason: reasonArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reject' as const),
      pick: fc.nat(),
      unknown: fc.nat(7).map((n) => n === 0),
      by: staffArb,
      reason: reasonArb,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('debit' as const),
      customer: fc.nat(1),
      amount: amountArb,
      by: fc.constantFrom(
        'owner' as const,
        'owner' as const,
        'owner' as const,
        'admin' as const,
        'other' as const,
      ),
      description: fc.constantFrom('Invoice INV/2026/001', 'VPS s-2vcpu · April', 'GPU hours 🚀'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        kind: fc.constant('reverse' as const),
        pick: fc.nat(),
        unknown: fc.boolean(),
        by: fc.constantFrom('admin' as const, 'system' as const, 'customer' as const),
      })
      .map((o) => ({ ...o, unknown: o.unknown && o.pick % 6 === 0 })),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('retry' as const),
      pick: fc.nat(),
      sameInput: fc.boolean(),
    }),
  },
);

let nextCommand = 0;
const newCommandId = (m: Model) => `model:${m.run}:${nextCommand++}`;
const customerActor = (id: string): Actor => ({ userId: id, role: 'customer' });
const amountOf = (m: Model, customerId: string, a: AmountSpec) =>
  'fixed' in a
    ? a.fixed
    : text(
        (m.balance.get(customerId)! * BigInt(a.pct)) / 100n > 0n
          ? (m.balance.get(customerId)! * BigInt(a.pct)) / 100n
          : 1n,
      );

/** Turns an operation into a concrete call in the model's current state. */
function toCall(m: Model, op: Op): Call | null {
  switch (op.kind) {
    case 'request': {
      const customerId = m.customers[op.customer]!;
      // A share of a balance means nothing for a request: spread those over the valid range instead.
      const amount =
        'pct' in op.amount ? text(MIN + BigInt(op.amount.pct) * 173_205n) : op.amount.fixed;
      const input = { amount, method: op.method, reference: `UTR-${m.run}-${nextCommand}`, proof };
      return {
        kind: 'request',
        commandId: newCommandId(m),
        actor: op.asAdmin ? ADMIN : customerActor(customerId),
        input,
        customerId,
        key: keyOf('request', input),
      };
    }
    case 'approve':
    case 'reject': {
      // Mostly a pending request (the interesting case), sometimes any (decided twice), rarely none.
      const pending = m.topUps.filter((x) => x.status === 'PENDING');
      const pool = pending.length && op.pick % 4 !== 0 ? pending : m.topUps;
      const t = pool.length && !op.unknown ? pool[op.pick % pool.length]! : null;
      const input =
        op.kind === 'approve'
          ? { topUpId: t?.id ?? uuidFrom(`nope:${op.pick}`) }
          : { topUpId: t?.id ?? uuidFrom(`nope:${op.pick}`), reason: op.reason };
      const actor = op.by === 'customer' ? customerActor(m.customers[0]!) : ADMIN;
      const permissions = op.by === 'billing' ? BILLING : op.by === 'support' ? SUPPORT : undefined;
      return {
        kind: op.kind,
        commandId: newCommandId(m),
        actor,
        permissions,
        input,
        customerId: t?.customerId ?? null,
        key: keyOf(op.kind, input),
      };
    }
    case 'debit': {
      const customerId = m.customers[op.customer]!;
      const input = {
        customerId,
        amount: amountOf(m, customerId, op.amount),
        description: op.description,
      };
      const actor =
        op.by === 'admin'
          ? ADMIN
          : customerActor(op.by === 'owner' ? customerId : m.customers[1 - op.customer]!);
      return {
        kind: 'debit',
        commandId: newCommandId(m),
        actor,
        permissions: op.by === 'admin' ? SUPPORT : undefined,
        input,
        customerId,
        key: keyOf('debit', input),
      };
    }
    case 'reverse': {
      const p = m.payments.length && !op.unknown ? m.payments[op.pick % m.payments.length]! : null;
      const customerId = p?.customerId ?? m.customers[0]!;
      const input = {
        customerId,
        paymentId: p?.id ?? uuidFrom(`nopay:${op.pick}`),
        reason: 'provisioning failed',
      };
      const actor =
        op.by === 'admin' ? ADMIN : op.by === 'system' ? SYSTEM : customerActor(customerId);
      return {
        kind: 'reverse',
        commandId: newCommandId(m),
        actor,
        permissions: op.by === 'admin' ? BILLING : undefined,
        input,
        customerId,
        key: keyOf('reverse', input),
      };
    }
    case 'retry': {
      if (m.calls.length === 0) return null;
      const first = m.calls[op.pick % m.calls.length]!;
      if (op.sameInput) return { ...first };
      // Other input on the same wallet: another amount, reason or description; an approval's id reused to reject.
      const i = first.input as Record<string, any>;
      const changed: Call =
        first.kind === 'request'
          ? { ...first, input: { ...i, amount: i.amount === '150.00' ? '150.01' : '150.00' } }
          : first.kind === 'approve'
            ? { ...first, kind: 'reject', input: { ...i, reason: 'changed my mind' } }
            : first.kind === 'reject'
              ? { ...first, input: { ...i, reason: `${i.reason} (2)` } }
              : first.kind === 'debit'
                ? {
                    ...first,
                    input: {
                      ...i,
                      amount: i.amount === '0.01' ? '0.02' : '0.01',
                      description: `${i.description} (again)`,
                    },
                  }
                : { ...first, input: { ...i, reason: 'another reason' } };
      return { ...changed, key: keyOf(changed.kind, changed.input) };
    }
  }
}

const keyOf = (kind: Kind, input: Record<string, unknown>) => JSON.stringify([kind, input]);

/** One step: the model's expectation, the real answer, then the whole state compared. */
async function step(m: Model, op: Op): Promise<void> {
  const call = toCall(m, op);
  if (!call) return;
  const want = expected(m, call);
  const got = await execute(deps, call);
  const outcome = 'code' in want ? want.code : 'replay' in want ? 'replay' : 'ok';
  const tally = `${op.kind === 'retry' ? `retry(${op.sameInput ? 'same' : 'other'})→` : ''}${call.kind}:${outcome}`;
  coverage.set(tally, (coverage.get(tally) ?? 0) + 1);
  const label = `${JSON.stringify(op)} → ${call.kind} ${call.commandId} ${call.key}`;
  if ('code' in want) {
    expect(got, label).toEqual({ ok: false, code: want.code });
  } else if ('replay' in want) {
    expect(got.ok, `${label}: ${fc.stringify(got)}`).toBe(true);
    const r = (got as Extract<Answer, { ok: true }>).result;
    expect(r.replayed, label).toBe(true);
    expect(
      r.events.map((e) => e.id),
      label,
    ).toEqual(want.replay.eventIds);
    if (want.replay.extra) expect(r.topUpId ?? r.paymentId, label).toBe(want.replay.extra);
  } else {
    expect(got.ok, `${label}: ${fc.stringify(got)}`).toBe(true);
    const r = (got as Extract<Answer, { ok: true }>).result;
    const streamId = walletStreamId(call.customerId!);
    expect(r.replayed, label).toBe(false);
    expect(
      r.events.map((e) => [e.type, e.id, e.streamId]),
      label,
    ).toEqual([[want.write.type, uuidFrom(`${T}:${call.commandId}:${streamId}:0`), streamId]]);
    expect(r.events[0]!.data, label).toMatchObject(want.write.data);
    if (want.write.extra)
      expect(r.topUpId ?? (call.kind === 'debit' ? r.paymentId : want.write.extra), label).toBe(
        want.write.extra,
      );
    want.write.apply();
    if (call.kind === 'request') owners.set(want.write.extra!, call.customerId!);
    const wallet = m.effects.get(call.customerId!) ?? new Map();
    wallet.set(call.commandId, {
      key: call.key,
      eventIds: r.events.map((e) => e.id),
      extra: want.write.extra,
    });
    m.effects.set(call.customerId!, wallet);
    m.events.set(call.customerId!, (m.events.get(call.customerId!) ?? 0) + 1);
  }
  m.calls.push(call);
  for (const customerId of m.customers) {
    const events = await store.readStream(walletStreamId(customerId));
    expect(events.length, `${label}: events on ${customerId}`).toBe(m.events.get(customerId) ?? 0);
    const state = events.reduce(
      (s, e) => walletDecider.evolve(s, e as never),
      walletDecider.initialState,
    );
    expect(state.balance.toFixed(2), `${label}: balance of ${customerId}`).toBe(
      text(m.balance.get(customerId)!),
    );
    const statuses = Object.fromEntries([...state.topUps].map(([id, t]) => [id, t.status]));
    expect(statuses, label).toEqual(
      Object.fromEntries(
        m.topUps.filter((t) => t.customerId === customerId).map((t) => [t.id, t.status]),
      ),
    );
  }
}

class WalletOp implements fc.AsyncCommand<Model, null> {
  constructor(readonly op: Op) {}
  check = () => true;
  run = (m: Model) => step(m, this.op);
  toString = () => JSON.stringify(this.op);
}

/** How often each (command, answer) pair came up: the suite must exercise them all. */
const coverage = new Map<string, number>();
let runs = 0;
function freshModel(): Model {
  const run = ++runs;
  const customers = [uuidFrom(`model:${SEED}:${run}:a`), uuidFrom(`model:${SEED}:${run}:b`)];
  return {
    run,
    customers,
    balance: new Map(customers.map((c) => [c, 0n])),
    topUps: [],
    payments: [],
    effects: new Map(),
    events: new Map(),
    calls: [],
  };
}

describe('wallet commands against a model (fc.commands)', () => {
  it('every answer and every balance matches the model, retries included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.commands([opArb.map((op) => new WalletOp(op))], { maxCommands: 50, size: 'large' }),
        (cmds) => fc.asyncModelRun(() => ({ model: freshModel(), real: null }), cmds),
      ),
      { numRuns: 50, seed: SEED, verbose: 1 },
    );
    const seen = (re: RegExp) =>
      [...coverage].filter(([k]) => re.test(k)).reduce((n, [, c]) => n + c, 0);
    for (const re of [
      /^request:ok/,
      /^approve:ok/,
      /^reject:ok/,
      /^debit:ok/,
      /^reverse:ok/,
      /^debit:CONFLICT/,
      /^approve:CONFLICT/,
      /^reverse:CONFLICT/,
      /:FORBIDDEN/,
      /:NOT_FOUND/,
      /:BAD_USER_INPUT/,
      /^retry\(same\).*:replay/,
      /^retry\(other\).*:CONFLICT/,
      /^retry\(other\).*:ok/,
    ]) {
      expect(seen(re), `${re} never came up:\n${[...coverage].join('\n')}`).toBeGreaterThan(0);
    }
  });
});

// ---- interleavings ------------------------------------------------------------------------------

type Concurrent =
  | { kind: 'approve' | 'reject'; topUp: number; slot: number | null }
  | { kind: 'debit'; amount: string; slot: number | null }
  | { kind: 'reverse'; payment: number; slot: number | null }
  | { kind: 'request'; amount: string; slot: number | null };

const slotArb = fc.option(fc.nat(3), { freq: 3 }); // a shared commandId now and then: reuse with same or other input
const concurrentArb: fc.Arbitrary<Concurrent> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('approve' as const, 'reject' as const),
    topUp: fc.nat(2),
    slot: slotArb,
  }),
  fc.record({
    kind: fc.constant('debit' as const),
    amount: fc.constantFrom('100.00', '333.33', '500.00', '1150.00', '2000.00', '0.01'),
    slot: slotArb,
  }),
  fc.record({
    kind: fc.constant('debit' as const),
    amount: fc.constantFrom('100.00', '333.33', '500.00', '1150.00', '2000.00', '0.01'),
    slot: slotArb,
  }),
  fc.record({ kind: fc.constant('reverse' as const), payment: fc.nat(1), slot: slotArb }),
  fc.record({
    kind: fc.constant('request' as const),
    amount: fc.constantFrom('150.00', '999.99'),
    slot: slotArb,
  }),
);

/** The wallet's own history, sequentially: ₹1,500 credited, ₹350 paid, three requests pending → ₹1,150. */
async function seedWallet(customerId: string, tag: string) {
  const as = (actor: Actor, commandId: string, permissions?: readonly string[]) => ({
    tenantId: T,
    actor,
    commandId: `${tag}:${commandId}`,
    permissions,
  });
  const topUps: string[] = [];
  for (const [i, amount] of ['1000.00', '500.00', '200.00', '300.00', '400.00'].entries()) {
    const r = await requestTopUp(deps, as(customerActor(customerId), `req${i}`), {
      amount,
      method: 'BANK_TRANSFER',
      reference: `SEED-${tag}-${i}`,
      proof,
    });
    owners.set(r.topUpId, customerId);
    topUps.push(r.topUpId);
  }
  for (const id of topUps.slice(0, 2))
    await approveTopUp(deps, as(ADMIN, `approve:${id}`, BILLING), { topUpId: id });
  const payments: string[] = [];
  for (const [i, amount] of ['100.00', '250.00'].entries()) {
    payments.push(
      (
        await debitWallet(deps, as(customerActor(customerId), `pay${i}`), {
          customerId,
          amount,
          description: `seed ${i}`,
        })
      ).paymentId,
    );
  }
  return { pending: topUps.slice(2), payments };
}

describe('wallet commands under fc.scheduler interleavings', () => {
  it('whatever the order: balance = credits − debits + reversals ≥ 0 at every revision, each top-up decided once, each commandId one effect', async () => {
    let run = 0;
    const tally = { ok: 0, conflict: 0, sharedIds: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(concurrentArb, { minLength: 4, maxLength: 14 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (s, ops, dups) => {
          const tag = `sched:${SEED}:${++run}`;
          const customerId = uuidFrom(`${tag}:customer`);
          const seeded = await seedWallet(customerId, tag);
          const seededEvents = (await store.readStream(walletStreamId(customerId))).length;

          // The store as the commands see it: each read and append starts, and answers, when the scheduler says.
          const gated =
            <A extends unknown[], R>(label: string, f: (...a: A) => Promise<R>) =>
            async (...a: A): Promise<R> => {
              await s.schedule(Promise.resolve(), `${label} starts`);
              const p = f(...a);
              // The answer is passed on when the scheduler says (a settled-or-not gate, so reports stay short).
              await s.schedule(
                p.then(
                  () => 'ok',
                  (e: Error) => e.name,
                ),
                `${label} answers`,
              );
              return p;
            };
          const sDeps: WalletDeps = {
            ...deps,
            store: {
              ...store,
              readStream: gated('readStream', store.readStream),
              append: gated('append', store.append),
            },
          };

          const calls: Call[] = ops.map((op, i): Call => {
            const commandId = op.slot === null ? `${tag}:op${i}` : `${tag}:shared${op.slot}`;
            const base = { commandId, customerId, key: '' };
            switch (op.kind) {
              case 'approve':
              case 'reject':
                return {
                  ...base,
                  kind: op.kind,
                  actor: ADMIN,
                  permissions: BILLING,
                  input: {
                    topUpId: seeded.pending[op.topUp]!,
                    ...(op.kind === 'reject' ? { reason: 'not received' } : {}),
                  },
                };
              case 'debit':
                return {
                  ...base,
                  kind: 'debit',
                  actor: customerActor(customerId),
                  input: { customerId, amount: op.amount, description: 'concurrent' },
                };
              case 'reverse':
                return {
                  ...base,
                  kind: 'reverse',
                  actor: SYSTEM,
                  input: { customerId, paymentId: seeded.payments[op.payment]!, reason: 'refund' },
                };
              case 'request':
                return {
                  ...base,
                  kind: 'request',
                  actor: customerActor(customerId),
                  input: {
                    amount: op.amount,
                    method: 'BANK_TRANSFER',
                    reference: `C-${customerId.slice(0, 8)}-${i}`,
                    proof,
                  },
                };
            }
          });
          for (const c of calls) c.key = keyOf(c.kind, c.input);
          for (const d of dups) if (calls.length) calls.push({ ...calls[d % calls.length]! }); // the same call twice at once
          const answers = await s.waitFor(Promise.all(calls.map((c) => execute(sDeps, c))));

          const events = await store.readStream(walletStreamId(customerId));
          const fresh = events.slice(seededEvents);
          // Balance at every revision: the running fold equals each event's balanceAfter and never dips below zero.
          let balance = 0n;
          for (const e of events) {
            const d = e.data as Record<string, string>;
            if (e.type === 'TopUpApproved' || e.type === 'WalletDebitReversed')
              balance += paise(d.amount!);
            if (e.type === 'WalletDebited') balance -= paise(d.amount!);
            expect(balance >= 0n, `negative balance at revision ${e.revision}`).toBe(true);
            if (d.balanceAfter !== undefined)
              expect(d.balanceAfter, `balanceAfter at revision ${e.revision}`).toBe(text(balance));
          }
          // … and equals the seeded ₹1,150 plus what the successful answers say they moved.
          const okByCommand = new Map<string, { call: Call; events: RecordedEvent[] }[]>();
          answers.forEach((a, i) => {
            if (!a.ok) return;
            const list = okByCommand.get(calls[i]!.commandId) ?? [];
            list.push({ call: calls[i]!, events: a.result.events });
            okByCommand.set(calls[i]!.commandId, list);
          });
          let moved = 0n;
          for (const [commandId, oks] of okByCommand) {
            // One effect per commandId: every caller was given the same single event, and it is in the log once.
            const ids = new Set(oks.map((o) => o.events.map((e) => e.id).join()));
            expect(ids.size, `callers of ${commandId} got different answers`).toBe(1);
            expect(oks[0]!.events).toHaveLength(1);
            const e = oks[0]!.events[0]!;
            expect(
              fresh.filter((x) => x.metadata.commandId === commandId).map((x) => x.id),
              commandId,
            ).toEqual([e.id]);
            // … and it is the effect each of them asked for (a reused id with other input must not be told "done").
            for (const { call } of oks)
              expect(
                matches(call, e),
                `${commandId}: ${call.key} answered with ${e.type} ${fc.stringify(e.data)}`,
              ).toBe(true);
            const d = e.data as Record<string, string>;
            if (e.type === 'TopUpApproved' || e.type === 'WalletDebitReversed')
              moved += paise(d.amount!);
            if (e.type === 'WalletDebited') moved -= paise(d.amount!);
          }
          expect(balance).toBe(115_000n + moved);
          // Nothing in the log that nobody was told about; refusals are the expected kinds only.
          for (const e of fresh)
            expect(okByCommand.has(e.metadata.commandId), `unacknowledged ${e.type}`).toBe(true);
          answers.forEach((a, i) => {
            if (!a.ok)
              expect(['CONFLICT', 'NOT_FOUND', 'BAD_USER_INPUT'], `${calls[i]!.key}`).toContain(
                a.code,
              );
          });
          // Each top-up decided at most once, each payment reversed at most once.
          for (const id of seeded.pending)
            expect(
              events.filter(
                (e) =>
                  (e.type === 'TopUpApproved' || e.type === 'TopUpRejected') &&
                  e.data.topUpId === id,
              ).length,
            ).toBeLessThanOrEqual(1);
          for (const id of seeded.payments)
            expect(
              events.filter((e) => e.type === 'WalletDebitReversed' && e.data.paymentId === id)
                .length,
            ).toBeLessThanOrEqual(1);

          tally.ok += okByCommand.size;
          tally.conflict += answers.filter((a) => !a.ok && a.code === 'CONFLICT').length;
          tally.sharedIds += [...new Set(calls.map((c) => c.commandId))].filter(
            (id) => calls.filter((c) => c.commandId === id).length > 1,
          ).length;
        },
      ),
      { numRuns: 30, seed: SEED, verbose: 1 },
    );
    expect(tally.ok).toBeGreaterThan(50);
    expect(tally.conflict).toBeGreaterThan(20);
    expect(tally.sharedIds).toBeGreaterThan(10);
  });
});

/** Whether `e` is the effect `call` asked for. */
function matches(call: Call, e: RecordedEvent): boolean {
  const i = call.input as Record<string, string>;
  const d = e.data as Record<string, string>;
  switch (call.kind) {
    case 'approve':
      return e.type === 'TopUpApproved' && d.topUpId === i.topUpId;
    case 'reject':
      return e.type === 'TopUpRejected' && d.topUpId === i.topUpId && d.reason === i.reason;
    case 'debit':
      return e.type === 'WalletDebited' && d.amount === i.amount && d.description === i.description;
    case 'reverse':
      return (
        e.type === 'WalletDebitReversed' && d.paymentId === i.paymentId && d.reason === i.reason
      );
    case 'request':
      return e.type === 'TopUpRequested' && d.amount === i.amount && d.reference === i.reference;
  }
}
