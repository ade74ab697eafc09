import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions as catalog } from '../../server/areas/index.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { D } from '../../domain/shared/money.ts';
import { OPERATOR_TENANT_ID, tenantStreamId } from '../../domain/tenancy/events.ts';
import { tenantDecider } from '../../domain/tenancy/tenant.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { localFileStorage } from '../../integrations/storage/files.ts';
import { operatorTenant } from '../../server/bootstrap.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { handleCommand } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { debitWallet } from './payments.ts';
import { approveTopUp, requestTopUp, type WalletDeps } from './top-ups.ts';

/**
 * Survival suite 2 (issue 5): N concurrent payments, each for the whole balance, on one wallet
 * let exactly ⌊balance ÷ price⌋ through and the balance never dips below zero; one commandId sent
 * 100 times at once has one effect and every caller gets the same answer.
 */

const T = OPERATOR_TENANT_ID;
const N = 100;
let store: EventStore;
let deps: WalletDeps;
const owners = new Map<string, string>();
let wallets = 0;

beforeAll(async () => {
  store = await createPostgresEventStore(await freshDatabase('dspend'), { poolSize: 10 });
  deps = {
    store,
    now: () => new Date(),
    files: localFileStorage(await mkdtemp(path.join(os.tmpdir(), 'double-spend-'))),
    maxUploadBytes: 5 * 1024 * 1024,
    findTopUpOwner: async (_tenantId, topUpId) => owners.get(topUpId) ?? null,
  };
  await handleCommand(
    deps,
    {
      tenantId: T,
      actor: { userId: 'system', role: 'system' },
      commandId: 'bootstrap:tenant:operator',
    },
    {
      streamId: tenantStreamId(T),
      decider: tenantDecider,
      command: (now) => ({ type: 'CreateTenant' as const, ...operatorTenant, now }),
    },
  );
});
afterAll(async () => store?.close());

