import { describe, expect, it } from 'vitest';
import { D } from '../shared/money.ts';
import { specFor } from '../shared/spec.ts';
import { fold, type DomainError } from '../shared/decider.ts';
import { walletDecider } from './decider.ts';
import { walletStreamId, type WalletEvent } from './events.ts';

const given = specFor(walletDecider);
const now = '2026-04-01T10:00:00.000Z';
const proof = { sha256: 'a'.repeat(64), fileName: 'utr.png', contentType: 'image/png', size: 2048 };
const limits = { min: '100.00', max: '500000.00' };

const requested = (topUpId: string, amount: string): WalletEvent => ({
  type: 'TopUpRequested',
  data: {
    topUpId,
    customerId: 'c1',
    amount,
    method: 'BANK_TRANSFER',
    reference: 'UTR123',
    proof,
    requestedAt: now,
  },
});
const approved = (topUpId: string, amount: string, balanceAfter: string): WalletEvent => ({
  type: 'TopUpApproved',
  data: { topUpId, customerId: 'c1', amount, balanceAfter, approvedBy: 'admin', approvedAt: now },
});
const request = (
  amount: string,
  over: Partial<{ method: 'BANK_TRANSFER' | 'CRYPTO'; cryptoEnabled: boolean }> = {},
) => ({
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
  it('records the request without moving money', () =>
    given([])
      .when(request('1500'))
      .then([requested('t1', '1500.00')]));
  it('refuses zero and negative amounts', () => {
    given([])
      .when(request('0'))
      .thenRefuses('BAD_USER_INPUT', /greater than zero/);
    given([]).when(request('-5')).thenRefuses('BAD_USER_INPUT');
  });
  it('refuses amounts outside the tenant limits', () => {
    given([])
      .when(request('99.99'))
      .thenRefuses('BAD_USER_INPUT', /smallest/);
    given([])
      .when(request('500000.01'))
      .thenRefuses('BAD_USER_INPUT', /largest/);
  });
  it('refuses crypto when the tenant has switched it off', () =>
    given([])
      .when(request('1000', { method: 'CRYPTO', cryptoEnabled: false }))
      .thenRefuses('BAD_USER_INPUT', /Crypto/));
  it('refuses a second request with the same id', () =>
    given([requested('t1', '1500.00')])
      .when(request('1500'))
      .thenRefuses('CONFLICT'));
});

describe('wallet: deciding a top-up', () => {
  it('approval credits the wallet with the running balance', () =>
    given([
      requested('t0', '200.00'),
      approved('t0', '200.00', '200.00'),
      requested('t1', '1500.00'),
    ])
      .when({ type: 'ApproveTopUp', topUpId: 't1', approvedBy: 'admin', now })
      .then([approved('t1', '1500.00', '1700.00')]));
  it('a request is decided once', () => {
    const history = [requested('t1', '1500.00'), approved('t1', '1500.00', '1500.00')];
    given(history)
      .when({ type: 'ApproveTopUp', topUpId: 't1', approvedBy: 'admin', now })
      .thenRefuses('CONFLICT', /already approved/);
    given(history)
      .when({ type: 'RejectTopUp', topUpId: 't1', reason: 'x', rejectedBy: 'admin', now })
      .thenRefuses('CONFLICT');
  });
  it('rejection keeps the balance and records the reason', () =>
    given([requested('t1', '1500.00')])
      .when({
        type: 'RejectTopUp',
        topUpId: 't1',
        reason: 'No credit seen for UTR123',
        rejectedBy: 'admin',
        now,
      })
      .then([
        {
          type: 'TopUpRejected',
          data: {
            topUpId: 't1',
            customerId: 'c1',
            reason: 'No credit seen for UTR123',
            rejectedBy: 'admin',
            rejectedAt: now,
          },
        },
      ]));
  it('an unknown top-up is not found', () =>
    given([])
      .when({ type: 'ApproveTopUp', topUpId: 'nope', approvedBy: 'admin', now })
      .thenRefuses('NOT_FOUND'));
});

