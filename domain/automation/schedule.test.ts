import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstPeriod, todayInIndia } from '../services/due-dates.ts';
import { DomainError } from '../shared/decider.ts';
import { D, inr } from '../shared/money.ts';
import { addDays, daysBetween } from './days.ts';
import {
  countByKind,
  dueWork,
  nextDueAfterPayment,
  reminderSchedule,
  unpaidOrderDue,
  type RenewalInvoiceFact,
  type ServiceFacts,
  type WorkItem,
} from './schedule.ts';
import { automationSettingsOf, DEFAULT_AUTOMATION_SETTINGS as S } from './settings.ts';

/** 10:00 in India on a day. */
const at = (ymd: string) => `${ymd}T04:30:00.000Z`;

const service = (over: Partial<ServiceFacts> = {}): ServiceFacts => ({
  serviceId: 'svc-1',
  customerId: 'cus-1',
  status: 'ACTIVE',
  suspension: null,
  nextDueDate: '2026-02-28',
  anchorDay: 31,
  months: 1,
  cancellation: null,
  invoices: [],
  wallet: { balance: '0.00', autoPay: true, partialPayments: false },
  ...over,
});

const invoice = (over: Partial<RenewalInvoiceFact> = {}): RenewalInvoiceFact => ({
  invoiceId: 'inv-1',
  periodStart: '2026-02-28',
  status: 'UNPAID',
  amountDue: '1180.00',
  paidAt: null,
  remindersSent: [],
  ...over,
});

const ids = (work: WorkItem[]) => work.map((w) => w.commandId);

const refusedField = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).issues[0]!.path.join('.');
  }
  throw new Error('expected a refusal');
};

describe('renewal invoices', () => {
  it('given a service ordered 31 Jan, when it is 21 Feb in India, then the renewal for 28 Feb is due', () => {
    expect(firstPeriod('2026-01-31', 1).nextDueDate).toBe('2026-02-28');
    expect(dueWork(service(), S, at('2026-02-20'))).toEqual([]);
    expect(dueWork(service(), S, at('2026-02-21'))).toEqual([
      {
        kind: 'RENEWAL_INVOICE',
        commandId: 'renew:svc-1:2026-02-28',
        serviceId: 'svc-1',
        periodStart: '2026-02-28',
        periodEnd: '2026-03-31',
      },
    ]);
  });

  it('counts the day in India: 18:29:59 UTC is still the 20th, 18:30 is the 21st', () => {
    expect(dueWork(service(), S, '2026-02-20T18:29:59.999Z')).toEqual([]);
    expect(ids(dueWork(service(), S, '2026-02-20T18:30:00.000Z'))).toEqual([
      'renew:svc-1:2026-02-28',
    ]);
  });

  it('follows the anchor through months: 31 Mar, 30 Apr, 31 May; 29 Feb in a leap year', () => {
    const end = (nextDueDate: string) =>
      (
        dueWork(service({ nextDueDate }), S, at(addDays(nextDueDate, -7)))[0] as {
          periodEnd: string;
        }
      ).periodEnd;
    expect(end('2026-03-31')).toBe('2026-04-30');
    expect(end('2026-04-30')).toBe('2026-05-31');
    expect(end('2028-01-31')).toBe('2028-02-29');
    expect(
      (
        dueWork(service({ nextDueDate: '2026-02-28', months: 12 }), S, at('2026-02-27'))[0] as {
          periodEnd: string;
        }
      ).periodEnd,
    ).toBe('2027-02-28');
  });

  it('catches up after a missed run, and honours the setting', () => {
    expect(ids(dueWork(service(), S, at('2026-03-02')))).toEqual(['renew:svc-1:2026-02-28']);
    const ten = automationSettingsOf({ renewalDaysBefore: 10 });
    expect(ids(dueWork(service(), ten, at('2026-02-18')))).toEqual(['renew:svc-1:2026-02-28']);
    expect(dueWork(service(), ten, at('2026-02-17'))).toEqual([]);
  });

  it('never issues a second invoice for a period that has one, paid or not', () => {
    for (const status of ['UNPAID', 'PARTLY_PAID', 'PAID'] as const)
      expect(
        dueWork(service({ invoices: [invoice({ status })] }), S, at('2026-02-22')).filter(
          (w) => w.kind === 'RENEWAL_INVOICE',
        ),
      ).toEqual([]);
  });

  it('bills a period again under a new id after its invoice was cancelled', () => {
    const cancelled = service({ invoices: [invoice({ status: 'CANCELLED' })] });
    expect(ids(dueWork(cancelled, S, at('2026-02-22')))).toEqual(['renew:svc-1:2026-02-28:1']);
    const twice = service({
      invoices: [
        invoice({ status: 'CANCELLED' }),
        invoice({ invoiceId: 'inv-2', status: 'CANCELLED' }),
        invoice({ invoiceId: 'inv-0', periodStart: '2026-01-31', status: 'CANCELLED' }),
      ],
    });
    expect(ids(dueWork(twice, S, at('2026-02-22')))).toEqual(['renew:svc-1:2026-02-28:2']);
  });

  it('owes nothing for services that are not running', () => {
    for (const status of [
      'NONE',
      'PENDING',
      'PROVISIONING',
      'PROVISIONING_FAILED',
      'TERMINATED',
      'CANCELLED',
    ] as const)
      expect(dueWork(service({ status, invoices: [invoice()] }), S, at('2026-03-20'))).toEqual([]);
  });

  it('refuses a bad instant or due date', () => {
    expect(refusedField(() => dueWork(service(), S, 'yesterday'))).toBe('now');
    expect(
      refusedField(() => dueWork(service({ nextDueDate: '2026-02-30' }), S, at('2026-02-01'))),
    ).toBe('nextDueDate');
  });
});