/** A customer whose wallet holds `balance`, credited through the real request → approve path. */
async function fundedWallet(balance: string): Promise<string> {
  const customerId = uuidFrom(`double-spend:${++wallets}`);
  const proof = { fileName: 'neft.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
  const req = await requestTopUp(
    deps,
    {
      tenantId: T,
      actor: { userId: customerId, role: 'customer' },
      commandId: `fund:${customerId}`,
    },
    {
      amount: balance,
      method: 'BANK_TRANSFER',
      reference: `NEFT-${customerId.slice(0, 8)}`,
      proof,
    },
  );
  owners.set(req.topUpId, customerId);
  await approveTopUp(
    deps,
    {
      tenantId: T,
      actor: { userId: 'admin', role: 'admin' },
      commandId: `approve:${customerId}`,
      permissions: catalog.permissionsOf('billing'),
    },
    { topUpId: req.topUpId },
  );
  return customerId;
}

type Outcome =
  | { ok: true; paymentId: string; events: RecordedEvent[] }
  | { ok: false; code: string; message: string };

function pay(
  customerId: string,
  commandId: string,
  amount: string,
  description = 'Invoice INV/2026/0042',
): Promise<Outcome> {
  return debitWallet(
    deps,
    { tenantId: T, actor: { userId: customerId, role: 'customer' }, commandId },
    { customerId, amount, description },
  ).then(
    (r) => ({ ok: true, paymentId: r.paymentId, events: r.events }),
    (e: unknown) => {
      if (e instanceof DomainError) return { ok: false, code: e.code, message: e.message };
      throw e; // anything else (a lost append, a leaked WrongExpectedRevision) fails the test
    },
  );
}

/** Folds the stream revision by revision: never below zero, and each balanceAfter is the running balance. */
async function auditStream(customerId: string) {
  const events = await store.readStream(walletStreamId(customerId));
  let state = walletDecider.initialState;
  for (const e of events) {
    state = walletDecider.evolve(state, e as never);
    expect(state.balance.isNegative(), `balance below zero at revision ${e.revision}`).toBe(false);
    const after = (e.data as { balanceAfter?: string }).balanceAfter;
    if (after !== undefined)
      expect(after, `balanceAfter at revision ${e.revision}`).toBe(state.balance.toFixed(2));
  }
  return { events, balance: state.balance };
}

describe('double spend', () => {
  for (const [balance, price, expected] of [
    ['1000.00', '1000.00', 1],
    ['1000.00', '30.00', 33],
    ['1000.00', '0.07', 100], // more than enough for everyone: all 100 go through
  ] as const) {
    it(`${N} concurrent payments of ₹${price} from ₹${balance}: exactly ${expected} succeed, the rest are refused as CONFLICT`, async () => {
      const customerId = await fundedWallet(balance);
      const outcomes = await Promise.all(
        Array.from({ length: N }, (_, i) => pay(customerId, `pay:${customerId}:${i}`, price)),
      );
      const wins = outcomes.filter((o) => o.ok);
      expect(wins).toHaveLength(Math.min(N, new D(balance).div(price).floor().toNumber()));
      expect(wins).toHaveLength(expected);
      for (const o of outcomes)
        if (!o.ok)
          expect(o).toMatchObject({
            code: 'CONFLICT',
            message: expect.stringMatching(/^Insufficient wallet balance/),
          });
      // Every acknowledged payment is in the log once, under its own id; nothing else was debited.
      const { events, balance: after } = await auditStream(customerId);
      const debits = events.filter((e) => e.type === 'WalletDebited');
      expect(debits.map((e) => e.id).sort()).toEqual(
        wins.map((w) => (w.ok ? w.events[0]!.id : '')).sort(),
      );
      expect(new Set(debits.map((e) => (e.data as { paymentId: string }).paymentId)).size).toBe(
        expected,
      );
      expect(after.toFixed(2)).toBe(new D(balance).minus(new D(price).times(expected)).toFixed(2));
    });
  }

  it(`one commandId sent ${N} times at once: one effect, and every caller gets the same answer`, async () => {
    const customerId = await fundedWallet('1000.00');
    const outcomes = await Promise.all(
      Array.from({ length: N }, () => pay(customerId, `pay:${customerId}:once`, '400.00')),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const answers = new Set(
      outcomes.map((o) =>
        o.ok
          ? JSON.stringify([
              o.paymentId,
              o.events.map((e) => [e.id, e.revision.toString(), e.position.commit.toString()]),
            ])
          : '',
      ),
    );
    expect(answers.size).toBe(1);
    const { events, balance } = await auditStream(customerId);
    expect(events.filter((e) => e.type === 'WalletDebited')).toHaveLength(1);
    expect(balance.toFixed(2)).toBe('600.00');
    // Later retries still get that first answer.
    const again = await pay(customerId, `pay:${customerId}:once`, '400.00');
    expect(again.ok && again.paymentId).toBe(outcomes[0]!.ok && outcomes[0]!.paymentId);
  });

  it(`one commandId sent ${N} times at once with two different inputs: one effect; only the matching callers are told it is done`, async () => {
    const customerId = await fundedWallet('1000.00');
    const commandId = `pay:${customerId}:mixed`;
    const amounts = Array.from({ length: N }, (_, i) => (i % 2 === 0 ? '100.00' : '250.00'));
    const outcomes = await Promise.all(amounts.map((amount) => pay(customerId, commandId, amount)));
    const { events, balance } = await auditStream(customerId);
    const debits = events.filter((e) => e.type === 'WalletDebited');
    expect(debits).toHaveLength(1);
    const won = (debits[0]!.data as { amount: string }).amount;
    outcomes.forEach((o, i) => {
      if (amounts[i] === won)
        expect(o.ok && o.events.map((e) => e.id), `caller ${i}`).toEqual([debits[0]!.id]);
      else
        expect(o, `caller ${i} asked for ₹${amounts[i]} but ₹${won} was debited`).toMatchObject({
          ok: false,
          code: 'CONFLICT',
        });
    });
    expect(balance.toFixed(2)).toBe(new D('1000.00').minus(won).toFixed(2));
  });
});