describe('wallet: paying and reversing', () => {
  const funded = [requested('t1', '1000.00'), approved('t1', '1000.00', '1000.00')];
  const debit = (paymentId: string, amount: string) => ({
    type: 'DebitWallet' as const,
    paymentId,
    customerId: 'c1',
    amount: new D(amount),
    description: 'Invoice',
    now,
  });
  it('debits up to the whole balance', () =>
    given(funded)
      .when(debit('p1', '1000'))
      .then([
        {
          type: 'WalletDebited',
          data: {
            paymentId: 'p1',
            customerId: 'c1',
            amount: '1000.00',
            balanceAfter: '0.00',
            description: 'Invoice',
            debitedAt: now,
          },
        },
      ]));
  it('never lets the balance go below zero', () =>
    given(funded)
      .when(debit('p1', '1000.01'))
      .thenRefuses('CONFLICT', /Insufficient/));
  it('a payment id is taken once', () => {
    const paid: WalletEvent[] = [
      ...funded,
      {
        type: 'WalletDebited',
        data: {
          paymentId: 'p1',
          customerId: 'c1',
          amount: '10.00',
          balanceAfter: '990.00',
          description: 'x',
          debitedAt: now,
        },
      },
    ];
    given(paid).when(debit('p1', '10')).thenRefuses('CONFLICT');
    given(paid)
      .when({ type: 'ReverseDebit', paymentId: 'p1', reason: 'provisioning failed', now })
      .then([
        {
          type: 'WalletDebitReversed',
          data: {
            paymentId: 'p1',
            customerId: 'c1',
            amount: '10.00',
            balanceAfter: '1000.00',
            reason: 'provisioning failed',
            reversedAt: now,
          },
        },
      ]);
  });
});

