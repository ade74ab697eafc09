import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { seriesStreamId } from '../../domain/invoices/series/events.ts';
import { orderStreamId } from '../../domain/orders/events.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { D } from '../../domain/shared/money.ts';
import { financialYear } from '../../domain/tax/numbering/financial-year.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { indianDate } from '../../domain/invoices/document.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { cancelOrder } from '../orders/cancel-order.ts';
import { placeOrder } from '../orders/place-order.ts';
import { commerceWorld, sharedOrder, vpsOrder } from '../orders/testing.ts';
import { handleCommand } from '../shared/handler.ts';
import { cancelInvoice } from './cancel-invoice.ts';
import { issueCreditNote } from './credit-note.ts';
import { payInvoiceFromWallet } from './pay-from-wallet.ts';
import { recordInvoicePayment } from './record-payment.ts';
import { loadInvoice, loadWallet } from './wallet-reads.ts';

const T = OPERATOR_TENANT_ID;
/** The shared plan in Maharashtra: 449.00 + 40.41 + 40.41. */
const SHARED_TOTAL = '529.82';
let w: Awaited<ReturnType<typeof commerceWorld>>;

beforeAll(async () => {
  w = await commerceWorld('invoicepay', 20);
  await w.tenant(T);
});
afterAll(async () => w?.close());

type Outcome = { ok: true; paid: string } | { ok: false; code: string; message: string };
const outcome = (p: Promise<{ paid: string }>): Promise<Outcome> =>
  p.then(
    (r) => ({ ok: true, paid: r.paid }),
    (e: unknown) => {
      if (e instanceof DomainError) return { ok: false, code: e.code, message: e.message };
      throw e;
    },
  );

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

/** `count` unpaid invoices of the customer, placed one by one. */
async function invoices(c: Awaited<ReturnType<typeof w.customer>>, count: number, tag: string) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await placeOrder(w.deps, c.ctx(`order-${tag}-${i}`), {
      items: sharedOrder(`site${i}`),
    });
    ids.push(r.invoiceId);
  }
  return ids;
}

/** Folds the wallet stream revision by revision: never below zero, every balanceAfter right. */
async function auditWallet(store: EventStore, customerId: string) {
  let balance = new D(0);
  let debits = new D(0);
  for (const e of await store.readStream(walletStreamId(customerId))) {
    const d = e.data as { amount: string; balanceAfter: string };
    balance = e.type === 'WalletDebited' ? balance.minus(d.amount) : balance.plus(d.amount);
    if (e.type === 'WalletDebited') debits = debits.plus(d.amount);
    if (e.type === 'WalletDebitReversed') debits = debits.minus(d.amount);
    expect(balance.gte(0), `balance after revision ${e.revision}`).toBe(true);
    expect(d.balanceAfter).toBe(balance.toFixed(2));
  }
  return { balance, debits };
}

