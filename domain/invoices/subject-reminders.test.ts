import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import { invoiceAsOf, invoiceEventTime } from './as-of.ts';
import { invoiceDecider, type InvoiceCommand } from './decider.ts';
import type { BillingRecipient, InvoiceEvent, InvoiceSubject, Supplier } from './events.ts';

/** A renewal's invoice carries its subject; reminders are recorded once per kind. */
const given = specFor(invoiceDecider);
const T = 'akashone';
const now = '2027-02-21T04:30:00.000Z';
const later = '2027-02-25T04:30:00.000Z';
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
const renewal: InvoiceSubject = {
  kind: 'RENEWAL',
  serviceId: 'svc-1',
  periodStart: '2027-02-28',
  periodEnd: '2027-03-31',
};
const issue = (subject?: InvoiceSubject | null): InvoiceCommand => ({
  type: 'IssueProforma',
  tenantId: T,
  invoiceId: 'r1',
  customerId: 'c1',
  orderId: null,
  lines: [
    {
      description: 'VPS (monthly) — 28 Feb 2027 to 30 Mar 2027',
      sac: '998315',
      quantity: '1',
      unitPrice: '1000',
      source: { kind: 'RENEWAL_PLAN', refId: 'plan-vps' },
    },
  ],
  supplier,
  recipient,
  ...(subject === undefined ? {} : { subject }),
  now,
});
const issued = (subject?: InvoiceSubject | null) =>
  invoiceDecider.decide(issue(subject), invoiceDecider.initialState)[0]!;
const remind = (reminder = 'BEFORE_DUE', at = later): InvoiceCommand => ({
  type: 'RecordReminder',
  reminder,
  dueDate: '2027-02-28',
  now: at,
});
const sent = (reminder = 'BEFORE_DUE', amountDue = '1180.00', at = later): InvoiceEvent => ({
  type: 'InvoiceReminderSent',
  data: {
    tenantId: T,
    invoiceId: 'r1',
    customerId: 'c1',
    reminder,
    dueDate: '2027-02-28',
    amountDue,
    sentAt: at,
  },
});
const applied = (amount: string, after: string): InvoiceEvent => ({
  type: 'InvoicePaymentApplied',
  data: {
    tenantId: T,
    invoiceId: 'r1',
    customerId: 'c1',
    paymentId: `p-${amount}`,
    method: { kind: 'WALLET', walletPaymentId: `w-${amount}` },
    amount,
    amountDueAfter: after,
    recordedBy: 'system',
    appliedAt: now,
  },
});

describe('invoices: subject', () => {
  it('a renewal’s subject is copied to ProformaIssued and kept in the state', () => {
    const e = issued(renewal);
    expect(e.type).toBe('ProformaIssued');
    expect(e.data).toMatchObject({ subject: renewal, orderId: null });
    expect(fold(invoiceDecider, [e]).subject).toEqual(renewal);
  });

  it('a plan change’s subject too', () => {
    const change: InvoiceSubject = { kind: 'PLAN_CHANGE', serviceId: 'svc-1', changeId: 'ch1' };
    expect(issued(change).data).toMatchObject({ subject: change });
    expect(fold(invoiceDecider, [issued(change)]).subject).toEqual(change);
  });

  it('absent, the event has none (old events stay as they were); null is written as given', () => {
    expect(issued().data).not.toHaveProperty('subject');
    expect(fold(invoiceDecider, [issued()]).subject).toBeNull();
    expect(issued(null).data).toHaveProperty('subject', null);
    expect(fold(invoiceDecider, [issued(null)]).subject).toBeNull();
  });

  it('a subject is checked, naming the field', () => {
    const bad: [InvoiceSubject, RegExp][] = [
      [{ ...renewal, periodStart: '2027-02-30' }, /subject.periodStart/],
      [{ ...renewal, periodEnd: 'soon' }, /subject.periodEnd/],
      [
        { ...renewal, periodEnd: '2027-02-28' },
        /^Must come after subject\.periodStart \(subject\.periodEnd\)\.$/,
      ],
      [
        { ...renewal, periodEnd: '2027-01-28' },
        /^Must come after subject\.periodStart \(subject\.periodEnd\)\.$/,
      ],
      [{ ...renewal, serviceId: '' }, /subject.serviceId/],
      [{ kind: 'PLAN_CHANGE', serviceId: 'svc-1', changeId: '' }, /subject.changeId/],
      [{ kind: 'PLAN_CHANGE', serviceId: 7 as never, changeId: 'ch1' }, /subject.serviceId/],
      [{ kind: 'OTHER' } as never, /^Must be RENEWAL or PLAN_CHANGE \(subject\.kind\)\.$/],
    ];
    for (const [subject, message] of bad)
      given([]).when(issue(subject)).thenRefuses('BAD_USER_INPUT', message);
  });
});

