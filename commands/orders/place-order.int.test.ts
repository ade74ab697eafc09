import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { orderStreamId } from '../../domain/orders/events.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { EXPORT_UNDER_LUT_LEGEND } from '../../domain/tax/supply/determine-supply.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { loadInvoice, loadWallet } from '../invoices/wallet-reads.ts';
import { placeOrder } from './place-order.ts';
import { quoteOrder } from './quote-order.ts';
import { commerceWorld, LUT, vpsOrder } from './testing.ts';

const T = OPERATOR_TENANT_ID;
const LUT_TENANT = 'lut-reseller';
let w: Awaited<ReturnType<typeof commerceWorld>>;

beforeAll(async () => {
  w = await commerceWorld('placeorder');
  await w.tenant(T);
  await w.tenant(LUT_TENANT, { lutNumber: LUT });
});
afterAll(async () => w?.close());

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe('placeOrder', () => {
  it('the same commandId twice: one order, one invoice, the first answer', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const first = await placeOrder(w.deps, c.ctx('place-twice-1'), { items: vpsOrder() });
    const again = await placeOrder(w.deps, c.ctx('place-twice-1'), { items: vpsOrder() });
    expect(again).toEqual(first);
    expect(await w.store.readStream(orderStreamId(first.orderId))).toHaveLength(1);
    const invoice = await w.store.readStream(invoiceStreamId(first.invoiceId));
    expect(invoice.map((e) => e.type)).toEqual(['ProformaIssued']);
    const other = await placeOrder(w.deps, c.ctx('place-twice-2'), { items: vpsOrder() });
    expect(other.orderId).not.toBe(first.orderId);
  });

  it('the same commandId with other items is a CONFLICT, and writes nothing more', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const first = await placeOrder(w.deps, c.ctx('place-other-1'), { items: vpsOrder() });
    const e = await refusal(
      placeOrder(w.deps, c.ctx('place-other-1'), { items: vpsOrder('web2.example.com') }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(await w.store.readStream(orderStreamId(first.orderId))).toHaveLength(1);
  });

  it('heals a crash between the order and its proforma on retry', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const crashing = {
      ...w.deps,
      store: {
        ...w.store,
        append: async (...args: Parameters<typeof w.store.append>) => {
          if (args[0].startsWith('invoice-')) throw new Error('crash');
          return w.store.append(...args);
        },
      },
    };
    await expect(
      placeOrder(crashing, c.ctx('place-crash-1'), { items: vpsOrder() }),
    ).rejects.toThrow('crash');
    const healed = await placeOrder(w.deps, c.ctx('place-crash-1'), { items: vpsOrder() });
    const { state } = await loadInvoice(w.store, T, healed.invoiceId);
    expect(state.status).toBe('PROFORMA');
    expect(state.orderId).toBe(healed.orderId);
    expect(state.total.toFixed(2)).toBe('2717.62');
  });

  it('pay WALLET with a short balance is refused before anything is written, naming the shortfall', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '2000.00');
    const e = await refusal(
      placeOrder(w.deps, c.ctx('place-short-1'), { items: vpsOrder(), pay: 'WALLET' }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('missing ₹717.62');
    const { orderIdOf } = await import('./place-order.ts');
    expect(await w.store.readStream(orderStreamId(orderIdOf(T, c.id, 'place-short-1')))).toEqual(
      [],
    );
    expect((await loadWallet(w.store, c.id)).balance.toFixed(2)).toBe('2000.00');
  });

  it('pay WALLET with enough: paid, numbered, order paid; a retry is the same answer and one debit', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '3000.00');
    const r = await placeOrder(w.deps, c.ctx('place-pay-1'), { items: vpsOrder(), pay: 'WALLET' });
    expect(r.paidFromWallet).toBe('2717.62');
    const again = await placeOrder(w.deps, c.ctx('place-pay-1'), {
      items: vpsOrder(),
      pay: 'WALLET',
    });
    expect(again).toEqual(r);
    const { state } = await loadInvoice(w.store, T, r.invoiceId);
    expect(state.status).toBe('TAX_INVOICE');
    expect(state.invoiceNumber).toMatch(/^INV\/\d{4}\/\d{5}$/);
    const order = await w.store.readStream(orderStreamId(r.orderId));
    expect(order.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderPaid']);
    const wallet = await loadWallet(w.store, c.id);
    expect(wallet.balance.toFixed(2)).toBe('282.38');
    expect(wallet.payments.size).toBe(1);
  });

  it('WALLET_PARTIAL is refused on `pay` where partial payments are not allowed, nothing written', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '100.00');
    const e = await refusal(
      placeOrder(w.deps, c.ctx('place-partial-1'), { items: vpsOrder(), pay: 'WALLET_PARTIAL' }),
    );
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.issues[0]!.path).toEqual(['pay']);
  });

  it('staff place an order for a customer with orders.manage; without it, FORBIDDEN', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const r = await placeOrder(w.deps, w.staff(T, 'staff-place-1'), {
      items: vpsOrder(),
      customerId: c.id,
    });
    expect((await loadInvoice(w.store, T, r.invoiceId)).state.customerId).toBe(c.id);
    const e = await refusal(
      placeOrder(w.deps, w.staff(T, 'staff-place-2', ['billing.read']), {
        items: vpsOrder(),
        customerId: c.id,
      }),
    );
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('bad input: BAD_USER_INPUT naming the field, nothing written', () => {
  const bad: [string, Record<string, unknown>, string[]][] = [
    ['unknown plan', { planId: 'plan-nope' }, ['items', '0', 'planId']],
    ['retired plan', { planId: 'plan-old' }, ['items', '0', 'planId']],
    ['cycle not offered', { cycle: 'TRIENNIAL' }, ['items', '0', 'cycle']],
    ['cycle not a cycle', { cycle: 'WEEKLY' }, ['items', '0', 'cycle']],
    [
      'OS not offered (retired)',
      { operatingSystemId: 'os-centos' },
      ['items', '0', 'operatingSystemId'],
    ],
    ['data centre not offered', { dataCentreId: 'dc-fra' }, ['items', '0', 'dataCentreId']],
    [
      'add-on that does not fit',
      { planId: 'plan-shared', addons: [{ addonId: 'addon-cpanel' }] },
      ['items', '0', 'addons', '0', 'addonId'],
    ],
    ['bad hostname', { hostname: '-bad_host.example.com' }, ['items', '0', 'hostname']],
    ['hostname label too long', { hostname: `${'a'.repeat(64)}.com` }, ['items', '0', 'hostname']],
  ];
  for (const [name, change, path] of bad) {
    it(name, async () => {
      const c = await w.customer(T, { stateCode: '27' }, '50000.00');
      const items = [{ ...vpsOrder()[0]!, ...change }];
      const commandId = `bad-${name.replace(/\W+/g, '-')}`;
      const e = await refusal(placeOrder(w.deps, c.ctx(commandId), { items, pay: 'WALLET' }));
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.issues.map((i) => i.path)).toContainEqual(path);
      const q = await refusal(quoteOrder(w.deps, c.ctx(commandId), { items }));
      expect(q.issues.map((i) => i.path)).toContainEqual(path);
      const { orderIdOf, invoiceIdOf } = await import('./place-order.ts');
      expect(await w.store.readStream(orderStreamId(orderIdOf(T, c.id, commandId)))).toEqual([]);
      expect(await w.store.readStream(invoiceStreamId(invoiceIdOf(T, c.id, commandId)))).toEqual(
        [],
      );
      expect((await loadWallet(w.store, c.id)).balance.toFixed(2)).toBe('50000.00');
    });
  }
});