describe('payInvoiceFromWallet under races', () => {
  it('50 concurrent payments on 50 invoices worth more than the balance: exactly the affordable ones are paid, never below zero', async () => {
    const affordable = 20;
    const balance = new D(SHARED_TOTAL).times(affordable).plus('100.00').toFixed(2);
    const c = await w.customer(T, { stateCode: '27' }, balance);
    const ids = await invoices(c, 50, 'fifty');
    const outcomes = await Promise.all(
      ids.map((invoiceId, i) =>
        outcome(payInvoiceFromWallet(w.deps, c.ctx(`pay-fifty-${i}`), { invoiceId })),
      ),
    );
    const paid = outcomes.filter((o) => o.ok);
    expect(paid).toHaveLength(affordable);
    for (const o of outcomes.filter((x) => !x.ok))
      expect(o).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/^Insufficient/),
      });
    const audit = await auditWallet(w.store, c.id);
    expect(audit.balance.toFixed(2)).toBe('100.00');
    // Reconciliation: what left the wallet for invoices is what the invoices got from it.
    let applied = new D(0);
    let cleared = 0;
    for (const id of ids) {
      const { state } = await loadInvoice(w.store, T, id);
      for (const p of Object.values(state.payments))
        if (p.method.kind === 'WALLET') applied = applied.plus(p.amount);
      if (state.status === 'TAX_INVOICE') cleared++;
      else expect(state.status).toBe('PROFORMA');
    }
    expect(cleared).toBe(affordable);
    expect(applied.toFixed(2)).toBe(audit.debits.toFixed(2));
  }, 30_000);

  it('one invoice paid by two concurrent calls is paid once, and the wallet debited once', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '5000.00');
    const [invoiceId] = await invoices(c, 1, 'twice');
    const outcomes = await Promise.all([
      outcome(payInvoiceFromWallet(w.deps, c.ctx('pay-twice-a'), { invoiceId })),
      outcome(payInvoiceFromWallet(w.deps, c.ctx('pay-twice-b'), { invoiceId })),
      outcome(payInvoiceFromWallet(w.deps, w.staff(T, 'pay-twice-staff'), { invoiceId })),
    ]);
    expect(outcomes.filter((o) => o.ok).length).toBeGreaterThanOrEqual(1);
    for (const o of outcomes.filter((x) => !x.ok))
      expect(o).toMatchObject({
        code: 'CONFLICT',
        message: 'This invoice is already paid in full.',
      });
    const wallet = await loadWallet(w.store, c.id);
    // One debit taken, not two with one given back.
    expect([...wallet.payments.values()]).toEqual([
      { amount: new D(SHARED_TOTAL), reversed: false },
    ]);
    expect(wallet.balance.toFixed(2)).toBe(new D('5000.00').minus(SHARED_TOTAL).toFixed(2));
    const { state } = await loadInvoice(w.store, T, invoiceId!);
    expect(state.status).toBe('TAX_INVOICE');
    expect(Object.keys(state.payments)).toHaveLength(1);
  });

  it('a retry with the same commandId is one payment and the first answer', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '5000.00');
    const [invoiceId] = await invoices(c, 1, 'retry');
    const first = await payInvoiceFromWallet(w.deps, c.ctx('pay-retry-1'), { invoiceId });
    const again = await payInvoiceFromWallet(w.deps, c.ctx('pay-retry-1'), { invoiceId });
    expect(again).toEqual(first);
    expect((await loadWallet(w.store, c.id)).payments.size).toBe(1);
  });

  it('100 concurrent payments clearing 100 invoices: tax invoice numbers 1..100, no gap, no duplicate', async () => {
    const pairs: { c: Awaited<ReturnType<typeof w.customer>>; invoiceId: string }[] = [];
    for (let i = 0; i < 100; i++) {
      const c = await w.customer(T, { stateCode: '29' }, '1000.00');
      const [invoiceId] = await invoices(c, 1, `hundred-${i}`);
      pairs.push({ c, invoiceId: invoiceId! });
    }
    const fy = financialYear(indianDate(new Date().toISOString()));
    const before = (await w.store.readStream(seriesStreamId(T, 'invoice', fy))).length;
    const outcomes = await Promise.all(
      pairs.map(({ c, invoiceId }, i) =>
        outcome(payInvoiceFromWallet(w.deps, c.ctx(`pay-hundred-${i}`), { invoiceId })),
      ),
    );
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const counters: number[] = [];
    const numbers = new Set<string>();
    for (const { invoiceId } of pairs) {
      const { state, events } = await loadInvoice(w.store, T, invoiceId);
      expect(state.status).toBe('TAX_INVOICE');
      numbers.add(state.invoiceNumber!);
      counters.push(
        (events.find((e) => e.type === 'TaxInvoiceIssued')!.data as { counter: number }).counter,
      );
    }
    expect(numbers.size).toBe(100);
    expect(counters.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => before + i + 1),
    );
    const series = await w.store.readStream(seriesStreamId(T, 'invoice', fy));
    expect(series.map((e) => (e.data as { counter: number }).counter)).toEqual(
      Array.from({ length: series.length }, (_, i) => i + 1),
    );
  }, 60_000);
});