describe('wallet: the rules a customer relies on, one by one', () => {
  const debit = (paymentId: string, amount: string) => ({
    type: 'DebitWallet' as const,
    paymentId,
    customerId: 'c1',
    amount: new D(amount),
    description: 'Invoice',
    now,
  });
  const funded = [requested('t1', '1000.00'), approved('t1', '1000.00', '1000.00')];
  const rejected: WalletEvent = {
    type: 'TopUpRejected',
    data: {
      topUpId: 't1',
      customerId: 'c1',
      reason: 'no credit',
      rejectedBy: 'admin',
      rejectedAt: now,
    },
  };
  const debited = (paymentId: string, amount: string, balanceAfter: string): WalletEvent => ({
    type: 'WalletDebited',
    data: {
      paymentId,
      customerId: 'c1',
      amount,
      balanceAfter,
      description: 'Invoice',
      debitedAt: now,
    },
  });
  const reversed = (paymentId: string, amount: string, balanceAfter: string): WalletEvent => ({
    type: 'WalletDebitReversed',
    data: {
      paymentId,
      customerId: 'c1',
      amount,
      balanceAfter,
      reason: 'provisioning failed',
      reversedAt: now,
    },
  });

  it('a top-up of exactly the minimum or the maximum is accepted', () => {
    given([])
      .when(request('100'))
      .then([requested('t1', '100.00')]);
    given([])
      .when(request('500000'))
      .then([requested('t1', '500000.00')]);
  });
  it('says which limit a refused amount broke', () => {
    given([])
      .when(request('99.99'))
      .thenRefuses('BAD_USER_INPUT', /^The smallest top-up is ₹100\.00\.$/);
    given([])
      .when(request('500000.01'))
      .thenRefuses('BAD_USER_INPUT', /^The largest top-up is ₹500000\.00\.$/);
    given([])
      .when(request('0'))
      .thenRefuses('BAD_USER_INPUT', /^Amount must be greater than zero\.$/);
  });
  it('crypto off still takes bank transfers; crypto on takes crypto', () => {
    given([])
      .when(request('1000', { cryptoEnabled: false }))
      .then([requested('t1', '1000.00')]);
    const crypto = requested('t1', '1000.00');
    (crypto.data as { method: string }).method = 'CRYPTO';
    given([])
      .when(request('1000', { method: 'CRYPTO', cryptoEnabled: true }))
      .then([crypto]);
    given([])
      .when(request('1000', { method: 'CRYPTO', cryptoEnabled: false }))
      .thenRefuses('BAD_USER_INPUT', /^Crypto top-ups are not available\.$/);
  });
  it('names the top-up that already exists or is not found', () => {
    given([requested('t1', '1500.00')])
      .when(request('1500'))
      .thenRefuses('CONFLICT', /^Top-up t1 already exists\.$/);
    given([])
      .when({ type: 'ApproveTopUp', topUpId: 'nope', approvedBy: 'admin', now })
      .thenRefuses('NOT_FOUND', /^Top-up nope not found\.$/);
    given([])
      .when({ type: 'RejectTopUp', topUpId: 'nope', reason: 'x', rejectedBy: 'admin', now })
      .thenRefuses('NOT_FOUND', /^Top-up nope not found\.$/);
  });
  it('a rejected top-up credits nothing and cannot be approved later', () => {
    const history = [requested('t1', '1000.00'), rejected];
    given(history)
      .when(debit('p1', '0.01'))
      .thenRefuses('CONFLICT', /^Insufficient wallet balance: ₹0\.00 available, ₹0\.01 needed\.$/);
    given(history)
      .when({ type: 'ApproveTopUp', topUpId: 't1', approvedBy: 'admin', now })
      .thenRefuses('CONFLICT', /^This top-up was already rejected\.$/);
    given(history)
      .when({ type: 'RejectTopUp', topUpId: 't1', reason: 'again', rejectedBy: 'admin', now })
      .thenRefuses('CONFLICT', /^This top-up was already rejected\.$/);
  });
  it('an approved top-up is reported as approved to a late rejection', () =>
    given(funded)
      .when({ type: 'RejectTopUp', topUpId: 't1', reason: 'x', rejectedBy: 'admin', now })
      .thenRefuses('CONFLICT', /^This top-up was already approved\.$/));
  it('a zero or negative debit is refused: it would take nothing or raise the balance', () => {
    given(funded)
      .when(debit('p1', '0'))
      .thenRefuses('BAD_USER_INPUT', /^Amount must be greater than zero\.$/);
    given(funded)
      .when(debit('p1', '-50'))
      .thenRefuses('BAD_USER_INPUT', /^Amount must be greater than zero\.$/);
    given([]).when(debit('p1', '0')).thenRefuses('BAD_USER_INPUT');
  });
  it('the balance after a debit counts earlier debits', () =>
    given([...funded, debited('p1', '300.00', '700.00')])
      .when(debit('p2', '700.01'))
      .thenRefuses('CONFLICT', /₹700\.00 available, ₹700\.01 needed/));
  it('a payment id taken once is named in the refusal', () =>
    given([...funded, debited('p1', '10.00', '990.00')])
      .when(debit('p1', '10'))
      .thenRefuses('CONFLICT', /^Payment p1 was already taken\.$/));
  it('a payment is reversed once: the second reversal refunds nothing', () => {
    const history = [
      ...funded,
      debited('p1', '300.00', '700.00'),
      reversed('p1', '300.00', '1000.00'),
    ];
    given(history)
      .when({ type: 'ReverseDebit', paymentId: 'p1', reason: 'again', now })
      .thenRefuses('CONFLICT', /^This payment was already reversed\.$/);
    // The refund is in the balance: the whole 1000 can be spent again, not a paisa more.
    given(history)
      .when(debit('p2', '1000'))
      .then([debited('p2', '1000.00', '0.00')]);
    given(history).when(debit('p2', '1000.01')).thenRefuses('CONFLICT');
  });
  it('only a payment that was taken can be reversed', () =>
    given(funded)
      .when({ type: 'ReverseDebit', paymentId: 'p9', reason: 'x', now })
      .thenRefuses('NOT_FOUND', /^Payment p9 not found\.$/));
  it('a reversal keeps other payments reversible', () =>
    given([
      ...funded,
      debited('p1', '100.00', '900.00'),
      debited('p2', '200.00', '700.00'),
      reversed('p1', '100.00', '800.00'),
    ])
      .when({ type: 'ReverseDebit', paymentId: 'p2', reason: 'provisioning failed', now })
      .then([reversed('p2', '200.00', '1000.00')]));
  it('the wallet stream is named by the customer', () =>
    expect(walletStreamId('c1')).toBe('wallet-c1'));
});

describe('wallet: a refused input names its field (the portal marks that field)', () => {
  const field = (history: WalletEvent[], command: Parameters<typeof walletDecider.decide>[0]) => {
    try {
      walletDecider.decide(command, fold(walletDecider, history));
    } catch (e) {
      return (e as DomainError).issues.map((i) => i.path.join('.'));
    }
    throw new Error('not refused');
  };
  it('amount, limits and method', () => {
    expect(field([], request('0'))).toEqual(['amount']);
    expect(field([], request('99.99'))).toEqual(['amount']);
    expect(field([], request('500000.01'))).toEqual(['amount']);
    expect(field([], request('1000', { method: 'CRYPTO', cryptoEnabled: false }))).toEqual([
      'method',
    ]);
    expect(
      field([], {
        type: 'DebitWallet',
        paymentId: 'p1',
        customerId: 'c1',
        amount: new D(0),
        description: 'x',
        now,
      }),
    ).toEqual(['amount']);
  });
});
