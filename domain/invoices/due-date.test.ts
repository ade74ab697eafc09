import { describe, expect, it } from 'vitest';
import { proformaDueDate } from './due-date.ts';

describe('proformaDueDate', () => {
  it("is a renewal's period start, not its issue day", () => {
    const subject = {
      kind: 'RENEWAL' as const,
      serviceId: 's1',
      periodStart: '2027-02-28',
      periodEnd: '2027-03-31',
    };
    expect(proformaDueDate({ subject, issueDate: '2027-02-21' })).toBe('2027-02-28');
  });
  it("is a plan change's issue day", () => {
    const subject = { kind: 'PLAN_CHANGE' as const, serviceId: 's1', changeId: 'c1' };
    expect(proformaDueDate({ subject, issueDate: '2027-02-21' })).toBe('2027-02-21');
  });
  it("is none for an order's invoice, with or without a subject field", () => {
    expect(proformaDueDate({ subject: null, issueDate: '2027-02-21' })).toBeNull();
    expect(proformaDueDate({ issueDate: '2027-02-21' })).toBeNull();
  });
});