describe('refusals, with a clear error and no money lost', () => {
  it('paying a cancelled invoice', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '5000.00');
    const r = await placeOrder(w.deps, c.ctx('order-cancelled-1'), { items: sharedOrder() });
    await cancelOrder(w.deps, c.ctx('cancel-cancelled-1'), { orderId: r.orderId });
    const e = await refusal(
      payInvoiceFromWallet(w.deps, c.ctx('pay-cancelled-1'), { invoiceId: r.invoiceId }),
    );
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message: 'This invoice was cancelled; it cannot be paid.',
    });
    expect((await loadWallet(w.store, c.id)).balance.toFixed(2)).toBe('5000.00');
  });

  it('over-paying, and a partial payment where partial payments are not allowed', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '5000.00');
    const [invoiceId] = await invoices(c, 1, 'overpay');
    const over = await refusal(
      payInvoiceFromWallet(w.deps, c.ctx('pay-overpay-1'), { invoiceId, amount: '529.83' }),
    );
    expect(over.code).toBe('BAD_USER_INPUT');
    expect(over.issues[0]!.path).toEqual(['amount']);
    expect(over.message).toContain('more than the ₹529.82 due');
    const part = await refusal(
      payInvoiceFromWallet(w.deps, c.ctx('pay-overpay-2'), { invoiceId, amount: '100.00' }),
    );
    expect(part.code).toBe('BAD_USER_INPUT');
    expect(part.message).toContain('partial payments are not enabled');
    const bank = await refusal(
      recordInvoicePayment(w.deps, w.staff(T, 'bank-overpay-1'), {
        invoiceId,
        amount: '600.00',
        reference: 'UTR000111',
        receivedOn: '2026-01-05',
      }),
    );
    expect(bank.code).toBe('CONFLICT');
    expect(bank.message).toContain('pay at most ₹529.82');
    expect((await loadWallet(w.store, c.id)).payments.size).toBe(0);
  });

  it('a payment the invoice refuses after the debit (cancelled meanwhile) is reversed', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '5000.00');
    const [invoiceId] = await invoices(c, 1, 'refused');
    // The invoice is cancelled right after the wallet took the money, before it is applied.
    const racing = {
      ...w.deps,
      store: {
        ...w.store,
        append: async (...args: Parameters<EventStore['append']>) => {
          const result = await w.store.append(...args);
          if (args[0] === walletStreamId(c.id) && args[1][0]?.type === 'WalletDebited')
            await handleCommand(w.deps, w.staff(T, 'cancel-behind-the-back'), {
              streamId: invoiceStreamId(invoiceId!),
              decider: invoiceDecider,
              command: (now) => ({
                type: 'CancelProforma' as const,
                reason: 'cancelled meanwhile',
                cancelledBy: 'staff',
                now,
              }),
            });
          return result;
        },
      },
    };
    const e = await refusal(payInvoiceFromWallet(racing, c.ctx('pay-refused-1'), { invoiceId }));
    expect(e.message).toMatch(/cancelled/);
    const wallet = await loadWallet(w.store, c.id);
    expect(wallet.balance.toFixed(2)).toBe('5000.00');
    expect([...wallet.payments.values()]).toEqual([
      { amount: new D(SHARED_TOTAL), reversed: true },
    ]);
  });

  it('a customer cannot pay another customer’s invoice', async () => {
    const a = await w.customer(T, { stateCode: '27' }, '5000.00');
    const b = await w.customer(T, { stateCode: '27' }, '5000.00');
    const [invoiceId] = await invoices(a, 1, 'foreign');
    const e = await refusal(payInvoiceFromWallet(w.deps, b.ctx('pay-foreign-1'), { invoiceId }));
    expect(e.code).toBe('NOT_FOUND');
  });
});

