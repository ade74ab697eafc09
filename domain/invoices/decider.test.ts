import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import { D } from '../shared/money.ts';
import { specFor } from '../shared/spec.ts';
import { invoiceAsOf } from './as-of.ts';
import { invoiceDecider, type InvoiceCommand } from './decider.ts';
import { indianDate } from './document.ts';
import type { BillingRecipient, InvoiceEvent, Supplier } from './events.ts';

const given = specFor(invoiceDecider);
const T = 'akashone';
const now = '2026-05-01T10:00:00.000Z';
const later = '2026-05-02T10:00:00.000Z';
const supplier: Supplier = {
  legalName: 'Mieux Technologies Pvt Ltd',
  gstin: '27AAPFU0939F1ZV',
  stateCode: '27',
  address: 'Pune',
  lutNumber: null,
};
const recipient: BillingRecipient = {
  name: 'Asha',
  address: 'Bengaluru',
  country: 'IN',
  stateCode: '29',
  gstin: null,
  sez: false,
};
/** ₹1,000.00 at IGST 18 % = ₹1,180.00: round figures so each rule's arithmetic is plain. */
const lines = [
  {
    description: 'VPS (monthly)',
    sac: '998315',
    quantity: '1',
    unitPrice: '1000',
    source: { kind: 'PLAN', refId: 'plan-vps', itemNo: 1 },
  },
];

const issueCmd: InvoiceCommand = {
  type: 'IssueProforma',
  tenantId: T,
  invoiceId: 'i1',
  customerId: 'c1',
  orderId: 'o1',
  lines,
  supplier,
  recipient,
  now,
};
const proforma = invoiceDecider.decide(issueCmd, invoiceDecider.initialState)[0]!;
const wallet = (walletPaymentId: string) => ({ kind: 'WALLET' as const, walletPaymentId });
const pay = (paymentId: string, amount: string, at = later): InvoiceCommand => ({
  type: 'ApplyPayment',
  paymentId,
  amount,
  method: wallet(`w-${paymentId}`),
  recordedBy: 'c1',
  now: at,
});
const applied = (
  paymentId: string,
  amount: string,
  amountDueAfter: string,
  at = later,
): InvoiceEvent => ({
  type: 'InvoicePaymentApplied',
  data: {
    tenantId: T,
    invoiceId: 'i1',
    customerId: 'c1',
    paymentId,
    method: wallet(`w-${paymentId}`),
    amount,
    amountDueAfter,
    recordedBy: 'c1',
    appliedAt: at,
  },
});
const paidEvent: InvoiceEvent = {
  type: 'InvoicePaid',
  data: {
    tenantId: T,
    invoiceId: 'i1',
    customerId: 'c1',
    orderId: 'o1',
    total: '1180.00',
    invoiceDate: '2026-05-02',
    paidAt: later,
  },
};
const numbered: InvoiceEvent = {
  type: 'TaxInvoiceIssued',
  data: {
    tenantId: T,
    invoiceId: 'i1',
    invoiceNumber: 'INV/2627/00001',
    counter: 1,
    financialYear: '2026-27',
    invoiceDate: '2026-05-02',
    issuedAt: later,
  },
};
const paidInFull = [proforma, applied('p1', '1180.00', '0.00'), paidEvent];
const taxInvoice = [...paidInFull, numbered];