describe('dunning an unpaid renewal invoice (due 28 Feb)', () => {
  const unpaid = (
    sent: RenewalInvoiceFact['remindersSent'] = [],
    over: Partial<ServiceFacts> = {},
  ) => service({ invoices: [invoice({ remindersSent: sent })], ...over });

  it.each([
    ['2026-02-24', []],
    ['2026-02-25', ['remind:inv-1:BEFORE_DUE']],
    ['2026-02-27', ['remind:inv-1:BEFORE_DUE']],
    ['2026-02-28', ['remind:inv-1:ON_DUE']],
    ['2026-03-01', ['remind:inv-1:OVERDUE_1']],
    ['2026-03-02', ['remind:inv-1:OVERDUE_1']],
    ['2026-03-03', ['remind:inv-1:OVERDUE_3', 'suspend:svc-1:2026-02-28']],
    ['2026-03-07', ['remind:inv-1:OVERDUE_7', 'suspend:svc-1:2026-02-28']],
    ['2026-03-13', ['remind:inv-1:OVERDUE_7', 'suspend:svc-1:2026-02-28']],
    ['2026-03-14', ['terminate:svc-1:2026-02-28']],
  ])('on %s: %j', (day, expected) => {
    expect(ids(dueWork(unpaid(), S, at(day)))).toEqual(expected);
  });

  it('sends each reminder kind once: one already sent is not sent again', () => {
    expect(ids(dueWork(unpaid(['BEFORE_DUE']), S, at('2026-02-26')))).toEqual([]);
    expect(ids(dueWork(unpaid(['BEFORE_DUE']), S, at('2026-02-28')))).toEqual([
      'remind:inv-1:ON_DUE',
    ]);
    expect(ids(dueWork(unpaid(['OVERDUE_3']), S, at('2026-03-04')))).toEqual([
      'suspend:svc-1:2026-02-28',
    ]);
  });

  it('describes the items in full', () => {
    expect(dueWork(unpaid(), S, at('2026-03-03'))).toEqual([
      {
        kind: 'REMINDER',
        commandId: 'remind:inv-1:OVERDUE_3',
        serviceId: 'svc-1',
        invoiceId: 'inv-1',
        reminder: 'OVERDUE_3',
        dueDate: '2026-02-28',
      },
      {
        kind: 'SUSPEND',
        commandId: 'suspend:svc-1:2026-02-28',
        serviceId: 'svc-1',
        invoiceId: 'inv-1',
        dueDate: '2026-02-28',
      },
    ]);
    expect(dueWork(unpaid(), S, at('2026-03-14'))).toEqual([
      {
        kind: 'TERMINATE',
        commandId: 'terminate:svc-1:2026-02-28',
        serviceId: 'svc-1',
        invoiceId: 'inv-1',
        dueDate: '2026-02-28',
      },
    ]);
  });

  it('does not suspend again a suspended service, staff-suspended or not, and terminates it on day 14', () => {
    for (const suspension of ['STAFF', 'NON_PAYMENT'] as const) {
      const s = unpaid([], { status: 'SUSPENDED', suspension });
      expect(ids(dueWork(s, S, at('2026-03-05')))).toEqual(['remind:inv-1:OVERDUE_3']);
      expect(ids(dueWork(s, S, at('2026-03-14')))).toEqual(['terminate:svc-1:2026-02-28']);
    }
  });

  it('chases a partly paid invoice; never a paid or cancelled one', () => {
    expect(
      ids(
        dueWork(service({ invoices: [invoice({ status: 'PARTLY_PAID' })] }), S, at('2026-03-03')),
      ),
    ).toEqual(['remind:inv-1:OVERDUE_3', 'suspend:svc-1:2026-02-28']);
    expect(
      dueWork(
        service({ invoices: [invoice({ status: 'PAID', amountDue: '0.00' })] }),
        S,
        at('2026-03-20'),
      ),
    ).toEqual([]);
  });

  it('honours the tenant settings: no ON_DUE, other notices, later suspension', () => {
    const t = automationSettingsOf({
      remindOnDueDate: false,
      overdueNoticeDays: [2],
      suspendAfterDays: 5,
      terminateAfterDays: 6,
      reminderDaysBefore: 1,
    });
    expect(ids(dueWork(unpaid(), t, at('2026-02-26')))).toEqual([]);
    expect(ids(dueWork(unpaid(), t, at('2026-02-27')))).toEqual(['remind:inv-1:BEFORE_DUE']);
    expect(ids(dueWork(unpaid(), t, at('2026-02-28')))).toEqual(['remind:inv-1:BEFORE_DUE']);
    expect(ids(dueWork(unpaid(), t, at('2026-03-02')))).toEqual(['remind:inv-1:OVERDUE_2']);
    expect(ids(dueWork(unpaid(), t, at('2026-03-04')))).toEqual(['remind:inv-1:OVERDUE_2']);
    expect(ids(dueWork(unpaid(), t, at('2026-03-05')))).toEqual([
      'remind:inv-1:OVERDUE_2',
      'suspend:svc-1:2026-02-28',
    ]);
    expect(ids(dueWork(unpaid(), t, at('2026-03-06')))).toEqual(['terminate:svc-1:2026-02-28']);
    expect(reminderSchedule(t)).toEqual([
      { kind: 'BEFORE_DUE', offset: -1 },
      { kind: 'OVERDUE_2', offset: 2 },
    ]);
    expect(reminderSchedule(S).map((r) => r.kind)).toEqual([
      'BEFORE_DUE',
      'ON_DUE',
      'OVERDUE_1',
      'OVERDUE_3',
      'OVERDUE_7',
    ]);
  });
});