describe('bank payments, credit notes, cancellations', () => {
  it('a partial bank payment is kept; cancelling the order credits it to the wallet', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const r = await placeOrder(w.deps, c.ctx('order-bank-1'), { items: sharedOrder() });
    await recordInvoicePayment(w.deps, w.staff(T, 'bank-partial-1'), {
      invoiceId: r.invoiceId,
      amount: '200.00',
      reference: 'UTR123456',
      receivedOn: '2026-01-05',
    });
    expect((await loadInvoice(w.store, T, r.invoiceId)).state.paid.toFixed(2)).toBe('200.00');
    await cancelOrder(w.deps, c.ctx('cancel-bank-1'), {
      orderId: r.orderId,
      note: 'changed my mind',
    });
    await cancelOrder(w.deps, c.ctx('cancel-bank-1'), {
      orderId: r.orderId,
      note: 'changed my mind',
    });
    const wallet = await loadWallet(w.store, c.id);
    expect(wallet.balance.toFixed(2)).toBe('200.00');
    expect(wallet.credits.size).toBe(1);
    const order = await w.store.readStream(orderStreamId(r.orderId));
    expect(order.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect((await loadInvoice(w.store, T, r.invoiceId)).state.status).toBe('CANCELLED');
  });

  it('a bank payment in the future is refused on receivedOn', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const [invoiceId] = await invoices(c, 1, 'future');
    const e = await refusal(
      recordInvoicePayment(w.deps, w.staff(T, 'bank-future-1'), {
        invoiceId,
        amount: '100.00',
        reference: 'UTR999',
        receivedOn: '2999-01-01',
      }),
    );
    expect(e.issues[0]!.path).toEqual(['method', 'receivedOn']);
  });

  it('a bank payment in full makes the tax invoice and pays the order', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const r = await placeOrder(w.deps, c.ctx('order-bank-full'), { items: sharedOrder() });
    await recordInvoicePayment(w.deps, w.staff(T, 'bank-full-1'), {
      invoiceId: r.invoiceId,
      amount: SHARED_TOTAL,
      reference: 'UTR777',
      receivedOn: '2026-01-05',
    });
    expect((await loadInvoice(w.store, T, r.invoiceId)).state.status).toBe('TAX_INVOICE');
    const order = await w.store.readStream(orderStreamId(r.orderId));
    expect(order.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('credit notes: partial then full to the wallet, numbered in their own series; crediting more than remains is refused', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '3000.00');
    const r = await placeOrder(w.deps, c.ctx('order-credit-1'), {
      items: vpsOrder(),
      pay: 'WALLET',
    });
    const partial = await issueCreditNote(w.deps, w.staff(T, 'credit-partial-1'), {
      invoiceId: r.invoiceId,
      reason: 'one week of downtime',
      destination: 'WALLET',
      scope: { kind: 'amount', taxableValue: '1000.00' },
    });
    const again = await issueCreditNote(w.deps, w.staff(T, 'credit-partial-1'), {
      invoiceId: r.invoiceId,
      reason: 'one week of downtime',
      destination: 'WALLET',
      scope: { kind: 'amount', taxableValue: '1000.00' },
    });
    expect(again.creditNoteId).toBe(partial.creditNoteId);
    const more = await refusal(
      issueCreditNote(w.deps, w.staff(T, 'credit-more-1'), {
        invoiceId: r.invoiceId,
        reason: 'too much',
        destination: 'WALLET',
        scope: { kind: 'amount', taxableValue: '1303.07' },
      }),
    );
    expect(more.code).toBe('BAD_USER_INPUT');
    expect(more.message).toMatch(/1303\.06|left|remain/);
    await issueCreditNote(w.deps, w.staff(T, 'credit-rest-1'), {
      invoiceId: r.invoiceId,
      reason: 'cancelled at the customer’s request',
      destination: 'REFUNDED_OUTSIDE',
      scope: { kind: 'full' },
    });
    const none = await refusal(
      issueCreditNote(w.deps, w.staff(T, 'credit-none-1'), {
        invoiceId: r.invoiceId,
        reason: 'nothing left',
        destination: 'WALLET',
        scope: { kind: 'full' },
      }),
    );
    expect(none.code).toBe('BAD_USER_INPUT');
    const { state } = await loadInvoice(w.store, T, r.invoiceId);
    const notes = Object.values(state.creditNotes);
    expect(notes.map((n) => n.number)).toEqual([
      expect.stringMatching(/^CN\/\d{4}\/\d{5}$/),
      expect.stringMatching(/^CN\/\d{4}\/\d{5}$/),
    ]);
    expect(state.credited.toFixed(2)).toBe('2717.62');
    // 1000.00 + 18 % = 1180.00 back to the wallet; the rest was refunded outside.
    const wallet = await loadWallet(w.store, c.id);
    expect(wallet.balance.toFixed(2)).toBe(new D('282.38').plus('1180.00').toFixed(2));
    // The test's funds, and the one note to the wallet.
    expect(wallet.credits.size).toBe(2);
  });

  it('a credit note on a proforma is refused; cancelInvoice refuses an order’s proforma', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const r = await placeOrder(w.deps, c.ctx('order-proforma-credit'), { items: sharedOrder() });
    const e = await refusal(
      issueCreditNote(w.deps, w.staff(T, 'credit-proforma-1'), {
        invoiceId: r.invoiceId,
        reason: 'not yet a tax invoice',
        destination: 'WALLET',
        scope: { kind: 'full' },
      }),
    );
    expect(e.code).toBe('CONFLICT');
    const cancel = await refusal(
      cancelInvoice(w.deps, w.staff(T, 'cancel-invoice-1'), {
        invoiceId: r.invoiceId,
        reason: 'duplicate',
      }),
    );
    expect(cancel.message).toMatch(/cancel the order instead/);
  });
});