describe('invoices: issuing the proforma', () => {
  it('stores the computed document, the parties and where each line comes from, dated in India', () => {
    expect(proforma.type).toBe('ProformaIssued');
    if (proforma.type !== 'ProformaIssued') return;
    expect(proforma.data).toMatchObject({
      tenantId: T,
      invoiceId: 'i1',
      customerId: 'c1',
      orderId: 'o1',
      supplier,
      recipient,
      sources: [lines[0]!.source],
      issueDate: '2026-05-01',
      issuedAt: now,
    });
    expect(proforma.data.document.totals).toMatchObject({
      taxableValue: '1000.00',
      igst: '180.00',
      total: '1180.00',
    });
    expect(proforma.data.document.lines[0]).not.toHaveProperty('source');
  });
  it('a line without a source traces to nothing, and is kept as null', () => {
    const [e] = invoiceDecider.decide(
      {
        ...issueCmd,
        lines: [
          {
            description: 'Top-up fee',
            sac: '998315',
            quantity: '1',
            unitPrice: '10',
            discount: '1',
          },
        ],
      } as InvoiceCommand,
      invoiceDecider.initialState,
    );
    expect(
      e?.type === 'ProformaIssued' && [e.data.sources, e.data.document.totals.taxableValue],
    ).toEqual([[null], '9.00']);
  });
  it('is issued once', () =>
    given([proforma])
      .when(issueCmd)
      .thenRefuses('CONFLICT', /already issued/));
  it('refuses what the tax engine refuses, naming the field', () => {
    given([])
      .when({ ...issueCmd, lines: [{ ...lines[0]!, sac: 'x' }] } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /\(lines\.0\.sac\)/);
    given([])
      .when({ ...issueCmd, lines: [] } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /\(lines\)/);
    given([])
      .when({
        ...issueCmd,
        recipient: { ...recipient, gstin: '29AAFCC9980M1ZX' },
      } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /\(recipient\.gstin\)/);
    given([])
      .when({ ...issueCmd, recipient: { ...recipient, sez: true } } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /^An SEZ unit/);
    given([])
      .when({ ...issueCmd, supplier: { ...supplier, stateCode: '00' } } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /\(supplier\.stateCode\)/);
    given([])
      .when({ ...issueCmd, recipient: { ...recipient, stateCode: '98' } } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /\(recipient\.stateCode\)/);
  });
  it('an SEZ unit is inter-state: IGST with payment, zero under LUT', () => {
    const sez = { ...recipient, stateCode: null, gstin: '27AAPFU0939F1ZV', sez: true };
    const [withIgst] = invoiceDecider.decide(
      { ...issueCmd, recipient: sez } as InvoiceCommand,
      invoiceDecider.initialState,
    );
    const [underLut] = invoiceDecider.decide(
      {
        ...issueCmd,
        recipient: sez,
        supplier: { ...supplier, lutNumber: 'LUT1' },
      } as InvoiceCommand,
      invoiceDecider.initialState,
    );
    expect(
      withIgst?.type === 'ProformaIssued' && [
        withIgst.data.document.supply.supplyType,
        withIgst.data.document.totals.igst,
      ],
    ).toEqual(['SEZWP', '180.00']);
    expect(
      underLut?.type === 'ProformaIssued' && [
        underLut.data.document.supply.supplyType,
        underLut.data.document.totals.total,
      ],
    ).toEqual(['SEZWOP', '1000.00']);
  });
  it('an unregistered customer without a state is billed in the supplier’s state', () => {
    const [e] = invoiceDecider.decide(
      { ...issueCmd, recipient: { ...recipient, stateCode: null } } as InvoiceCommand,
      invoiceDecider.initialState,
    );
    expect(
      e?.type === 'ProformaIssued' && [
        e.data.document.supply.placeOfSupply,
        e.data.document.totals.cgst,
      ],
    ).toEqual(['27', '90.00']);
  });
  it('Indian dates: 19:00 UTC on 31 March is already 1 April in India', () => {
    expect(indianDate('2026-03-31T18:29:59.999Z')).toBe('2026-03-31');
    expect(indianDate('2026-03-31T18:30:00.000Z')).toBe('2026-04-01');
  });
});