/**
 * The domain's worked examples (domain/invoices/worked-examples.test.ts), through the commands:
 * the customer's profile from their stream, the supplier from the tenant's, figures by hand.
 */
describe('worked examples through placeOrder, to the paisa', () => {
  async function placed(tenantId: string, profile: Parameters<typeof w.customer>[1], id: string) {
    const c = await w.customer(tenantId, profile);
    const quote = await quoteOrder(w.deps, c.ctx(`q-${id}`), { items: vpsOrder() });
    const r = await placeOrder(w.deps, c.ctx(`worked-${id}`), { items: vpsOrder() });
    const { state, events } = await loadInvoice(w.store, tenantId, r.invoiceId);
    expect(state.document, 'the quote and the proforma agree').toEqual(quote.document);
    return { doc: state.document!, quote, events };
  }
  const igst = {
    taxableValue: '2303.06',
    cgst: '0.00',
    sgst: '0.00',
    igst: '414.55',
    total: '2717.61',
  };

  it('Maharashtra operator, Maharashtra customer: CGST 9 % + SGST 9 %, ₹2,717.62', async () => {
    const { doc, quote } = await placed(T, { stateCode: '27' }, 'we-mh');
    expect(doc.supply).toMatchObject({ placeOfSupply: '27', taxSystem: 'CGST+SGST' });
    expect(doc.lines.map((l) => l.taxes.cgst.amount)).toEqual([
      '111.11',
      '44.91',
      '40.41',
      '10.85',
    ]);
    expect(doc.totals).toMatchObject({
      cgst: '207.28',
      sgst: '207.28',
      igst: '0.00',
      total: '2717.62',
    });
    expect(quote.billingStateMissing).toBe(false);
    expect(quote.supplier).toMatchObject({ gstin: '27AAPFU0939F1ZV', stateCode: '27' });
    expect(quote.sources[0]).toEqual({ kind: 'PLAN', refId: 'plan-vps', itemNo: 1 });
  });
  it('Karnataka customer: IGST 18 %, ₹2,717.61', async () => {
    const { doc } = await placed(T, { stateCode: '29' }, 'we-ka');
    expect(doc.supply).toMatchObject({ placeOfSupply: '29', taxSystem: 'IGST' });
    expect(doc.lines.map((l) => l.taxes.igst.amount)).toEqual([
      '222.22',
      '89.82',
      '80.82',
      '21.69',
    ]);
    expect(doc.totals).toMatchObject(igst);
  });
  it('Chandigarh customer: inter-state from Maharashtra, IGST and no UTGST', async () => {
    const { doc } = await placed(T, { stateCode: '04' }, 'we-ch');
    expect(doc.supply).toMatchObject({ placeOfSupply: '04', taxSystem: 'IGST' });
    expect(doc.totals).toMatchObject({ ...igst, utgst: '0.00' });
  });
  it('registered customer: the GSTIN’s state (Karnataka) is the place of supply', async () => {
    const { doc, quote } = await placed(T, { stateCode: '29', gstin: '29AAFCC9980M1ZR' }, 'we-b2b');
    expect(doc.supply).toMatchObject({
      supplyType: 'B2B',
      placeOfSupply: '29',
      recipientGstin: '29AAFCC9980M1ZR',
    });
    expect(doc.totals).toMatchObject(igst);
    expect(quote.recipient.gstin).toBe('29AAFCC9980M1ZR');
  });
  it('export customer of a tenant with an LUT: zero-rated, ₹2,303.06, with the legend', async () => {
    const { doc, quote } = await placed(LUT_TENANT, { country: 'US' }, 'we-export');
    expect(doc.supply).toMatchObject({
      supplyType: 'EXPWOP',
      placeOfSupply: '96',
      taxSystem: 'ZERO_RATED',
      legend: EXPORT_UNDER_LUT_LEGEND,
    });
    expect(doc.totals).toMatchObject({ tax: '0.00', total: '2303.06' });
    expect(quote.supplier.lutNumber).toBe(LUT);
  });
  it('the same export from the operator (no LUT): IGST 18 %', async () => {
    const { doc } = await placed(T, { country: 'US' }, 'we-export-igst');
    expect(doc.supply.supplyType).toBe('EXPWP');
    expect(doc.totals.total).toBe('2717.61');
  });
  it('an Indian customer without a billing state: billingStateMissing', async () => {
    const c = await w.customer(T, { stateCode: null });
    const quote = await quoteOrder(w.deps, c.ctx('q-nostate'), { items: vpsOrder() });
    expect(quote.billingStateMissing).toBe(true);
    expect(quote.partialPaymentAllowed).toBe(false);
  });
});