describe('processes/invoicing on the real log', () => {
  it('numbers and issues an invoice whose payment crashed before its number, pays its order; a second run adds nothing', async () => {
    const { invoicingReactors } = await import('../../processes/invoicing/index.ts');
    const c = await w.customer(T, { stateCode: '27' }, '1000.00');
    const r = await placeOrder(w.deps, c.ctx('order-crash-number'), { items: sharedOrder() });
    const crashing = {
      ...w.deps,
      store: {
        ...w.store,
        append: async (...args: Parameters<EventStore['append']>) => {
          if (args[0].startsWith('series-')) throw new Error('crash before the number');
          return w.store.append(...args);
        },
      },
    };
    await expect(
      payInvoiceFromWallet(crashing, c.ctx('pay-crash-number'), { invoiceId: r.invoiceId }),
    ).rejects.toThrow('crash before the number');
    expect((await loadInvoice(w.store, T, r.invoiceId)).state.status).toBe('PAID');
    const reactors = invoicingReactors(w.deps);
    const events = await w.store.readStream(invoiceStreamId(r.invoiceId));
    const run = async () => {
      for (const reactor of reactors)
        for (const e of events) if (reactor.handles.has(e.type)) await reactor.react(e);
    };
    await run();
    const after = await loadInvoice(w.store, T, r.invoiceId);
    expect(after.state.status).toBe('TAX_INVOICE');
    const order = await w.store.readStream(orderStreamId(r.orderId));
    expect(order.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderPaid']);
    await run();
    expect(await w.store.readStream(invoiceStreamId(r.invoiceId))).toHaveLength(
      after.events.length,
    );
    // The customer's retry answers as the first call would have, with nothing paid twice.
    const retry = await payInvoiceFromWallet(w.deps, c.ctx('pay-crash-number'), {
      invoiceId: r.invoiceId,
    });
    expect(retry.paid).toBe(SHARED_TOTAL);
    expect((await loadWallet(w.store, c.id)).payments.size).toBe(1);
  });
});

describe('creditWallet (commands/wallet/payments.ts)', () => {
  it('system or admin only; once per creditId', async () => {
    const { creditWallet } = await import('../wallet/payments.ts');
    const c = await w.customer(T, { stateCode: '27' });
    const input = {
      customerId: c.id,
      creditId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      amount: '250.50',
      reason: 'goodwill',
      source: { kind: 'REFUND', id: 'ticket-42' },
    };
    const e = await refusal(creditWallet(w.deps, c.ctx('credit-self-1'), input));
    expect(e.code).toBe('FORBIDDEN');
    await creditWallet(w.deps, w.staff(T, 'credit-staff-1'), input);
    await creditWallet(w.deps, w.staff(T, 'credit-staff-2'), input);
    const wallet = await loadWallet(w.store, c.id);
    expect(wallet.balance.toFixed(2)).toBe('250.50');
    const bad = await refusal(
      creditWallet(w.deps, w.staff(T, 'credit-staff-3'), { ...input, amount: '-1' }),
    );
    expect(bad.issues[0]!.path).toEqual(['amount']);
  });
});
