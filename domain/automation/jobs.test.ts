import { describe, expect, it } from 'vitest';
import type { RunItemKind } from './events.ts';
import { inJob, jobOf } from './jobs.ts';

describe('automation jobs', () => {
  it.each([
    ['RENEWAL_INVOICE', 'RENEWALS'],
    ['AUTO_PAY', 'RENEWALS'],
    ['CANCEL_RENEWAL_INVOICE', 'RENEWALS'],
    ['END_OF_PERIOD_TERMINATION', 'RENEWALS'],
    ['REMINDER', 'REMINDERS'],
    ['SUSPEND', 'SUSPENSIONS'],
    ['TERMINATE', 'SUSPENSIONS'],
    ['UNSUSPEND', 'SUSPENSIONS'],
    ['CANCEL_UNPAID_ORDER', 'UNPAID_ORDERS'],
  ] as const)('%s is done by %s (and by ALL)', (kind, job) => {
    expect(jobOf(kind)).toBe(job);
    expect(inJob(job, kind)).toBe(true);
    expect(inJob('ALL', kind)).toBe(true);
    for (const other of ['RENEWALS', 'REMINDERS', 'SUSPENSIONS', 'UNPAID_ORDERS'] as const)
      if (other !== job) expect(inJob(other, kind)).toBe(false);
  });

  it('an unknown kind is a bug', () => {
    expect(() => jobOf('DANCE' as RunItemKind)).toThrow(/unknown kind of automation work DANCE/);
    expect(() => jobOf('toString' as RunItemKind)).toThrow(/unknown kind/);
  });
});
