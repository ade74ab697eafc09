import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import { walletDecider, type WalletCommand } from './decider.ts';
import type { WalletEvent } from './events.ts';

const given = specFor(walletDecider);
const now = '2026-04-01T10:00:00.000Z';
const source = { kind: 'CREDIT_NOTE' as const, id: 'cn1' };

const credit = (over: Record<string, unknown> = {}) =>
  ({
    type: 'CreditWallet',
    creditId: 'cr1',
    customerId: 'c1',
    amount: '500.00',
    reason: 'Credit note CN/2627/00001',
    source,
    now,
    ...over,
  }) as WalletCommand;
const credited = (creditId: string, amount: string, balanceAfter: string): WalletEvent => ({
  type: 'WalletCredited',
  data: {
    creditId,
    customerId: 'c1',
    amount,
    balanceAfter,
    reason: 'Credit note CN/2627/00001',
    source,
    creditedAt: now,
  },
});
const debited: WalletEvent = {
  type: 'WalletDebited',
  data: {
    paymentId: 'p1',
    customerId: 'c1',
    amount: '200.00',
    balanceAfter: '300.00',
    description: 'Invoice',
    debitedAt: now,
  },
};

describe('CreditWallet', () => {
  it('credits the wallet with its balance after', () => {
    given([])
      .when(credit())
      .then([credited('cr1', '500.00', '500.00')]);
    given([credited('cr0', '500.00', '500.00'), debited])
      .when(credit({ amount: '49.5' }))
      .then([credited('cr1', '49.50', '349.50')]);
  });
  it('once per creditId: the same credit again is nothing; another amount is a CONFLICT', () => {
    given([credited('cr1', '500.00', '500.00')])
      .when(credit())
      .then([]);
    given([credited('cr1', '500.00', '500.00')])
      .when(credit({ amount: '400.00' }))
      .thenRefuses('CONFLICT', /another amount/);
  });
  it('refuses zero, negative, malformed or sub-paisa amounts and unknown sources', () => {
    given([])
      .when(credit({ amount: '0.00' }))
      .thenRefuses('BAD_USER_INPUT', /greater than zero/);
    given([])
      .when(credit({ amount: '-5' }))
      .thenRefuses('BAD_USER_INPUT');
    given([])
      .when(credit({ amount: '1.005' }))
      .thenRefuses('BAD_USER_INPUT');
    given([])
      .when(credit({ amount: 'ten' }))
      .thenRefuses('BAD_USER_INPUT');
    given([])
      .when(credit({ source: { kind: 'GIFT', id: 'x' } }))
      .thenRefuses('BAD_USER_INPUT', /CREDIT_NOTE or REFUND/);
  });
  it('a credit counts in the balance a debit is checked against', () => {
    const state = fold(walletDecider, [credited('cr1', '500.00', '500.00'), debited]);
    expect(state.balance.toFixed(2)).toBe('300.00');
    expect(state.credits.get('cr1')?.toFixed(2)).toBe('500.00');
    given([credited('cr1', '500.00', '500.00'), debited])
      .when({
        type: 'DebitWallet',
        paymentId: 'p2',
        customerId: 'c1',
        amount: state.balance.plus('0.01'),
        description: 'too much',
        now,
      })
      .thenRefuses('CONFLICT', /Insufficient/);
  });
});
