import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  ADMIN,
  must,
  startTestPlatform,
  type TestPlatform,
} from '../../server/testing/platform.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { catalogHistory } from '../../domain/catalog/spec-fixtures.ts';
import { catalogStreamId } from '../../domain/catalog/events.ts';
import { firstSignInAt, gqlAt, openReseller } from '../access/testing.ts';
import { seedCommerce, type SeededCommerce } from './testing.ts';

/**
 * Orders and invoices over GraphQL, end to end on the real platform: the spec catalog is
 * written to tenant A's catalog stream, customers order through placeOrder, pay from the wallet,
 * staff record bank payments, credit and cancel; lists, filters and who sees what.
 */

const ITEM = {
  planId: 'plan-vps',
  cycle: 'MONTHLY',
  operatingSystemId: 'os-ubuntu',
  dataCentreId: 'dc-mum',
  hostname: 'web1.example.com',
  addons: [{ addonId: 'addon-cpanel' }],
};
const INVOICE_FIELDS = `id status number financialYear total amountPaid amountDue credited creditable pdfUrl orderId
  customer { id email name company }
  supplier { legalName gstin stateCode stateName }
  recipient { legalName stateCode }
  document { taxSystem placeOfSupply reverseCharge amountInWords
    lines { lineNo description sac taxableValue taxTotal total taxes { cgst { rate amount } sgst { rate amount } igst { rate amount } } source { kind refId itemNo } }
    sacSummary { sac taxableValue cgst sgst igst tax } totals { taxableValue tax total } }
  payments { id method amount walletPaymentId reference receivedOn recordedBy }
  creditNotes { id number status total }
  trace { eventId type streamId revision position }`;
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {
  paidFromWallet order { id status total amountDue items { itemNo planName hostname addons { name } } customer { email } }
  invoice { ${INVOICE_FIELDS} } } }`;
const INVOICE = `query($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`;
const PAY = `mutation($input: PayInvoiceFromWalletInput!) { payInvoiceFromWallet(input: $input) { ${INVOICE_FIELDS} } }`;
const RECORD = `mutation($input: RecordInvoicePaymentInput!) { recordInvoicePayment(input: $input) { ${INVOICE_FIELDS} } }`;
const CREDIT = `mutation($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { id number status total invoiceId invoiceNumber destination document { totals { taxableValue total } } } }`;
const CANCEL = `mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { id status cancelReason cancelNote invoice { status } } }`;
const ORDERS = `query($f: OrderFilter) { orders(filter: $f) { total items { id status total customer { email name } invoice { status } } } }`;
const INVOICES = `query($f: InvoiceFilter) { invoices(filter: $f) { total items { id status number } } }`;

let t: TestPlatform;
let asha: { id: string; cookie: string };
let ravi: { id: string; cookie: string };
let admin: string;
let support: string;
let seededAsha: SeededCommerce;
let seededAsha2: SeededCommerce;
let seededRavi: SeededCommerce;
let adminB: string;

const cmd = () => randomUUID();
const codeOf = (r: { errors?: any[] }) => r.errors?.[0]?.extensions?.code;

async function fund(customer: { cookie: string }, amount: string) {
  const req = await must(
    t.gql(
      `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`,
      {
        input: {
          commandId: cmd(),
          amount,
          method: 'BANK_TRANSFER',
          reference: `UTR-${randomUUID().slice(0, 8)}`,
          proof: { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG },
        },
      },
      customer.cookie,
    ),
  );
  await must(
    t.gql(
      `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }`,
      { input: { commandId: cmd(), topUpId: req.requestTopUp.id } },
      admin,
    ),
  );
}

const place = (who: string, over: Record<string, unknown> = {}, item = ITEM) =>
  t.gql(PLACE, { input: { commandId: cmd(), items: [item], ...over } }, who);

beforeAll(async () => {
  t = await startTestPlatform();
  asha = await t.customer('asha@example.com', 'Asha Verma');
  ravi = await t.customer('ravi@example.com', 'Ravi Kumar');
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  const staff = await must(
    t.gql(
      `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { initialPassword } }`,
      {
        input: {
          commandId: cmd(),
          email: 'support@akashone.com',
          name: 'Sam',
          staffRole: 'support',
        },
      },
      admin,
    ),
  );
  support = await firstSignInAt(
    t,
    'akashone.localhost',
    'support@akashone.com',
    staff.addStaffMember.initialPassword,
    `${staff.addStaffMember.initialPassword}-own`,
  );
  const store = t.running.platform.store;
  seededAsha = await seedCommerce(store, 'akashone', { id: asha.id, name: 'Asha Verma' }, 'T/1');
  seededAsha2 = await seedCommerce(store, 'akashone', { id: asha.id, name: 'Asha Verma' }, 'T/2');
  seededRavi = await seedCommerce(store, 'akashone', { id: ravi.id, name: 'Ravi Kumar' }, 'T/3');
  await t.running.platform.projections.waitFor(seededRavi.position, 10_000);
  adminB = (await openReseller(t, admin, 'kloudnests', 'kloudnests.localhost')).admin;
});

/** The spec catalog on tenant A's catalog stream (for placing orders through GraphQL). */
async function seedCatalog() {
  await t.running.platform.store.append(
    catalogStreamId('akashone'),
    catalogHistory.map((e, i) => ({
      id: randomUUID(),
      type: e.type,
      data: { ...e.data, tenantId: 'akashone' },
      metadata: {
        tenantId: 'akashone',
        actor: { userId: 'system', role: 'system' },
        commandId: `test:catalog:${i}`,
        correlationId: `test:catalog:${i}`,
        causationId: `test:catalog:${i}`,
        occurredAt: new Date().toISOString(),
        schemaVersion: 1,
      },
    })),
    'any',
  );
}

const get = (url: string, cookie?: string, host = 'akashone.localhost') =>
  t.running.app.inject({ method: 'GET', url, headers: { host, ...(cookie ? { cookie } : {}) } });
afterAll(async () => t?.close());

describe('orders and invoices over GraphQL', () => {
  it('an invoice reads as issued: lines copied with their sources, SAC summary from the lines, trace of its stream', async () => {
    const { invoice } = await must(t.gql(INVOICE, { id: seededAsha.invoiceId }, asha.cookie));
    expect(invoice).toMatchObject({
      status: 'PROFORMA',
      number: null,
      amountPaid: '0.00',
      amountDue: invoice.total,
      orderId: seededAsha.orderId,
      customer: { id: asha.id, email: 'asha@example.com', name: 'Asha Verma', company: null },
      supplier: {
        legalName: 'Mieux Technologies Pvt Ltd',
        stateCode: '27',
        stateName: 'Maharashtra',
      },
      recipient: { stateCode: '29' },
      pdfUrl: `/files/invoices/${seededAsha.invoiceId}.pdf`,
      creditable: '0.00',
    });
    const { lines, sacSummary } = invoice.document;
    expect(invoice.document.taxSystem).toBe('IGST');
    expect(lines[0].source).toEqual({ kind: 'PLAN', refId: 'plan-vps', itemNo: 1 });
    const paise = (k: string) =>
      lines.reduce((a: number, l: any) => a + Math.round(Number(l[k]) * 100), 0);
    expect(Math.round(Number(sacSummary[0].taxableValue) * 100)).toBe(paise('taxableValue'));
    expect(Math.round(Number(sacSummary[0].tax) * 100)).toBe(paise('taxTotal'));
    expect(invoice.trace).toEqual([
      expect.objectContaining({
        type: 'ProformaIssued',
        streamId: `invoice-${seededAsha.invoiceId}`,
        revision: '0',
        position: expect.any(String),
      }),
    ]);
    const taxed = (await must(t.gql(INVOICE, { id: seededAsha.taxInvoiceId }, asha.cookie)))
      .invoice;
    expect(taxed).toMatchObject({ status: 'TAX_INVOICE', number: 'T/1', amountDue: '0.00' });
    expect(taxed.payments).toEqual([
      expect.objectContaining({
        method: 'BANK_TRANSFER',
        walletPaymentId: null,
        recordedBy: 'System',
      }),
    ]);
    expect(taxed.creditNotes).toEqual([
      expect.objectContaining({ status: 'RAISED', number: null }),
    ]);
  });

  it('lists: the customer sees their own orders and invoices, staff filter the tenant’s', async () => {
    const mine = await must(t.gql(ORDERS, {}, asha.cookie));
    expect(mine.orders.items.map((o: any) => o.id).sort()).toEqual(
      [seededAsha.orderId, seededAsha2.orderId].sort(),
    );
    expect((await must(t.gql(INVOICES, {}, asha.cookie))).invoices.total).toBe(4);
    const ravis = await must(t.gql(ORDERS, {}, ravi.cookie));
    expect(ravis.orders.items.map((o: any) => o.id)).toEqual([seededRavi.orderId]);
    const byName = await must(t.gql(ORDERS, { f: { search: 'asha@', status: 'PENDING' } }, admin));
    expect(byName.orders.total).toBe(2);
    expect(byName.orders.items[0].customer).toEqual({
      email: 'asha@example.com',
      name: 'Asha Verma',
    });
    expect(byName.orders.items[0].invoice.status).toBe('PROFORMA');
    const byHost = await must(
      t.gql(ORDERS, { f: { search: `web-${seededRavi.orderId.slice(0, 8)}` } }, admin),
    );
    expect(byHost.orders.items.map((o: any) => o.id)).toEqual([seededRavi.orderId]);
    const byCustomer = await must(t.gql(ORDERS, { f: { customerId: ravi.id } }, admin));
    expect(byCustomer.orders.total).toBe(1);
    expect(
      (await must(t.gql(ORDERS, { f: { placedFrom: '2100-01-01T00:00:00Z' } }, admin))).orders
        .total,
    ).toBe(0);
    const page = await must(
      t.gql(`{ orders(first: 1, offset: 1) { total items { id } } }`, {}, admin),
    );
    expect(page.orders).toMatchObject({ total: 3, items: [expect.anything()] });
    const taxed = await must(
      t.gql(INVOICES, { f: { status: 'TAX_INVOICE', customerId: asha.id } }, admin),
    );
    expect(taxed.invoices.items.map((i: any) => i.id).sort()).toEqual(
      [seededAsha.taxInvoiceId, seededAsha2.taxInvoiceId].sort(),
    );
    const byNumber = await must(t.gql(INVOICES, { f: { search: 'T/3' } }, admin));
    expect(byNumber.invoices.items.map((i: any) => i.id)).toEqual([seededRavi.taxInvoiceId]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await must(t.gql(INVOICES, { f: { to: '2000-01-01' } }, admin))).invoices.total).toBe(
      0,
    );
    expect(
      (await must(t.gql(INVOICES, { f: { from: '2000-01-01', to: '2100-01-01' } }, admin))).invoices
        .total,
    ).toBe(6);
    expect(today).toMatch(/^\d{4}/);
    const bad = await t.gql(INVOICES, { f: { from: '31/12/2026' } }, admin);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors![0].extensions)).toContain('from');
  });

  it('another customer is told "not found"; support reads invoices but not orders; another tenant sees nothing', async () => {
    expect(codeOf(await t.gql(INVOICE, { id: seededAsha.invoiceId }, ravi.cookie))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(
        await t.gql(
          `query($id: ID!) { order(id: $id) { id } }`,
          { id: seededAsha.orderId },
          ravi.cookie,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect((await must(t.gql(INVOICE, { id: seededAsha.invoiceId }, support))).invoice.id).toBe(
      seededAsha.invoiceId,
    );
    expect(codeOf(await t.gql(ORDERS, {}, support))).toBe('FORBIDDEN');
    const pay = await t.gql(
      PAY,
      { input: { commandId: cmd(), invoiceId: seededAsha.invoiceId } },
      ravi.cookie,
    );
    expect(codeOf(pay)).toBe('NOT_FOUND');
    const B = 'kloudnests.localhost';
    expect((await gqlAt(t, B, INVOICES, {}, adminB)).data.invoices.total).toBe(0);
    expect((await gqlAt(t, B, ORDERS, {}, adminB)).data.orders.total).toBe(0);
    expect(codeOf(await gqlAt(t, B, INVOICE, { id: seededAsha.invoiceId }, adminB))).toBe(
      'NOT_FOUND',
    );
  });

  it('paying from the wallet makes it a numbered tax invoice whose payment names the wallet payment; the order reads paid', async () => {
    const invoiceId = seededAsha.invoiceId;
    const before = new Date().toISOString();
    const short = await t.gql(PAY, { input: { commandId: cmd(), invoiceId } }, asha.cookie);
    expect(codeOf(short)).toBe('CONFLICT');
    await fund(asha, '5000.00');
    const paid = (await must(t.gql(PAY, { input: { commandId: cmd(), invoiceId } }, asha.cookie)))
      .payInvoiceFromWallet;
    expect(paid).toMatchObject({
      amountPaid: paid.total,
      amountDue: '0.00',
      status: 'TAX_INVOICE',
    });
    expect(paid.number).toEqual(expect.any(String));
    expect(paid.financialYear).toMatch(/^\d{4}-\d{2}$/);
    expect(paid.creditable).toBe(paid.total);
    expect(paid.payments).toEqual([
      expect.objectContaining({
        method: 'WALLET',
        amount: paid.total,
        walletPaymentId: expect.any(String),
      }),
    ]);
    expect(paid.trace.map((e: any) => e.type)).toEqual(
      expect.arrayContaining([
        'ProformaIssued',
        'InvoicePaymentApplied',
        'InvoicePaid',
        'TaxInvoiceIssued',
      ]),
    );
    const ledger = await must(
      t.gql(`{ wallet { balance entries { kind amount } } }`, {}, asha.cookie),
    );
    expect(
      ledger.wallet.entries.some((e: any) => e.kind === 'DEBIT' && e.amount === paid.total),
    ).toBe(true);
    const order = await must(
      t.gql(
        `query($id: ID!) { order(id: $id) { status paidAt amountDue invoice { number } } }`,
        { id: seededAsha.orderId },
        asha.cookie,
      ),
    );
    expect(order.order).toMatchObject({ amountDue: '0.00', invoice: { number: paid.number } });
    // As of before the payment it was an unpaid proforma: recomputed from its stream.
    const asOf = await must(
      t.gql(
        `query($id: ID!, $at: DateTime!) { invoiceAsOf(id: $id, asOf: $at) { status number amountPaid amountDue payments { id } trace { type } } }`,
        { id: invoiceId, at: before },
        asha.cookie,
      ),
    );
    expect(asOf.invoiceAsOf).toMatchObject({
      status: 'PROFORMA',
      number: null,
      amountPaid: '0.00',
      amountDue: paid.total,
      payments: [],
      trace: [{ type: 'ProformaIssued' }],
    });
    const now = await must(
      t.gql(
        `query($id: ID!, $at: DateTime!) { invoiceAsOf(id: $id, asOf: $at) { status number amountPaid payments { walletPaymentId } } }`,
        { id: invoiceId, at: '2100-01-01T00:00:00Z' },
        asha.cookie,
      ),
    );
    expect(now.invoiceAsOf).toMatchObject({
      status: 'TAX_INVOICE',
      number: paid.number,
      amountPaid: paid.total,
    });
    expect(now.invoiceAsOf.payments[0].walletPaymentId).toBe(paid.payments[0].walletPaymentId);
  });

  it('staff record a bank payment and credit part of a tax invoice; the note reduces what is left to credit', async () => {
    const id = seededRavi.invoiceId;
    const { invoice } = await must(t.gql(INVOICE, { id }, admin));
    const recordInput = () => ({
      commandId: cmd(),
      invoiceId: id,
      amount: invoice.total,
      reference: 'UTR-42',
      receivedOn: '2026-01-02',
    });
    expect(codeOf(await t.gql(RECORD, { input: recordInput() }, ravi.cookie))).toBe('FORBIDDEN');
    const recorded = (await must(t.gql(RECORD, { input: recordInput() }, admin)))
      .recordInvoicePayment;
    expect(recorded.status).toBe('TAX_INVOICE');
    expect(recorded.payments).toEqual([
      expect.objectContaining({
        method: 'BANK_TRANSFER',
        reference: 'UTR-42',
        receivedOn: '2026-01-02',
        walletPaymentId: null,
      }),
    ]);
    const over = await t.gql(RECORD, { input: recordInput() }, admin);
    expect(codeOf(over)).toBe('CONFLICT');
    const note = (
      await must(
        t.gql(
          CREDIT,
          {
            input: {
              commandId: cmd(),
              invoiceId: id,
              reason: 'two days of downtime',
              destination: 'REFUNDED_OUTSIDE',
              taxableValue: '100.00',
            },
          },
          admin,
        ),
      )
    ).issueCreditNote;
    expect(note).toMatchObject({
      invoiceId: id,
      invoiceNumber: recorded.number,
      destination: 'REFUNDED_OUTSIDE',
    });
    expect(note.document.totals.taxableValue).toBe('100.00');
    const after = (await must(t.gql(INVOICE, { id }, ravi.cookie))).invoice;
    expect(after.credited).toBe(note.total);
    expect(Math.round(Number(after.creditable) * 100)).toBe(
      Math.round((Number(after.total) - Number(note.total)) * 100),
    );
    expect(after.creditNotes.map((n: any) => n.id)).toEqual([note.id]);
    const notes = await must(t.gql(`{ creditNotes { total items { id } } }`, {}, ravi.cookie));
    expect(notes.creditNotes.items.map((n: any) => n.id).sort()).toEqual(
      [note.id, seededRavi.creditNoteId].sort(),
    );
    const two = await t.gql(
      CREDIT,
      {
        input: {
          commandId: cmd(),
          invoiceId: id,
          reason: 'both given',
          destination: 'WALLET',
          full: true,
          taxableValue: '1.00',
        },
      },
      admin,
    );
    expect(codeOf(two)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(two.errors![0].extensions)).toContain('taxableValue');
  });

  it('cancelling an unpaid order cancels its proforma; a paid one cannot be cancelled', async () => {
    const cancelled = (
      await must(
        t.gql(
          CANCEL,
          { input: { commandId: cmd(), orderId: seededAsha2.orderId, note: 'changed my mind' } },
          asha.cookie,
        ),
      )
    ).cancelOrder;
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'CUSTOMER',
      cancelNote: 'changed my mind',
      invoice: { status: 'CANCELLED' },
    });
    const again = await t.gql(
      CANCEL,
      { input: { commandId: cmd(), orderId: seededAsha.orderId } },
      asha.cookie,
    );
    expect(codeOf(again)).toBe('CONFLICT');
    const byStatus = await must(t.gql(ORDERS, { f: { status: 'CANCELLED' } }, admin));
    expect(byStatus.orders.items.map((o: any) => o.id)).toEqual([seededAsha2.orderId]);
  });

  it('PDFs: the owner and staff get application/pdf; another customer and another tenant 404; signed out 401', async () => {
    const url = `/files/invoices/${seededAsha.taxInvoiceId}.pdf`;
    const own = await get(url, asha.cookie);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get(url, support)).statusCode).toBe(200);
    expect(
      (await get(`/files/invoices/${seededAsha2.invoiceId}.pdf`, asha.cookie)).statusCode,
    ).toBe(200);
    expect((await get(url, ravi.cookie)).statusCode).toBe(404);
    expect((await get(url)).statusCode).toBe(401);
    expect((await get(url, adminB, 'kloudnests.localhost')).statusCode).toBe(404);
    expect((await get(url, adminB)).statusCode).toBe(401);
    expect((await get(`/files/invoices/${seededAsha.taxInvoiceId}`, asha.cookie)).statusCode).toBe(
      404,
    );
    const notes = await must(
      t.gql(`{ creditNotes { items { id number pdfUrl } } }`, {}, ravi.cookie),
    );
    const numbered = notes.creditNotes.items.find((n: any) => n.number);
    const note = await get(numbered.pdfUrl, ravi.cookie);
    expect(note.statusCode).toBe(200);
    expect(note.headers['content-type']).toBe('application/pdf');
    expect((await get(numbered.pdfUrl, asha.cookie)).statusCode).toBe(404);
  });

  it('placing an order through GraphQL issues its proforma with the quote’s figures', async () => {
    await seedCatalog();
    const quote = await must(
      t.gql(
        `query($items: [OrderItemInput!]!) { quoteOrder(items: $items) { walletBalance balanceAfter shortfall document { totals { total } } } }`,
        { items: [ITEM] },
        ravi.cookie,
      ),
    );
    const d = await must(place(ravi.cookie));
    const { order, invoice } = d.placeOrder;
    expect(d.placeOrder.paidFromWallet).toBe('0.00');
    expect(order).toMatchObject({
      status: 'PENDING',
      total: invoice.total,
      amountDue: invoice.total,
    });
    expect(order.items[0]).toMatchObject({ itemNo: 1, hostname: 'web1.example.com' });
    expect(invoice).toMatchObject({
      status: 'PROFORMA',
      orderId: order.id,
      customer: { id: ravi.id },
    });
    expect(quote.quoteOrder.document.totals.total).toBe(invoice.total);
    expect(quote.quoteOrder).toMatchObject({
      walletBalance: '0.00',
      shortfall: invoice.total,
      balanceAfter: `-${invoice.total}`,
    });
    const bad = await place(ravi.cookie, {}, { ...ITEM, hostname: 'not a host' });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors![0].extensions)).toContain('hostname');
  });
});