describe('auto-pay from the wallet', () => {
  const wallet = (balance: string, autoPay = true, partialPayments = false) => ({
    balance,
    autoPay,
    partialPayments,
  });
  const pay = (w: ServiceFacts['wallet'], settings = S, amountDue = '1180.00') =>
    dueWork(
      service({ wallet: w, invoices: [invoice({ amountDue })] }),
      settings,
      at('2026-02-22'),
    ).filter((x) => x.kind === 'AUTO_PAY');

  it('pays the whole amount when the balance covers it, exactly too', () => {
    expect(pay(wallet('5000'))).toEqual([
      {
        kind: 'AUTO_PAY',
        commandId: 'autopay:inv-1:1180.00',
        serviceId: 'svc-1',
        invoiceId: 'inv-1',
        amount: '1180.00',
      },
    ]);
    expect(pay(wallet('1180.00'))[0]).toMatchObject({ amount: '1180.00' });
  });

  it('waits when the balance falls short, unless the tenant allows partial payment', () => {
    expect(pay(wallet('1179.99'))).toEqual([]);
    expect(pay(wallet('500.5', true, true))).toEqual([
      {
        kind: 'AUTO_PAY',
        commandId: 'autopay:inv-1:1180.00',
        serviceId: 'svc-1',
        invoiceId: 'inv-1',
        amount: '500.50',
      },
    ]);
    expect(pay(wallet('0.00', true, true))).toEqual([]);
    expect(pay(wallet('0.01', true, true))[0]).toMatchObject({ amount: '0.01' });
  });

  it('names the remaining amount in its id, so a second partial payment is a new command', () => {
    expect(ids(pay(wallet('5000'), S, '679.5'))).toEqual(['autopay:inv-1:679.50']);
  });

  it('pays in full instead of reminding, suspending or terminating; a partial payment leaves dunning on', () => {
    const overdue = (balance: string, partial: boolean, day: string) =>
      ids(
        dueWork(
          service({ wallet: wallet(balance, true, partial), invoices: [invoice()] }),
          S,
          at(day),
        ),
      );
    expect(overdue('1180', false, '2026-03-03')).toEqual(['autopay:inv-1:1180.00']);
    expect(overdue('1180', false, '2026-03-14')).toEqual(['autopay:inv-1:1180.00']);
    expect(overdue('100', true, '2026-03-03')).toEqual([
      'autopay:inv-1:1180.00',
      'remind:inv-1:OVERDUE_3',
      'suspend:svc-1:2026-02-28',
    ]);
    expect(overdue('100', true, '2026-03-14')).toEqual([
      'autopay:inv-1:1180.00',
      'terminate:svc-1:2026-02-28',
    ]);
    expect(overdue('100', false, '2026-03-03')).toEqual([
      'remind:inv-1:OVERDUE_3',
      'suspend:svc-1:2026-02-28',
    ]);
  });

  it('does nothing when the customer or the tenant turned it off, or nothing is due', () => {
    expect(pay(wallet('5000', false))).toEqual([]);
    expect(pay(wallet('5000'), automationSettingsOf({ autoPay: false }))).toEqual([]);
    expect(pay(wallet('5000'), S, '0.00')).toEqual([]);
  });

  it('refuses a bad balance or amount, naming it', () => {
    expect(refusedField(() => pay(wallet('-1')))).toBe('wallet.balance');
    expect(refusedField(() => pay(wallet('5000'), S, '1e3'))).toBe('amountDue');
  });
});