describe('invoices: payments', () => {
  it('a partial payment leaves the rest due', () =>
    given([proforma])
      .when(pay('p1', '500'))
      .then([applied('p1', '500.00', '680.00')]));
  it('the payment that clears it marks the invoice paid, dated that day in India', () =>
    given([proforma, applied('p1', '500.00', '680.00')])
      .when(pay('p2', '680.00'))
      .then([applied('p2', '680.00', '0.00'), { ...paidEvent }]));
  it('never over-paid: refuses more than is due and says how much is', () => {
    given([proforma])
      .when(pay('p1', '1180.01'))
      .thenRefuses('CONFLICT', /more than the ₹1180.00 due/);
    given([proforma, applied('p1', '500.00', '680.00')])
      .when(pay('p2', '680.01'))
      .thenRefuses('CONFLICT', /pay at most ₹680.00/);
  });
  it('the same payment again is a no-op; with another amount a conflict', () => {
    given([proforma, applied('p1', '500.00', '680.00')])
      .when(pay('p1', '500'))
      .then([]);
    given(paidInFull).when(pay('p1', '1180')).then([]);
    given([proforma, applied('p1', '500.00', '680.00')])
      .when(pay('p1', '400'))
      .thenRefuses('CONFLICT', /another amount/);
  });
  it('refuses paying a paid, a cancelled or an unknown invoice', () => {
    given(paidInFull)
      .when(pay('p2', '1'))
      .thenRefuses('CONFLICT', /already paid/);
    given(taxInvoice)
      .when(pay('p2', '1'))
      .thenRefuses('CONFLICT', /already paid/);
    given([
      proforma,
      {
        type: 'ProformaCancelled',
        data: {
          tenantId: T,
          invoiceId: 'i1',
          customerId: 'c1',
          orderId: 'o1',
          reason: 'dup',
          cancelledBy: 'a1',
          cancelledAt: now,
        },
      },
    ])
      .when(pay('p1', '1'))
      .thenRefuses('CONFLICT', /cancelled/);
    given([])
      .when(pay('p1', '1'))
      .thenRefuses('NOT_FOUND', /^Invoice not found\.$/);
  });
  it('refuses bad amounts and methods, naming the field', () => {
    given([proforma])
      .when(pay('p1', '0'))
      .thenRefuses('BAD_USER_INPUT', /^Must be more than zero/);
    given([proforma])
      .when(pay('p1', '-1'))
      .thenRefuses('BAD_USER_INPUT', /\(amount\)/);
    given([proforma])
      .when(pay('p1', '1.005'))
      .thenRefuses('BAD_USER_INPUT', /\(amount\)/);
    const bank = (reference: string, receivedOn: string): InvoiceCommand => ({
      type: 'ApplyPayment',
      paymentId: 'b1',
      amount: '100',
      method: { kind: 'BANK_TRANSFER', reference, receivedOn },
      recordedBy: 'staff',
      now: later,
    });
    given([proforma])
      .when(bank('UT', '2026-05-01'))
      .thenRefuses('BAD_USER_INPUT', /\(method\.reference\)/);
    given([proforma])
      .when(bank('UTR123', '2026-05-32'))
      .thenRefuses('BAD_USER_INPUT', /\(method\.receivedOn\)/);
    given([proforma])
      .when(bank('UTR123', '2026-05-03'))
      .thenRefuses('BAD_USER_INPUT', /^The date 2026-05-03 is in the future/);
    given([proforma])
      .when({
        ...pay('p1', '1'),
        method: { kind: 'WALLET', walletPaymentId: '' },
      } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /\(method\.walletPaymentId\)/);
    given([proforma])
      .when({ ...pay('p1', '1'), method: { kind: 'CARD' } } as never)
      .thenRefuses('BAD_USER_INPUT', /\(method\.kind\)/);
  });
  it('records a bank transfer with its reference and date', () =>
    given([proforma])
      .when({
        type: 'ApplyPayment',
        paymentId: 'b1',
        amount: '100',
        method: { kind: 'BANK_TRANSFER', reference: ' UTR123 ', receivedOn: '2026-05-02' },
        recordedBy: 'staff',
        now: later,
      })
      .then([
        {
          type: 'InvoicePaymentApplied',
          data: {
            tenantId: T,
            invoiceId: 'i1',
            customerId: 'c1',
            paymentId: 'b1',
            method: { kind: 'BANK_TRANSFER', reference: 'UTR123', receivedOn: '2026-05-02' },
            amount: '100.00',
            amountDueAfter: '1080.00',
            recordedBy: 'staff',
            appliedAt: later,
          },
        },
      ]));
});

