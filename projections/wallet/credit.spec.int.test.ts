import { afterAll, describe, it } from 'vitest';
import { walletStreamId, type WalletEvent } from '../../domain/wallet/events.ts';
import {
  endProjectorSpecs,
  projectorSpec,
  type GivenEvent,
} from '../shared/testing/projector-spec.ts';
import { walletProjector } from './projector.ts';

/** WalletCredited (a credit note to the wallet, a refund) is a CREDIT line, as a top-up is. */
afterAll(endProjectorSpecs);

const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const PAYMENT = '55555555-5555-4555-8555-555555555555';
const wallet = (e: WalletEvent): GivenEvent => ({ ...e, streamId: walletStreamId(CUSTOMER) });
const credited = (creditId: string, amount: string, balanceAfter: string, reason: string) =>
  wallet({
    type: 'WalletCredited',
    data: {
      creditId,
      customerId: CUSTOMER,
      amount,
      balanceAfter,
      reason,
      source: { kind: 'CREDIT_NOTE', id: creditId },
      creditedAt: '2026-05-02T10:00:00.000Z',
    },
  });
const debited = wallet({
  type: 'WalletDebited',
  data: {
    paymentId: PAYMENT,
    customerId: CUSTOMER,
    amount: '529.82',
    balanceAfter: '650.18',
    description: 'Invoice INV/2627/00001',
    debitedAt: '2026-05-02T11:00:00.000Z',
  },
});

describe('wallet projector: credits', () => {
  it('a credit is a CREDIT ledger line with its reason, and raises the balance', async () => {
    // Ledger rows come in event-id order: the credit's id first.
    const spec = projectorSpec(walletProjector).given([
      {
        ...credited('cn-1', '1180.00', '1180.00', 'Credit note CN/2627/00001'),
        id: 'aaaaaaaa-0000-4000-8000-000000000001',
      },
      { ...debited, id: 'bbbbbbbb-0000-4000-8000-000000000002' },
    ]);
    await spec.thenRows('ledger_entries', [
      {
        event_type: 'WalletCredited',
        kind: 'CREDIT',
        amount: '1180.00',
        balance_after: '1180.00',
        description: 'Credit note CN/2627/00001',
      },
      {
        event_type: 'WalletDebited',
        kind: 'DEBIT',
        amount: '529.82',
        balance_after: '650.18',
        description: 'Invoice INV/2627/00001',
      },
    ]);
    await spec.thenRows('wallets', [{ customer_id: CUSTOMER, balance: '650.18' }]);
  });
});