describe('paying late', () => {
  it('moves the next due date from the old due date, not from the payment day', () => {
    const s = service({ nextDueDate: '2026-02-28', anchorDay: 31 });
    expect(nextDueAfterPayment(s, at('2026-03-05'))).toEqual({
      periodStart: '2026-02-28',
      nextDueDate: '2026-03-31',
    });
    expect(nextDueAfterPayment(s, at('2026-02-20'))).toEqual({
      periodStart: '2026-02-28',
      nextDueDate: '2026-03-31',
    });
    expect(
      nextDueAfterPayment({ nextDueDate: '2026-03-31', anchorDay: 31, months: 3 }, at('2026-04-10'))
        .nextDueDate,
    ).toBe('2026-06-30');
  });

  it('refuses a bad payment instant or cycle', () => {
    expect(refusedField(() => nextDueAfterPayment(service(), 'soon'))).toBe('now');
    expect(refusedField(() => nextDueAfterPayment(service({ months: 0 }), at('2026-03-01')))).toBe(
      'months',
    );
    expect(
      refusedField(() => nextDueAfterPayment(service({ months: 1.5 }), at('2026-03-01'))),
    ).toBe('months');
    expect(() => nextDueAfterPayment(service({ months: 0 }), at('2026-03-01'))).toThrow(
      'A billing cycle is a whole number of months, at least 1.',
    );
  });

  it('unsuspends a service suspended for non-payment once the overdue invoice is paid', () => {
    const paid = invoice({ status: 'PAID', amountDue: '0.00', paidAt: at('2026-03-05') });
    // The payment moved the due date to 31 Mar.
    const moved = service({
      status: 'SUSPENDED',
      suspension: 'NON_PAYMENT',
      nextDueDate: '2026-03-31',
      invoices: [invoice({ invoiceId: 'inv-0', periodStart: '2026-01-31', status: 'PAID' }), paid],
    });
    expect(dueWork(moved, S, at('2026-03-05'))).toEqual([
      {
        kind: 'UNSUSPEND',
        commandId: 'unsuspend:svc-1:inv-1',
        serviceId: 'svc-1',
        invoiceId: 'inv-1',
      },
    ]);
    // The invoice is paid but the due date has not moved yet.
    const lagging = service({ status: 'SUSPENDED', suspension: 'NON_PAYMENT', invoices: [paid] });
    expect(ids(dueWork(lagging, S, at('2026-03-05')))).toEqual(['unsuspend:svc-1:inv-1']);
  });

  it('does not unsuspend a staff suspension, an active service, or while a period is still owed', () => {
    const paid = invoice({ status: 'PAID', amountDue: '0.00' });
    expect(
      dueWork(
        service({
          status: 'SUSPENDED',
          suspension: 'STAFF',
          nextDueDate: '2026-03-31',
          invoices: [paid],
        }),
        S,
        at('2026-03-05'),
      ),
    ).toEqual([]);
    expect(
      dueWork(service({ nextDueDate: '2026-03-31', invoices: [paid] }), S, at('2026-03-05')),
    ).toEqual([]);
    // Suspended on 3 Mar, paid the Feb period only on 2 Apr (terminate set late): March is owed.
    const late = automationSettingsOf({ terminateAfterDays: 60 });
    const owed = service({
      status: 'SUSPENDED',
      suspension: 'NON_PAYMENT',
      nextDueDate: '2026-03-31',
      invoices: [paid, invoice({ invoiceId: 'inv-2', periodStart: '2026-03-31' })],
    });
    expect(ids(dueWork(owed, late, at('2026-04-02')))).toEqual(['remind:inv-2:OVERDUE_1']);
    // Only a suspended service is unsuspended, whatever a stale suspension field says.
    expect(
      dueWork(
        service({ suspension: 'NON_PAYMENT', nextDueDate: '2026-03-31', invoices: [paid] }),
        S,
        at('2026-03-05'),
      ),
    ).toEqual([]);
    // The next period falls due today and has no invoice yet: still owed, not unsuspended.
    const dueToday = service({
      status: 'SUSPENDED',
      suspension: 'NON_PAYMENT',
      nextDueDate: '2026-03-31',
      invoices: [paid],
    });
    expect(ids(dueWork(dueToday, S, at('2026-03-31')))).toEqual(['renew:svc-1:2026-03-31']);
    expect(ids(dueWork(dueToday, S, at('2026-03-30')))).toEqual([
      'unsuspend:svc-1:inv-1',
      'renew:svc-1:2026-03-31',
    ]);
    // Due date ahead but no paid invoice to name (e.g. a staff-extended due date): nothing.
    expect(
      dueWork(
        service({
          status: 'SUSPENDED',
          suspension: 'NON_PAYMENT',
          nextDueDate: '2026-03-31',
          invoices: [],
        }),
        S,
        at('2026-03-05'),
      ),
    ).toEqual([]);
    expect(
      dueWork(
        service({
          status: 'SUSPENDED',
          suspension: 'NON_PAYMENT',
          nextDueDate: '2026-03-31',
          invoices: [invoice({ status: 'CANCELLED' })],
        }),
        S,
        at('2026-03-05'),
      ),
    ).toEqual([]);
  });

  it('names the latest paid period in the unsuspend id', () => {
    const s = service({
      status: 'SUSPENDED',
      suspension: 'NON_PAYMENT',
      nextDueDate: '2026-04-30',
      invoices: [
        invoice({ invoiceId: 'inv-b', periodStart: '2026-03-31', status: 'PAID' }),
        invoice({ invoiceId: 'inv-a', status: 'PAID' }),
        invoice({ invoiceId: 'inv-c', periodStart: '2026-01-31', status: 'PAID' }),
      ],
    });
    expect(ids(dueWork(s, S, at('2026-04-02')))).toEqual(['unsuspend:svc-1:inv-b']);
    // Two paid invoices of one period (a replacement paid as well): the first listed is named.
    const twice = service({
      ...s,
      invoices: [
        invoice({ invoiceId: 'inv-b', periodStart: '2026-03-31', status: 'PAID' }),
        invoice({ invoiceId: 'inv-b2', periodStart: '2026-03-31', status: 'PAID' }),
      ],
    });
    expect(ids(dueWork(twice, S, at('2026-04-02')))).toEqual(['unsuspend:svc-1:inv-b']);
  });
});