describe('invoices: the tax invoice number', () => {
  const issue = (invoiceNumber = 'INV/2627/00001', financialYear = '2026-27'): InvoiceCommand => ({
    type: 'IssueTaxInvoice',
    invoiceNumber,
    counter: 1,
    financialYear,
    now: later,
  });
  it('a paid invoice takes the number the counter granted', () =>
    given(paidInFull).when(issue()).then([numbered]));
  it('the same number again is a no-op; another number is refused', () => {
    given(taxInvoice).when(issue()).then([]);
    given(taxInvoice)
      .when(issue('INV/2627/00002'))
      .thenRefuses('CONFLICT', /already has number INV\/2627\/00001/);
  });
  it('only once paid in full, and only in the year of its date', () => {
    given([proforma, applied('p1', '500.00', '680.00')])
      .when(issue())
      .thenRefuses('CONFLICT', /once the invoice is paid in full/);
    given(paidInFull)
      .when(issue('INV/2526/00001', '2025-26'))
      .thenRefuses('BAD_USER_INPUT', /^The invoice is dated 2026-05-02, in financial year 2026-27/);
    given([])
      .when(issue())
      .thenRefuses('NOT_FOUND', /^Invoice not found\.$/);
  });
});

describe('invoices: cancelling a proforma', () => {
  const cancel: InvoiceCommand = {
    type: 'CancelProforma',
    reason: ' order cancelled ',
    cancelledBy: 'a1',
    now: later,
  };
  const cancelled: InvoiceEvent = {
    type: 'ProformaCancelled',
    data: {
      tenantId: T,
      invoiceId: 'i1',
      customerId: 'c1',
      orderId: 'o1',
      reason: 'order cancelled',
      cancelledBy: 'a1',
      cancelledAt: later,
    },
  };
  it('an unpaid proforma is cancelled without a number; again is a no-op', () => {
    given([proforma]).when(cancel).then([cancelled]);
    given([proforma, cancelled]).when(cancel).then([]);
  });
  it('a partly paid one gives each payment back to the wallet first', () =>
    given([proforma, applied('p1', '100.00', '1080.00'), applied('p2', '200.00', '880.00')])
      .when(cancel)
      .then([
        {
          type: 'InvoicePaymentRefunded',
          data: {
            tenantId: T,
            invoiceId: 'i1',
            customerId: 'c1',
            paymentId: 'p1',
            method: wallet('w-p1'),
            amount: '100.00',
            destination: 'WALLET',
            refundedAt: later,
          },
        },
        {
          type: 'InvoicePaymentRefunded',
          data: {
            tenantId: T,
            invoiceId: 'i1',
            customerId: 'c1',
            paymentId: 'p2',
            method: wallet('w-p2'),
            amount: '200.00',
            destination: 'WALLET',
            refundedAt: later,
          },
        },
        cancelled,
      ]));
  it('a paid invoice is never cancelled; a reason is needed', () => {
    given(paidInFull)
      .when(cancel)
      .thenRefuses('CONFLICT', /credit note/);
    given(taxInvoice)
      .when(cancel)
      .thenRefuses('CONFLICT', /credit note/);
    given([proforma])
      .when({ ...cancel, reason: 'no' } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given([])
      .when(cancel)
      .thenRefuses('NOT_FOUND', /^Invoice not found\.$/);
  });
  it('refunds fold back: nothing paid, cancelled', () => {
    const events = invoiceDecider.decide(
      cancel,
      fold(invoiceDecider, [proforma, applied('p1', '100.00', '1080.00')]),
    );
    const s = fold(invoiceDecider, [proforma, applied('p1', '100.00', '1080.00'), ...events]);
    expect([s.status, s.paid.toFixed(2), s.payments.p1!.refunded]).toEqual([
      'CANCELLED',
      '0.00',
      true,
    ]);
  });
});

describe('invoices: credit notes', () => {
  const raise = (
    scope: Extract<InvoiceCommand, { type: 'RaiseCreditNote' }>['scope'],
    creditNoteId = 'cn1',
    at = '2026-05-10T10:00:00.000Z',
  ): InvoiceCommand => ({
    type: 'RaiseCreditNote',
    creditNoteId,
    scope,
    reason: 'Downtime credit',
    destination: 'WALLET',
    raisedBy: 'staff',
    now: at,
  });
  const raisedEvent = (cmd: InvoiceCommand, history: InvoiceEvent[]) =>
    invoiceDecider.decide(cmd, fold(invoiceDecider, history))[0]!;
  it('a partial note: ₹250.00 taxable + IGST 45.00 = ₹295.00, reserved at once', () => {
    const e = raisedEvent(raise({ kind: 'amount', taxableValue: '250' }), taxInvoice);
    expect(e.type).toBe('CreditNoteRaised');
    if (e.type !== 'CreditNoteRaised') return;
    expect(e.data).toMatchObject({
      creditNoteId: 'cn1',
      reason: 'Downtime credit',
      destination: 'WALLET',
      issueDate: '2026-05-10',
      raisedBy: 'staff',
    });
    expect(e.data.document.reference).toEqual({
      invoiceNumber: 'INV/2627/00001',
      invoiceDate: '2026-05-02',
    });
    expect(e.data.document.totals).toMatchObject({
      taxableValue: '250.00',
      igst: '45.00',
      total: '295.00',
    });
    expect(invoiceAsOf([...taxInvoice, e], '2026-05-10T10:00:00.000Z').credited).toBe('295.00');
  });
  it('capped by what is left: after ₹250.00, at most ₹750.00; a full note takes the rest', () => {
    const first = raisedEvent(raise({ kind: 'amount', taxableValue: '250' }), taxInvoice);
    given([...taxInvoice, first])
      .when(raise({ kind: 'amount', taxableValue: '750.01' }, 'cn2'))
      .thenRefuses('BAD_USER_INPUT', /^.*at most 750.00/);
    const rest = raisedEvent(raise({ kind: 'full' }, 'cn2'), [...taxInvoice, first]);
    expect(rest.type === 'CreditNoteRaised' && rest.data.document.totals).toMatchObject({
      taxableValue: '750.00',
      igst: '135.00',
      total: '885.00',
    });
    given([...taxInvoice, first, rest])
      .when(raise({ kind: 'full' }, 'cn3'))
      .thenRefuses('BAD_USER_INPUT', /nothing left to credit/);
  });
  it('the same note again is a no-op', () => {
    const first = raisedEvent(raise({ kind: 'full' }), taxInvoice);
    given([...taxInvoice, first])
      .when(raise({ kind: 'full' }))
      .then([]);
  });
  it('only against a tax invoice; a reason and a destination are needed; not after the deadline', () => {
    given(paidInFull)
      .when(raise({ kind: 'full' }))
      .thenRefuses('CONFLICT', /against a tax invoice/);
    given([proforma])
      .when(raise({ kind: 'full' }))
      .thenRefuses('CONFLICT', /against a tax invoice/);
    given(taxInvoice)
      .when({ ...raise({ kind: 'full' }), reason: '' } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given(taxInvoice)
      .when({ ...raise({ kind: 'full' }), destination: 'CASH' } as never)
      .thenRefuses('BAD_USER_INPUT', /\(destination\)/);
    given(taxInvoice)
      .when(raise({ kind: 'full' }, 'cn1', '2027-12-01T10:00:00.000Z'))
      .thenRefuses('BAD_USER_INPUT', /^.*30 November/);
    given([])
      .when(raise({ kind: 'full' }))
      .thenRefuses('NOT_FOUND', /^Invoice not found\.$/);
  });
  it('takes its own number, once, in the year of its date', () => {
    const first = raisedEvent(raise({ kind: 'amount', taxableValue: '250' }), taxInvoice);
    const issueNote = (
      creditNoteNumber: string,
      financialYear = '2026-27',
      creditNoteId = 'cn1',
    ): InvoiceCommand => ({
      type: 'IssueCreditNote',
      creditNoteId,
      creditNoteNumber,
      counter: 1,
      financialYear,
      now: later,
    });
    const issued: InvoiceEvent = {
      type: 'CreditNoteIssued',
      data: {
        tenantId: T,
        invoiceId: 'i1',
        customerId: 'c1',
        creditNoteId: 'cn1',
        creditNoteNumber: 'CN/2627/00001',
        counter: 1,
        financialYear: '2026-27',
        destination: 'WALLET',
        total: '295.00',
        issuedAt: later,
      },
    };
    given([...taxInvoice, first])
      .when(issueNote('CN/2627/00001'))
      .then([issued]);
    given([...taxInvoice, first, issued])
      .when(issueNote('CN/2627/00001'))
      .then([]);
    given([...taxInvoice, first, issued])
      .when(issueNote('CN/2627/00002'))
      .thenRefuses('CONFLICT', /already has number CN\/2627\/00001/);
    given([...taxInvoice, first])
      .when(issueNote('CN/2526/00001', '2025-26'))
      .thenRefuses(
        'BAD_USER_INPUT',
        /^The credit note is dated 2026-05-10, in financial year 2026-27/,
      );
    given(taxInvoice)
      .when(issueNote('CN/2627/00001'))
      .thenRefuses('NOT_FOUND', /Credit note cn1/);
  });
});

describe('invoices: figures as of any instant', () => {
  const history = [
    proforma,
    applied('p1', '500.00', '680.00', '2026-05-01T12:00:00.000Z'),
    applied('p2', '680.00', '0.00'),
    paidEvent,
    numbered,
  ];
  it('before, during and after payment', () => {
    expect(invoiceAsOf(history, '2026-05-01T09:59:59.999Z')).toMatchObject({
      status: 'NONE',
      total: '0.00',
      due: '0.00',
    });
    expect(invoiceAsOf(history, now)).toMatchObject({
      status: 'PROFORMA',
      total: '1180.00',
      paid: '0.00',
      due: '1180.00',
      invoiceNumber: null,
    });
    expect(invoiceAsOf(history, '2026-05-01T12:00:00.000Z')).toMatchObject({
      status: 'PROFORMA',
      paid: '500.00',
      due: '680.00',
    });
    expect(invoiceAsOf(history, later)).toMatchObject({
      status: 'TAX_INVOICE',
      paid: '1180.00',
      due: '0.00',
      invoiceNumber: 'INV/2627/00001',
      credited: '0.00',
    });
  });
  it('cancellations and refunds count at their time', () => {
    const cancelled = invoiceDecider.decide(
      { type: 'CancelProforma', reason: 'changed mind', cancelledBy: null, now: later },
      fold(invoiceDecider, history.slice(0, 2)),
    );
    const all = [...history.slice(0, 2), ...cancelled];
    expect(invoiceAsOf(all, '2026-05-01T12:00:00.000Z')).toMatchObject({
      status: 'PROFORMA',
      paid: '500.00',
    });
    expect(invoiceAsOf(all, later)).toMatchObject({ status: 'CANCELLED', paid: '0.00' });
  });
});

describe('invoices: the edges of each rule', () => {
  const bank = (reference: string | undefined, receivedOn = '2026-05-02'): InvoiceCommand =>
    ({
      type: 'ApplyPayment',
      paymentId: 'b1',
      amount: '100',
      method: { kind: 'BANK_TRANSFER', reference, receivedOn },
      recordedBy: 'staff',
      now: later,
    }) as InvoiceCommand;
  const bankApplied = (reference: string) =>
    given([proforma])
      .when(bank(reference))
      .then([
        {
          type: 'InvoicePaymentApplied',
          data: {
            tenantId: T,
            invoiceId: 'i1',
            customerId: 'c1',
            paymentId: 'b1',
            method: { kind: 'BANK_TRANSFER', reference, receivedOn: '2026-05-02' },
            amount: '100.00',
            amountDueAfter: '1080.00',
            recordedBy: 'staff',
            appliedAt: later,
          },
        },
      ]);
  it('a bank reference of 3 and of 100 characters is taken; 2, 101 or none is refused, saying what is wanted', () => {
    bankApplied('UTR');
    bankApplied('U'.repeat(100));
    for (const reference of ['UT', 'U'.repeat(101), undefined, '   '])
      given([proforma])
        .when(bank(reference))
        .thenRefuses('BAD_USER_INPUT', /^Give the bank reference \(UTR\) of 3 to 100 characters/);
  });
  it('a received-on date that is no day of the calendar is refused even when it sorts before today', () =>
    given([proforma])
      .when(bank('UTR123', '2026-02-30'))
      .thenRefuses('BAD_USER_INPUT', /^.*not a day of the calendar/));
  it('a payment without a method, or a wallet payment without its id, is refused saying what is wanted', () => {
    for (const method of [undefined, null])
      given([proforma])
        .when({ ...pay('p1', '1'), method } as never)
        .thenRefuses('BAD_USER_INPUT', /^Must be WALLET or BANK_TRANSFER/);
    given([proforma])
      .when({ ...pay('p1', '1'), method: { kind: 'WALLET' } } as never)
      .thenRefuses('BAD_USER_INPUT', /^Name the wallet payment that paid this/);
  });
  it('a bad amount is refused under its own name', () =>
    given([proforma])
      .when(pay('p1', '-1'))
      .thenRefuses('BAD_USER_INPUT', /^The amount must not be negative/));

  const cancelWith = (reason: string | undefined): InvoiceCommand =>
    ({ type: 'CancelProforma', reason, cancelledBy: 'a1', now: later }) as InvoiceCommand;
  const cancelledWith = (reason: string): InvoiceEvent => ({
    type: 'ProformaCancelled',
    data: {
      tenantId: T,
      invoiceId: 'i1',
      customerId: 'c1',
      orderId: 'o1',
      reason,
      cancelledBy: 'a1',
      cancelledAt: later,
    },
  });
  it('a reason of 3 and of 500 characters is taken; 2, 501 or none is refused', () => {
    given([proforma])
      .when(cancelWith('dup'))
      .then([cancelledWith('dup')]);
    given([proforma])
      .when(cancelWith('r'.repeat(500)))
      .then([cancelledWith('r'.repeat(500))]);
    for (const reason of ['no', 'r'.repeat(501), undefined])
      given([proforma])
        .when(cancelWith(reason))
        .thenRefuses('BAD_USER_INPUT', /^Give a reason of 3 to 500 characters/);
  });
  it('a payment already given back is not given back again when the proforma is cancelled', () => {
    const refunded: InvoiceEvent = {
      type: 'InvoicePaymentRefunded',
      data: {
        tenantId: T,
        invoiceId: 'i1',
        customerId: 'c1',
        paymentId: 'p1',
        method: wallet('w-p1'),
        amount: '100.00',
        destination: 'WALLET',
        refundedAt: later,
      },
    };
    given([proforma, applied('p1', '100.00', '1080.00'), refunded])
      .when(cancelWith('order cancelled'))
      .then([cancelledWith('order cancelled')]);
  });
  it('a credit note may go back outside the platform (REFUNDED_OUTSIDE), and says so', () => {
    const [e] = invoiceDecider.decide(
      {
        type: 'RaiseCreditNote',
        creditNoteId: 'cn1',
        scope: { kind: 'full' },
        reason: 'Refunded by bank',
        destination: 'REFUNDED_OUTSIDE',
        raisedBy: 'staff',
        now: '2026-05-10T10:00:00.000Z',
      },
      fold(invoiceDecider, taxInvoice),
    );
    expect(e?.type === 'CreditNoteRaised' && e.data.destination).toBe('REFUNDED_OUTSIDE');
    given(taxInvoice)
      .when({
        type: 'RaiseCreditNote',
        creditNoteId: 'cn1',
        scope: { kind: 'full' },
        reason: 'Refunded by bank',
        destination: 'CASH',
        raisedBy: 'staff',
        now: later,
      } as never)
      .thenRefuses('BAD_USER_INPUT', /^Must be WALLET or REFUNDED_OUTSIDE/);
  });
  it('an unknown command is a programming error; an unknown event changes nothing', () => {
    expect(() =>
      invoiceDecider.decide({ type: 'Bogus' } as never, invoiceDecider.initialState),
    ).toThrowError('unknown invoice command Bogus');
    const s = fold(invoiceDecider, [proforma]);
    expect(invoiceDecider.evolve(s, { type: 'Bogus', data: {} } as never)).toBe(s);
  });
  it('before it is issued an invoice has no parties, no document and nothing paid', () =>
    expect(invoiceDecider.initialState).toEqual({
      status: 'NONE',
      tenantId: '',
      invoiceId: '',
      customerId: '',
      orderId: null,
      document: null,
      total: new D(0),
      paid: new D(0),
      payments: {},
      invoiceDate: null,
      invoiceNumber: null,
      creditNotes: {},
      credited: new D(0),
      subject: null,
      reminders: [],
    }));
});

describe('invoices: figures as of an instant, event by event', () => {
  const at = (minute: number) => `2026-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const paidAt: InvoiceEvent = { ...paidEvent, data: { ...paidEvent.data, paidAt: at(1) } };
  const numberedAt: InvoiceEvent = { ...numbered, data: { ...numbered.data, issuedAt: at(2) } };
  const raised = (history: InvoiceEvent[]) =>
    invoiceDecider.decide(
      {
        type: 'RaiseCreditNote',
        creditNoteId: 'cn1',
        scope: { kind: 'amount', taxableValue: '100' },
        reason: 'Downtime credit',
        destination: 'WALLET',
        raisedBy: 'staff',
        now: at(3),
      },
      fold(invoiceDecider, history),
    )[0]!;
  it('each event counts from its own time: paid, then numbered, then a credit note raised and issued', () => {
    const history = [proforma, applied('p1', '1180.00', '0.00', at(0)), paidAt, numberedAt];
    const note = raised(history);
    const issued = invoiceDecider.decide(
      {
        type: 'IssueCreditNote',
        creditNoteId: 'cn1',
        creditNoteNumber: 'CN/2627/00001',
        counter: 1,
        financialYear: '2026-27',
        now: at(4),
      },
      fold(invoiceDecider, [...history, note]),
    )[0]!;
    const all = [...history, note, issued];
    expect(invoiceAsOf(all, at(0))).toMatchObject({ status: 'PROFORMA', due: '0.00' });
    expect(invoiceAsOf(all, at(1))).toMatchObject({ status: 'PAID', invoiceNumber: null });
    expect(invoiceAsOf(all, at(2))).toMatchObject({
      status: 'TAX_INVOICE',
      invoiceNumber: 'INV/2627/00001',
      credited: '0.00',
    });
    expect(invoiceAsOf(all, at(3)).state.creditNotes.cn1?.number).toBeNull();
    expect(invoiceAsOf(all, at(3)).credited).toBe('118.00');
    expect(invoiceAsOf(all, at(4)).state.creditNotes.cn1?.number).toBe('CN/2627/00001');
  });
  it('an event of a kind it does not know is a programming error, not a silent gap', () =>
    expect(() => invoiceAsOf([{ type: 'Bogus', data: {} } as never], later)).toThrowError(
      'unknown invoice event Bogus',
    ));
});