describe('invoices: RecordReminder', () => {
  it('records a reminder with what is still due', () => {
    given([issued(renewal)])
      .when(remind())
      .then([sent()]);
    given([issued(renewal), applied('180.00', '1000.00')])
      .when(remind('OVERDUE_3'))
      .then([sent('OVERDUE_3', '1000.00')]);
    expect(fold(invoiceDecider, [issued(renewal), sent(), sent('ON_DUE')]).reminders).toEqual([
      'BEFORE_DUE',
      'ON_DUE',
    ]);
  });

  it('the same kind twice: nothing more (FOSSBilling #3905); another kind is sent', () => {
    given([issued(renewal), sent()])
      .when(remind())
      .then([]);
    given([issued(renewal), sent()])
      .when(remind('ON_DUE'))
      .then([sent('ON_DUE')]);
  });

  it('only an unpaid proforma is chased', () => {
    given([]).when(remind()).thenRefuses('NOT_FOUND');
    const cancelled: InvoiceEvent = {
      type: 'ProformaCancelled',
      data: {
        tenantId: T,
        invoiceId: 'r1',
        customerId: 'c1',
        orderId: null,
        reason: 'service cancelled',
        cancelledBy: null,
        cancelledAt: now,
      },
    };
    given([issued(renewal), cancelled])
      .when(remind())
      .thenRefuses('CONFLICT', /cancelled/);
    const paid: InvoiceEvent = {
      type: 'InvoicePaid',
      data: {
        tenantId: T,
        invoiceId: 'r1',
        customerId: 'c1',
        orderId: null,
        total: '1180.00',
        invoiceDate: '2027-02-21',
        paidAt: now,
      },
    };
    given([issued(renewal), applied('1180.00', '0.00'), paid])
      .when(remind())
      .thenRefuses('CONFLICT', /Only an unpaid proforma is chased; this invoice is paid/);
  });

  it('the kind and the due date are checked', () => {
    for (const kind of [
      'SOON',
      'OVERDUE_',
      'OVERDUE_0',
      'OVERDUE_1000',
      'on_due',
      'XON_DUE',
      'ON_DUEX',
      'BEFORE_DUE_',
    ])
      given([issued(renewal)])
        .when(remind(kind))
        .thenRefuses('BAD_USER_INPUT', /reminder/);
    given([issued(renewal)])
      .when({ ...remind(), reminder: null } as unknown as InvoiceCommand)
      .thenRefuses(
        'BAD_USER_INPUT',
        /^Must be BEFORE_DUE, ON_DUE or OVERDUE_<days> \(reminder\)\.$/,
      );
    for (const kind of ['ON_DUE', 'OVERDUE_1', 'OVERDUE_365', 'OVERDUE_10', 'OVERDUE_999'])
      given([issued(renewal)])
        .when(remind(kind))
        .then([sent(kind)]);
    given([issued(renewal)])
      .when({ type: 'RecordReminder', reminder: 'ON_DUE', dueDate: '2027-02-29', now })
      .thenRefuses('BAD_USER_INPUT', /dueDate/);
  });

  it('as of an instant: a reminder takes effect when it was sent and moves no money', () => {
    const history = [issued(renewal), sent()];
    expect(invoiceEventTime(sent())).toBe(later);
    expect(invoiceAsOf(history, now).state.reminders).toEqual([]);
    expect(invoiceAsOf(history, later).state.reminders).toEqual(['BEFORE_DUE']);
    expect(invoiceAsOf(history, later).due).toBe('1180.00');
  });
});