describe('cancellation at the end of the period', () => {
  const eop = { when: 'END_OF_PERIOD' as const, effectiveOn: '2026-02-28' };

  it('issues no renewal and terminates on the due date', () => {
    expect(dueWork(service({ cancellation: eop }), S, at('2026-02-22'))).toEqual([]);
    expect(dueWork(service({ cancellation: eop }), S, at('2026-02-27'))).toEqual([]);
    expect(dueWork(service({ cancellation: eop }), S, at('2026-02-28'))).toEqual([
      {
        kind: 'END_OF_PERIOD_TERMINATION',
        commandId: 'terminate:svc-1:2026-02-28',
        serviceId: 'svc-1',
        dueDate: '2026-02-28',
      },
    ]);
  });

  it('paid for the next period after the request (before a run cancelled its invoice): ends with the period paid for, not on the cancellation day', () => {
    const paid = invoice({ status: 'PAID', amountDue: '0.00', paidAt: at('2026-02-25') });
    const s = service({ cancellation: eop, nextDueDate: '2026-03-31', invoices: [paid] });
    expect(dueWork(s, S, at('2026-02-28'))).toEqual([]);
    expect(dueWork(s, S, at('2026-03-30'))).toEqual([]);
    expect(dueWork(s, S, at('2026-03-31'))).toEqual([
      {
        kind: 'END_OF_PERIOD_TERMINATION',
        commandId: 'terminate:svc-1:2026-03-31',
        serviceId: 'svc-1',
        dueDate: '2026-03-31',
      },
    ]);
  });

  it('cancels an already issued renewal invoice, sends no reminders and does not suspend', () => {
    const s = service({ cancellation: eop, invoices: [invoice()] });
    expect(dueWork(s, S, at('2026-02-25'))).toEqual([
      {
        kind: 'CANCEL_RENEWAL_INVOICE',
        commandId: 'cancel-renewal:inv-1',
        serviceId: 'svc-1',
        invoiceId: 'inv-1',
      },
    ]);
    expect(ids(dueWork(s, S, at('2026-03-03')))).toEqual([
      'cancel-renewal:inv-1',
      'terminate:svc-1:2026-02-28',
    ]);
    expect(
      ids(
        dueWork(
          service({ cancellation: eop, invoices: [invoice({ status: 'CANCELLED' })] }),
          S,
          at('2026-02-25'),
        ),
      ),
    ).toEqual([]);
  });

  it('leaves an immediate cancellation to its command', () => {
    expect(
      dueWork(
        service({
          cancellation: { when: 'IMMEDIATE', effectiveOn: '2026-02-10' },
          invoices: [invoice()],
        }),
        S,
        at('2026-03-03'),
      ),
    ).toEqual([]);
  });

  it('refuses a bad effective day', () => {
    expect(
      refusedField(() =>
        dueWork(
          service({ cancellation: { when: 'END_OF_PERIOD', effectiveOn: 'soon' } }),
          S,
          at('2026-02-25'),
        ),
      ),
    ).toBe('cancellation.effectiveOn');
  });
});

