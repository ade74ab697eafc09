import { describe, it } from 'vitest';
import { D } from '../shared/money.ts';
import { specFor } from '../shared/spec.ts';
import { walletDecider } from './decider.ts';
import type { WalletEvent } from './events.ts';

const given = specFor(walletDecider);
const now = '2026-04-01T10:00:00.000Z';
const proof = { sha256: 'a'.repeat(64), fileName: 'utr.png', contentType: 'image/png', size: 2048 };
const limits = { min: '100.00', max: '500000.00' };

const requested = (topUpId: string, amount: string): WalletEvent => ({
  type: 'TopUpRequested',
  data: { topUpId, customerId: 'c1', amount, method: 'BANK_TRANSFER', reference: 'UTR123', proof, requestedAt: now },
});
const approved = (topUpId: string, amount: string, balanceAfter: string): WalletEvent => ({
  type: 'TopUpApproved',
  data: { topUpId, customerId: 'c1', amount, balanceAfter, approvedBy: 'admin', approvedAt: now },
});
const request = (amount: string, over: Partial<{ method: 'BANK_TRANSFER' | 'CRYPTO'; cryptoEnabled: boolean }> = {}) => ({
  type: 'RequestTopUp' as const,
  topUpId: 't1',
  customerId: 'c1',
  amount: new D(amount),
  method: over.method ?? ('BANK_TRANSFER' as const),
  reference: 'UTR123',
  proof,
  limits,
  cryptoEnabled: over.cryptoEnabled ?? true,
  now,
});

describe('wallet: requesting a top-up', () => {
  it('records the request without moving money', () => given([]).when(request('1500')).then([requested('t1', '1500.00')]));
  it('refuses zero and negative amounts', () => {
    given([]).when(request('0')).thenRefuses('BAD_USER_INPUT', /greater than zero/);
    given([]).when(request('-5')).thenRefuses('BAD_USER_INPUT');
  });
  it('refuses amounts outside the tenant limits', () => {
    given([]).when(request('99.99')).thenRefuses('BAD_USER_INPUT', /smallest/);
    given([]).when(request('500000.01')).thenRefuses('BAD_USER_INPUT', /largest/);
  });
  it('refuses crypto when the tenant has switched it off', () =>
    given([]).when(request('1000', { method: 'CRYPTO', cryptoEnabled: false })).thenRefuses('BAD_USER_INPUT', /crypto/));
  it('refuses a second request with the same id', () =>
    given([requested('t1', '1500.00')]).when(request('1500')).thenRefuses('CONFLICT'));
});

describe('wallet: deciding a top-up', () => {
  it('approval credits the wallet with the running balance', () =>
    given([requested('t0', '200.00'), approved('t0', '200.00', '200.00'), requested('t1', '1500.00')])
      .when({ type: 'ApproveTopUp', topUpId: 't1', approvedBy: 'admin', now })
      .then([approved('t1', '1500.00', '1700.00')]));
  it('a request is decided once', () => {
    const history = [requested('t1', '1500.00'), approved('t1', '1500.00', '1500.00')];
    given(history).when({ type: 'ApproveTopUp', topUpId: 't1', approvedBy: 'admin', now }).thenRefuses('CONFLICT', /already approved/);
    given(history).when({ type: 'RejectTopUp', topUpId: 't1', reason: 'x', rejectedBy: 'admin', now }).thenRefuses('CONFLICT');
  });
  it('rejection keeps the balance and records the reason', () =>
    given([requested('t1', '1500.00')])
      .when({ type: 'RejectTopUp', topUpId: 't1', reason: 'No credit seen for UTR123', rejectedBy: 'admin', now })
      .then([{ type: 'TopUpRejected', data: { topUpId: 't1', customerId: 'c1', reason: 'No credit seen for UTR123', rejectedBy: 'admin', rejectedAt: now } }]));
  it('an unknown top-up is not found', () =>
    given([]).when({ type: 'ApproveTopUp', topUpId: 'nope', approvedBy: 'admin', now }).thenRefuses('NOT_FOUND'));
});

describe('wallet: paying and reversing', () => {
  const funded = [requested('t1', '1000.00'), approved('t1', '1000.00', '1000.00')];
  const debit = (paymentId: string, amount: string) => ({ type: 'DebitWallet' as const, paymentId, customerId: 'c1', amount: new D(amount), description: 'Invoice', now });
  it('debits up to the whole balance', () =>
    given(funded).when(debit('p1', '1000')).then([
      { type: 'WalletDebited', data: { paymentId: 'p1', customerId: 'c1', amount: '1000.00', balanceAfter: '0.00', description: 'Invoice', debitedAt: now } },
    ]));
  it('never lets the balance go below zero', () => given(funded).when(debit('p1', '1000.01')).thenRefuses('CONFLICT', /insufficient/));
  it('a payment id is taken once', () => {
    const paid: WalletEvent[] = [...funded, { type: 'WalletDebited', data: { paymentId: 'p1', customerId: 'c1', amount: '10.00', balanceAfter: '990.00', description: 'x', debitedAt: now } }];
    given(paid).when(debit('p1', '10')).thenRefuses('CONFLICT');
    given(paid).when({ type: 'ReverseDebit', paymentId: 'p1', reason: 'provisioning failed', now }).then([
      { type: 'WalletDebitReversed', data: { paymentId: 'p1', customerId: 'c1', amount: '10.00', balanceAfter: '1000.00', reason: 'provisioning failed', reversedAt: now } },
    ]);
  });
});
