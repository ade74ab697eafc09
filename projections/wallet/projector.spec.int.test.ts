import { afterAll, describe, it } from 'vitest';
import { walletStreamId, type WalletEvent } from '../../domain/wallet/events.ts';
import {
  endProjectorSpecs,
  projectorSpec,
  SPEC_AT,
  SPEC_TENANT,
  type GivenEvent,
} from '../shared/testing/projector-spec.ts';
import { positionToString } from '../../eventstore/types.ts';
import { walletProjector } from './projector.ts';

/** The wallet read model from its events: top-ups, the ledger with its running balance, balances. */
afterAll(endProjectorSpecs);

const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const ADMIN = '22222222-2222-4222-8222-222222222222';
const PAID = '33333333-3333-4333-8333-333333333333';
const REFUSED = '44444444-4444-4444-8444-444444444444';
const PAYMENT = '55555555-5555-4555-8555-555555555555';
const proof = {
  sha256: 'ab'.repeat(32),
  fileName: 'receipt.png',
  contentType: 'image/png',
  size: 1234,
};

const wallet = (e: WalletEvent): GivenEvent => ({ ...e, streamId: walletStreamId(CUSTOMER) });
const requested = (topUpId: string, amount: string, reference: string) =>
  wallet({
    type: 'TopUpRequested',
    data: {
      topUpId,
      customerId: CUSTOMER,
      amount,
      method: 'BANK_TRANSFER',
      reference,
      proof,
      requestedAt: '2026-04-01T09:00:00.000Z',
    },
  });
const approved = wallet({
  type: 'TopUpApproved',
  data: {
    topUpId: PAID,
    customerId: CUSTOMER,
    amount: '500.00',
    balanceAfter: '500.00',
    approvedBy: ADMIN,
    approvedAt: '2026-04-01T09:30:00.000Z',
  },
});
const rejected = wallet({
  type: 'TopUpRejected',
  data: {
    topUpId: REFUSED,
    customerId: CUSTOMER,
    reason: 'no such payment arrived',
    rejectedBy: ADMIN,
    rejectedAt: '2026-04-01T09:40:00.000Z',
  },
});
const debited = wallet({
  type: 'WalletDebited',
  data: {
    paymentId: PAYMENT,
    customerId: CUSTOMER,
    amount: '120.50',
    balanceAfter: '379.50',
    description: 'Order 1001',
    debitedAt: SPEC_AT,
  },
});
const reversed = wallet({
  type: 'WalletDebitReversed',
  data: {
    paymentId: PAYMENT,
    customerId: CUSTOMER,
    amount: '120.50',
    balanceAfter: '500.00',
    reason: 'provisioning failed',
    reversedAt: SPEC_AT,
  },
});

describe('wallet projector', () => {
  it('a requested top-up waits, with its proof, and moves no money', async () => {
    const spec = projectorSpec(walletProjector).given([requested(PAID, '500.00', ' utr-77 ')]);
    await spec.thenRows('top_ups', [
      {
        id: PAID,
        tenant_id: SPEC_TENANT,
        customer_id: CUSTOMER,
        amount: '500.00',
        method: 'BANK_TRANSFER',
        reference: ' utr-77 ',
        reference_key: 'utr-77',
        status: 'PENDING',
        proof_sha256: proof.sha256,
        proof_file_name: 'receipt.png',
        proof_size: 1234,
        requested_at: '2026-04-01T09:00:00.000Z',
        decided_at: null,
        decided_by: null,
      },
    ]);
    await spec.thenRows('ledger_entries', []);
    await spec.thenRows('wallets', []);
  });

  it('an approval decides the top-up, credits the ledger with its method and reference, and sets the balance', async () => {
    const spec = projectorSpec(walletProjector).given([
      requested(PAID, '500.00', 'UTR-77'),
      approved,
    ]);
    const [, credit] = spec.events;
    await spec.thenRows('top_ups', [
      {
        id: PAID,
        status: 'APPROVED',
        decided_at: '2026-04-01T09:30:00.000Z',
        decided_by: ADMIN,
        rejection_reason: null,
      },
    ]);
    await spec.thenRows('ledger_entries', [
      {
        event_id: credit!.id,
        customer_id: CUSTOMER,
        event_type: 'TopUpApproved',
        stream_id: walletStreamId(CUSTOMER),
        revision: '1',
        position: positionToString(credit!.position),
        kind: 'CREDIT',
        description: '',
        top_up_method: 'BANK_TRANSFER',
        top_up_reference: 'UTR-77',
        amount: '500.00',
        balance_after: '500.00',
      },
    ]);
    await spec.thenRows('wallets', [
      { customer_id: CUSTOMER, tenant_id: SPEC_TENANT, balance: '500.00', revision: '1' },
    ]);
  });

  it('a rejection keeps its reason and who decided, and credits nothing', async () => {
    const spec = projectorSpec(walletProjector).given([
      requested(REFUSED, '80.00', 'UTR-9'),
      rejected,
    ]);
    await spec.thenRows('top_ups', [
      {
        id: REFUSED,
        status: 'REJECTED',
        decided_at: '2026-04-01T09:40:00.000Z',
        decided_by: ADMIN,
        rejection_reason: 'no such payment arrived',
      },
    ]);
    await spec.thenRows('ledger_entries', []);
    await spec.thenRows('wallets', []);
  });

  it('a debit and its reversal are two entries, and the balance is the newest one after', async () => {
    const spec = projectorSpec(walletProjector).given([
      requested(PAID, '500.00', 'UTR-77'),
      approved,
      debited,
      reversed,
    ]);
    const ids = spec.events.map((e) => e.id);
    // Entries are ordered by event id (the projector's verify order), so compare as a set.
    const entries = [
      {
        event_id: ids[1],
        event_type: 'TopUpApproved',
        kind: 'CREDIT',
        description: '',
        amount: '500.00',
        balance_after: '500.00',
      },
      {
        event_id: ids[2],
        event_type: 'WalletDebited',
        kind: 'DEBIT',
        description: 'Order 1001',
        amount: '120.50',
        balance_after: '379.50',
      },
      {
        event_id: ids[3],
        event_type: 'WalletDebitReversed',
        kind: 'CREDIT',
        description: 'Reversal: provisioning failed',
        amount: '120.50',
        balance_after: '500.00',
      },
    ].sort((a, b) => (a.event_id! < b.event_id! ? -1 : 1));
    await spec.thenRows('ledger_entries', entries);
    await spec.thenRows('wallets', [
      { customer_id: CUSTOMER, balance: '500.00', revision: '3', updated_at: SPEC_AT },
    ]);
  });
});