describe('unpaid new orders', () => {
  const order = {
    orderId: 'ord-1',
    expiresAt: '2026-02-08T18:00:00.000Z',
    paid: false,
    cancelled: false,
  };
  it('are cancelled from the instant they expire (the tenant’s unpaidOrderDays set it)', () => {
    expect(unpaidOrderDue(order, '2026-02-08T17:59:59.999Z')).toBeNull();
    const due = {
      kind: 'CANCEL_UNPAID_ORDER',
      commandId: 'cancel-order:ord-1',
      orderId: 'ord-1',
    };
    expect(unpaidOrderDue(order, '2026-02-08T18:00:00.000Z')).toEqual(due);
    expect(unpaidOrderDue(order, at('2026-03-01'))).toEqual(due);
  });
  it('not when paid or cancelled already', () => {
    expect(unpaidOrderDue({ ...order, paid: true }, at('2026-03-01'))).toBeNull();
    expect(unpaidOrderDue({ ...order, cancelled: true }, at('2026-03-01'))).toBeNull();
  });
  it('refuses an instant that is not one, naming it', () => {
    expect(() => unpaidOrderDue({ ...order, expiresAt: 'soon' }, at('2026-03-01'))).toThrow(
      /expiresAt/,
    );
    expect(() => unpaidOrderDue(order, 'later')).toThrow(/asOf/);
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return (e as { issues: { path: string[] }[] }).issues[0]!.path.join('.');
      }
      return null;
    };
    expect(fieldOf(() => unpaidOrderDue({ ...order, expiresAt: 'soon' }, at('2026-03-01')))).toBe(
      'expiresAt',
    );
    expect(fieldOf(() => unpaidOrderDue(order, 'later'))).toBe('asOf');
  });
});

it('counts work by kind', () => {
  expect(countByKind([{ kind: 'A' }, { kind: 'B' }, { kind: 'A' }])).toEqual({ A: 2, B: 1 });
  expect(countByKind([])).toEqual({});
});

/**
 * A model of the command side: the scheduler's items applied once each (a command store that
 * would refuse a spent id), with payments, top-ups and cancellations in between.
 */
type Step =
  | { t: 'pass'; hours: number }
  | { t: 'pay' }
  | { t: 'topUp'; paise: number }
  | { t: 'cancel' }
  | { t: 'withdraw' }
  | { t: 'run'; twice: boolean };