describe('a tenant that allows partial payments and rounds to the rupee', () => {
  const P = 'partial-reseller';
  beforeAll(async () => {
    await w.tenant(P, {}, { partialPayments: true, unpaidOrderDays: 3, roundOff: 'rupee' });
  });
  const shared = [
    {
      planId: 'plan-shared',
      cycle: 'MONTHLY' as const,
      operatingSystemId: 'os-ubuntu',
      dataCentreId: 'dc-mum',
      hostname: 'site1',
      addons: [],
    },
  ];

  it('WALLET_PARTIAL applies the whole balance; the rest is paid later, partly, then in full', async () => {
    const { payInvoiceFromWallet } = await import('../invoices/pay-from-wallet.ts');
    const c = await w.customer(P, { stateCode: '27' }, '300.00');
    const quote = await quoteOrder(w.deps, c.ctx('q-partial-1'), { items: shared });
    expect(quote.partialPaymentAllowed).toBe(true);
    expect(quote.document.totals).toMatchObject({ roundOff: '0.18', total: '530.00' });
    const r = await placeOrder(w.deps, c.ctx('place-partial-ok'), {
      items: shared,
      pay: 'WALLET_PARTIAL',
    });
    expect(r.paidFromWallet).toBe('300.00');
    let { state } = await loadInvoice(w.store, P, r.invoiceId);
    expect([state.status, state.paid.toFixed(2)]).toEqual(['PROFORMA', '300.00']);
    const order = await w.store.readStream(orderStreamId(r.orderId));
    const placed = order[0]!.data as { placedAt: string; expiresAt: string };
    expect(Date.parse(placed.expiresAt) - Date.parse(placed.placedAt)).toBe(3 * 86_400_000);

    await w.fund(P, c.id, '500.00');
    const part = await payInvoiceFromWallet(w.deps, c.ctx('pay-partial-2'), {
      invoiceId: r.invoiceId,
      amount: '100.00',
    });
    expect(part.paid).toBe('100.00');
    const rest = await payInvoiceFromWallet(w.deps, c.ctx('pay-partial-3'), {
      invoiceId: r.invoiceId,
    });
    expect(rest.paid).toBe('130.00');
    ({ state } = await loadInvoice(w.store, P, r.invoiceId));
    expect(state.status).toBe('TAX_INVOICE');
    expect((await loadWallet(w.store, c.id)).balance.toFixed(2)).toBe('270.00');
  });

  it('WALLET_PARTIAL with an empty wallet places the order and pays nothing', async () => {
    const c = await w.customer(P, { stateCode: '27' });
    const r = await placeOrder(w.deps, c.ctx('place-partial-empty'), {
      items: shared,
      pay: 'WALLET_PARTIAL',
    });
    expect(r.paidFromWallet).toBe('0.00');
    expect((await loadInvoice(w.store, P, r.invoiceId)).state.status).toBe('PROFORMA');
  });

  it('cancelling a partly paid order gives the wallet payments back (debits reversed)', async () => {
    const { cancelOrder } = await import('./cancel-order.ts');
    const c = await w.customer(P, { stateCode: '27' }, '250.00');
    const r = await placeOrder(w.deps, c.ctx('place-partial-cancel'), {
      items: shared,
      pay: 'WALLET_PARTIAL',
    });
    expect(r.paidFromWallet).toBe('250.00');
    await cancelOrder(w.deps, c.ctx('cancel-partial-1'), { orderId: r.orderId });
    const wallet = await loadWallet(w.store, c.id);
    expect(wallet.balance.toFixed(2)).toBe('250.00');
    expect([...wallet.payments.values()].every((p) => p.reversed)).toBe(true);
    const { state } = await loadInvoice(w.store, P, r.invoiceId);
    expect([state.status, state.paid.toFixed(2)]).toEqual(['CANCELLED', '0.00']);
  });
});

