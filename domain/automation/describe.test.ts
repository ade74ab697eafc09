import { describe, expect, it } from 'vitest';
import { describeWork, reminderWords } from './describe.ts';

const host = { server: 'web1.example.in', invoiceNumber: 'AK/2026-27/00042' };

describe('what an automation item does, in words', () => {
  it('names the period, the amount and the due date when it knows them, in the portal’s formats', () => {
    expect(
      describeWork('RENEWAL_INVOICE', {
        ...host,
        periodStart: '2027-02-28',
        periodEnd: '2027-03-31',
      }),
    ).toBe('Renewal invoice for web1.example.in, 28 Feb 2027 to 30 Mar 2027');
    expect(describeWork('RENEWAL_INVOICE', { ...host, periodStart: '2027-02-28' })).toBe(
      'Renewal invoice for web1.example.in, the period from 28 Feb 2027',
    );
    expect(describeWork('RENEWAL_INVOICE', { server: 'web1.example.in' })).toBe(
      'Renewal invoice for web1.example.in',
    );
    expect(describeWork('AUTO_PAY', { ...host, amount: '145678.50' })).toBe(
      'Pay invoice AK/2026-27/00042 of web1.example.in from the wallet: ₹1,45,678.50',
    );
    expect(describeWork('AUTO_PAY', { server: 'web1.example.in' })).toBe(
      'Pay the renewal invoice of web1.example.in from the wallet',
    );
    expect(
      describeWork('REMINDER', { ...host, reminder: 'BEFORE_DUE', dueDate: '2027-03-01' }),
    ).toBe(
      'Reminder before the due date: invoice AK/2026-27/00042 of web1.example.in, due 1 Mar 2027',
    );
    expect(describeWork('REMINDER', { ...host, reminder: 'OVERDUE_7' })).toBe(
      'Overdue notice, 7 days after the due date: invoice AK/2026-27/00042 of web1.example.in',
    );
    expect(describeWork('SUSPEND', { ...host, dueDate: '2027-03-01' })).toBe(
      'Suspend web1.example.in: invoice AK/2026-27/00042 unpaid since 1 Mar 2027',
    );
    expect(describeWork('SUSPEND', host)).toBe(
      'Suspend web1.example.in: invoice AK/2026-27/00042 is overdue',
    );
    expect(describeWork('TERMINATE', { server: 'db1', dueDate: '2027-03-01' })).toBe(
      'Terminate db1: the renewal invoice unpaid since 1 Mar 2027',
    );
    expect(describeWork('TERMINATE', { server: 'db1' })).toBe(
      'Terminate db1: the renewal invoice is long overdue',
    );
    expect(describeWork('UNSUSPEND', host)).toBe(
      'Unsuspend web1.example.in: invoice AK/2026-27/00042 is paid',
    );
    expect(describeWork('CANCEL_RENEWAL_INVOICE', host)).toBe(
      'Cancel invoice AK/2026-27/00042 of web1.example.in: the service ends with its period',
    );
    expect(
      describeWork('END_OF_PERIOD_TERMINATION', { server: 'db1', dueDate: '2027-04-30' }),
    ).toBe('Terminate db1 at the end of its period (30 Apr 2027), as the customer asked');
    expect(describeWork('END_OF_PERIOD_TERMINATION', { server: 'db1' })).toBe(
      'Terminate db1 at the end of its period, as the customer asked',
    );
    expect(
      describeWork('CANCEL_UNPAID_ORDER', {
        orderPlacedOn: '2027-01-31',
        orderExpiresOn: '2027-02-07',
      }),
    ).toBe('Cancel the unpaid order of 31 Jan 2027 (expired 7 Feb 2027)');
    expect(describeWork('CANCEL_UNPAID_ORDER', { orderPlacedOn: '2027-01-31' })).toBe(
      'Cancel an unpaid new order past its payment window',
    );
    expect(describeWork('CANCEL_UNPAID_ORDER', {})).toBe(
      'Cancel an unpaid new order past its payment window',
    );
  });

  it('a service without a name yet is “a service”', () => {
    expect(describeWork('UNSUSPEND', { server: '' })).toBe(
      'Unsuspend a service: the renewal invoice is paid',
    );
    expect(describeWork('UNSUSPEND', { server: null })).toBe(
      'Unsuspend a service: the renewal invoice is paid',
    );
  });

  it('reminder kinds', () => {
    expect(reminderWords('BEFORE_DUE')).toBe('Reminder before the due date');
    expect(reminderWords('ON_DUE')).toBe('Reminder on the due date');
    expect(reminderWords('OVERDUE_14')).toBe('Overdue notice, 14 days after the due date');
    expect(reminderWords('OVERDUE_X')).toBe('Reminder OVERDUE_X');
    expect(reminderWords('LATE_OVERDUE_3')).toBe('Reminder LATE_OVERDUE_3');
    expect(reminderWords('OVERDUE_3_DAYS')).toBe('Reminder OVERDUE_3_DAYS');
  });

  it('an unknown kind is said as it is (a bug the types rule out)', () => {
    expect(describeWork('NEW_KIND' as never, host)).toBe('NEW_KIND');
  });
});