function simulate(steps: Step[], partialPayments: boolean) {
  const price = new D('1180.00');
  const period = firstPeriod('2026-01-31', 1);
  let s: ServiceFacts = service({
    nextDueDate: period.nextDueDate,
    anchorDay: period.anchorDay,
    wallet: { balance: '0.00', autoPay: true, partialPayments },
  });
  let now = Date.parse('2026-01-31T06:00:00.000Z');
  let n = 0;
  const spent = new Map<string, string>();
  const log: { item: WorkItem; today: string; due: string }[] = [];
  const setInvoice = (id: string, f: (i: RenewalInvoiceFact) => RenewalInvoiceFact) => {
    s = { ...s, invoices: s.invoices.map((i) => (i.invoiceId === id ? f(i) : i)) };
  };
  const settle = (id: string, amount: string, iso: string) => {
    const inv = s.invoices.find((i) => i.invoiceId === id)!;
    const left = new D(inv.amountDue).minus(amount);
    setInvoice(id, (i) => ({
      ...i,
      amountDue: inr(left),
      status: left.isZero() ? 'PAID' : 'PARTLY_PAID',
      paidAt: left.isZero() ? iso : null,
    }));
    if (left.isZero() && inv.periodStart === s.nextDueDate)
      s = { ...s, nextDueDate: nextDueAfterPayment(s, iso).nextDueDate };
  };
  const apply = (item: WorkItem, iso: string) => {
    switch (item.kind) {
      case 'RENEWAL_INVOICE':
        s = {
          ...s,
          invoices: [
            ...s.invoices,
            invoice({
              invoiceId: `inv-${++n}`,
              periodStart: item.periodStart,
              amountDue: inr(price),
            }),
          ],
        };
        break;
      case 'AUTO_PAY':
        s = {
          ...s,
          wallet: { ...s.wallet, balance: inr(new D(s.wallet.balance).minus(item.amount)) },
        };
        settle(item.invoiceId, item.amount, iso);
        break;
      case 'REMINDER':
        setInvoice(item.invoiceId, (i) => ({
          ...i,
          remindersSent: [...i.remindersSent, item.reminder],
        }));
        break;
      case 'SUSPEND':
        s = { ...s, status: 'SUSPENDED', suspension: 'NON_PAYMENT' };
        break;
      case 'UNSUSPEND':
        s = { ...s, status: 'ACTIVE', suspension: null };
        break;
      case 'TERMINATE':
      case 'END_OF_PERIOD_TERMINATION':
        s = { ...s, status: 'TERMINATED' };
        break;
      case 'CANCEL_RENEWAL_INVOICE':
        setInvoice(item.invoiceId, (i) => ({ ...i, status: 'CANCELLED' }));
        break;
    }
  };
  for (const step of steps) {
    const iso = new Date(now).toISOString();
    if (step.t === 'pass') now += step.hours * 3_600_000;
    else if (step.t === 'topUp')
      s = {
        ...s,
        wallet: {
          ...s.wallet,
          balance: inr(new D(s.wallet.balance).plus(new D(step.paise).dividedBy(100))),
        },
      };
    else if (step.t === 'cancel')
      s =
        s.status === 'TERMINATED'
          ? s
          : { ...s, cancellation: { when: 'END_OF_PERIOD', effectiveOn: s.nextDueDate } };
    else if (step.t === 'withdraw') s = { ...s, cancellation: null };
    else if (step.t === 'pay') {
      const open = s.invoices.find(
        (i) =>
          i.periodStart === s.nextDueDate && (i.status === 'UNPAID' || i.status === 'PARTLY_PAID'),
      );
      if (open && s.status !== 'TERMINATED') settle(open.invoiceId, open.amountDue, iso);
    } else {
      for (let run = 0; run < (step.twice ? 2 : 1); run++) {
        const due = s.nextDueDate;
        for (const item of dueWork(s, S, iso)) {
          const payload = JSON.stringify(item);
          // A spent id is never asked for again: the effect happened once.
          expect(spent.has(item.commandId), `${item.commandId} asked for twice`).toBe(false);
          spent.set(item.commandId, payload);
          if (item.kind === 'SUSPEND' || item.kind === 'TERMINATE') {
            // Never while its period is paid.
            const inv = s.invoices.find((i) => i.invoiceId === item.invoiceId)!;
            expect(['UNPAID', 'PARTLY_PAID']).toContain(inv.status);
            expect(inv.periodStart).toBe(s.nextDueDate);
          }
          log.push({ item, today: todayInIndia(iso), due });
          apply(item, iso);
        }
      }
    }
  }
  return { s, log, spent };
}

/** Time passes, maybe something happens, then the scheduler runs (sometimes twice at once). */
const steps = fc
  .array(
    fc.record({
      hours: fc.integer({ min: 1, max: 72 }),
      action: fc.oneof(
        { weight: 30, arbitrary: fc.constant(null) },
        { weight: 3, arbitrary: fc.constant({ t: 'pay' as const }) },
        {
          weight: 2,
          arbitrary: fc.record({
            t: fc.constant('topUp' as const),
            paise: fc.integer({ min: 1, max: 200_000 }),
          }),
        },
        { weight: 1, arbitrary: fc.constant({ t: 'cancel' as const }) },
        { weight: 1, arbitrary: fc.constant({ t: 'withdraw' as const }) },
      ),
      twice: fc.boolean(),
    }),
    { minLength: 40, maxLength: 120 },
  )
  .map((xs) =>
    xs.flatMap(({ hours, action, twice }): Step[] => [
      { t: 'pass', hours },
      ...(action ? [action] : []),
      { t: 'run', twice },
    ]),
  );