describe('a retry after the catalog changed', () => {
  it('answers from the order it placed, even though its plan is retired now', async () => {
    const R = 'retire-reseller';
    await w.tenant(R);
    const c = await w.customer(R, { stateCode: '27' });
    const first = await placeOrder(w.deps, c.ctx('place-before-retire'), { items: vpsOrder() });
    const { catalogStreamId } = await import('../../domain/catalog/events.ts');
    await w.store.append(
      catalogStreamId(R),
      [
        {
          id: '6f0b3a52-0000-4000-8000-000000000001',
          type: 'PlanVisibilityChanged',
          data: {
            tenantId: R,
            planId: 'plan-vps',
            visibility: 'RETIRED',
            changedAt: new Date().toISOString(),
          },
          metadata: {
            tenantId: R,
            actor: { userId: 'system', role: 'system' },
            commandId: 'retire-vps',
            correlationId: 'retire-vps',
            causationId: 'retire-vps',
            occurredAt: new Date().toISOString(),
            schemaVersion: 1,
          },
        },
      ],
      'stream_exists',
    );
    const fresh = await refusal(
      placeOrder(w.deps, c.ctx('place-after-retire'), { items: vpsOrder() }),
    );
    expect(fresh.message).toMatch(/retired/);
    expect(await placeOrder(w.deps, c.ctx('place-before-retire'), { items: vpsOrder() })).toEqual(
      first,
    );
  });
});