describe('properties over time', () => {
  it('every command id is asked for once; suspension and termination only when due; one invoice per period', () => {
    fc.assert(
      fc.property(steps, fc.boolean(), (st, partial) => {
        const { s, log } = simulate(st, partial);
        for (const { item, due, today } of log) {
          if (item.kind === 'SUSPEND') {
            expect(item.dueDate).toBe(due);
            expect(daysBetween(item.dueDate, today)).toBeGreaterThanOrEqual(S.suspendAfterDays);
          }
          if (item.kind === 'TERMINATE')
            expect(daysBetween(item.dueDate, today)).toBeGreaterThanOrEqual(
              S.terminateAfterDays - 1,
            );
        }
        const live = s.invoices.filter((i) => i.status !== 'CANCELLED').map((i) => i.periodStart);
        expect(new Set(live).size).toBe(live.length);
        for (const i of s.invoices)
          expect(new Set(i.remindersSent).size).toBe(i.remindersSent.length);
        expect(new D(s.wallet.balance).gte(0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a run at any instant: never suspends while the period is paid, never before due + 3 Indian days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10 * 24, max: 20 * 24 }),
        fc.constantFrom('UNPAID', 'PARTLY_PAID', 'PAID', 'CANCELLED') as fc.Arbitrary<
          RenewalInvoiceFact['status']
        >,
        (hours, status) => {
          const asOf = new Date(
            Date.parse('2026-02-27T18:30:00.000Z') + hours * 3_600_000,
          ).toISOString();
          const work = dueWork(service({ invoices: [invoice({ status })] }), S, asOf);
          const sinceDue = Math.floor(hours / 24);
          for (const w of work) {
            if (w.kind === 'SUSPEND') {
              expect(status === 'UNPAID' || status === 'PARTLY_PAID').toBe(true);
              expect(sinceDue).toBeGreaterThanOrEqual(3);
              expect(sinceDue).toBeLessThan(14);
            }
            if (w.kind === 'TERMINATE') expect(sinceDue).toBeGreaterThanOrEqual(14);
          }
          if (status === 'PAID') expect(work).toEqual([]);
        },
      ),
    );
  });

  it('drives a service through months: paid late, never, from the wallet', () => {
    const day = 24;
    const runDaily = (n: number): Step[] =>
      Array.from({ length: n }, () => [
        { t: 'pass', hours: day } as Step,
        { t: 'run', twice: false } as Step,
      ]).flat();
    // Feb: paid late on 3 Mar (after suspension); Mar: from the wallet; Apr: never (terminated).
    const { s, log } = simulate(
      [
        ...runDaily(31), // to 3 Mar
        { t: 'pay' },
        { t: 'run', twice: true },
        { t: 'topUp', paise: 118_000 },
        ...runDaily(76), // to 18 May
      ],
      false,
    );
    const kinds = log.map((l) => `${l.today} ${l.item.commandId}`);
    expect(kinds).toEqual([
      '2026-02-21 renew:svc-1:2026-02-28',
      '2026-02-25 remind:inv-1:BEFORE_DUE',
      '2026-02-28 remind:inv-1:ON_DUE',
      '2026-03-01 remind:inv-1:OVERDUE_1',
      '2026-03-03 remind:inv-1:OVERDUE_3',
      '2026-03-03 suspend:svc-1:2026-02-28',
      '2026-03-03 unsuspend:svc-1:inv-1',
      '2026-03-24 renew:svc-1:2026-03-31',
      '2026-03-25 autopay:inv-2:1180.00',
      '2026-04-23 renew:svc-1:2026-04-30',
      '2026-04-27 remind:inv-3:BEFORE_DUE',
      '2026-04-30 remind:inv-3:ON_DUE',
      '2026-05-01 remind:inv-3:OVERDUE_1',
      '2026-05-03 remind:inv-3:OVERDUE_3',
      '2026-05-03 suspend:svc-1:2026-04-30',
      '2026-05-07 remind:inv-3:OVERDUE_7',
      '2026-05-14 terminate:svc-1:2026-04-30',
    ]);
    expect(s).toMatchObject({
      status: 'TERMINATED',
      nextDueDate: '2026-04-30',
      wallet: { balance: '0.00' },
    });
  });
});
