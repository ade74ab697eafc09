import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsAnchored } from '../services/due-dates.ts';
import { DomainError } from '../shared/decider.ts';
import { D } from '../shared/money.ts';
import { addDays, daysBetween } from './days.ts';
import { prorate } from './proration.ts';

const refusedField = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('BAD_USER_INPUT');
    return (e as DomainError).issues[0]!.path.join('.');
  }
  throw new Error('expected a refusal');
};

describe('plan change proration by exact days', () => {
  it('counts February as 28 days: an upgrade of ₹280 with 10 days left charges ₹100', () => {
    const p = prorate({
      oldAmount: '500',
      newAmount: '780',
      periodStart: '2026-02-28',
      nextDueDate: '2026-03-28',
      on: '2026-03-18',
    });
    expect(p).toMatchObject({ daysLeft: 10, daysInPeriod: 28, amount: '100.00' });
    expect(p.description).toBe(
      'Plan change from ₹500.00 to ₹780.00 per period: 10 of 28 days left (2026-03-18 to 2026-03-27), charge ₹100.00',
    );
  });

  it('counts a leap February as 29 and March as 31', () => {
    expect(
      prorate({
        oldAmount: '0',
        newAmount: '290',
        periodStart: '2028-01-31',
        nextDueDate: '2028-02-29',
        on: '2028-02-19',
      }),
    ).toMatchObject({ daysLeft: 10, daysInPeriod: 29, amount: '100.00' });
    expect(
      prorate({
        oldAmount: '0',
        newAmount: '310',
        periodStart: '2026-02-28',
        nextDueDate: '2026-03-31',
        on: '2026-03-21',
      }),
    ).toMatchObject({ daysLeft: 10, daysInPeriod: 31, amount: '100.00' });
  });

  it('credits a downgrade (negative) and says so', () => {
    const p = prorate({
      oldAmount: '1000',
      newAmount: '700',
      periodStart: '2026-04-30',
      nextDueDate: '2026-05-30',
      on: '2026-05-20',
    });
    expect(p).toMatchObject({ daysLeft: 10, daysInPeriod: 30, amount: '-100.00' });
    expect(p.description).toMatch(/, credit ₹100\.00$/);
  });

  it('charges the whole difference on the first day and one day on the last', () => {
    expect(
      prorate({
        oldAmount: '100',
        newAmount: '400',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-04-01',
      }),
    ).toMatchObject({ daysLeft: 30, amount: '300.00' });
    expect(
      prorate({
        oldAmount: '100',
        newAmount: '400',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-04-30',
      }),
    ).toMatchObject({ daysLeft: 1, amount: '10.00' });
  });

  it('rounds half up to paise at the end only', () => {
    // 0.01 × 15 / 30 = 0.005 → 0.01 (and −0.005 → −0.01: away from zero)
    expect(
      prorate({
        oldAmount: '0',
        newAmount: '0.01',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-04-16',
      }).amount,
    ).toBe('0.01');
    expect(
      prorate({
        oldAmount: '0.01',
        newAmount: '0',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-04-16',
      }).amount,
    ).toBe('-0.01');
    // 0.01 × 14 / 30 = 0.00466… → 0.00
    expect(
      prorate({
        oldAmount: '0',
        newAmount: '0.01',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-04-17',
      }).amount,
    ).toBe('0.00');
    // 100 × 1/3 = 33.333… and 200 × 1/3 = 66.666…: rounding each step would differ from the end
    expect(
      prorate({
        oldAmount: '100',
        newAmount: '300',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-04-21',
      }).amount,
    ).toBe('66.67');
    expect(
      prorate({
        oldAmount: '1000.00',
        newAmount: '1000.01',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-04-02',
      }).amount,
    ).toBe('0.01');
  });

  it('prices the same plan at zero, written "0.00" and called a charge of ₹0.00', () => {
    const p = prorate({
      oldAmount: '999.99',
      newAmount: '999.99',
      periodStart: '2026-01-31',
      nextDueDate: '2026-02-28',
      on: '2026-02-10',
    });
    expect(p.amount).toBe('0.00');
    expect(p.description).toMatch(/charge ₹0\.00$/);
    expect(
      prorate({
        oldAmount: '0.01',
        newAmount: '0',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-04-20',
      }).amount,
    ).toBe('0.00');
  });

  it.each([
    [{ oldAmount: '-1' }, 'oldAmount'],
    [{ newAmount: '1.005' }, 'newAmount'],
    [{ newAmount: 'abc' }, 'newAmount'],
    [{ periodStart: '2026-02-30' }, 'periodStart'],
    [{ nextDueDate: '2026-04-01' }, 'nextDueDate'],
    [{ nextDueDate: '2026-04-31' }, 'nextDueDate'],
    [{ nextDueDate: '2026-03-31' }, 'nextDueDate'],
    [{ on: '2026-05-01' }, 'on'],
    [{ on: '2026-03-31' }, 'on'],
    [{ on: '1 April' }, 'on'],
  ])('refuses %j naming %s', (change, field) => {
    const base = {
      oldAmount: '100',
      newAmount: '200',
      periodStart: '2026-04-01',
      nextDueDate: '2026-05-01',
      on: '2026-04-10',
    };
    expect(refusedField(() => prorate({ ...base, ...change }))).toBe(field);
  });

  it('says that the period must end after it starts', () => {
    expect(() =>
      prorate({
        oldAmount: '1',
        newAmount: '2',
        periodStart: '2026-04-01',
        nextDueDate: '2026-04-01',
        on: '2026-04-01',
      }),
    ).toThrow('The nextDueDate must be after periodStart.');
  });

  it('says which days a change may take effect on', () => {
    try {
      prorate({
        oldAmount: '1',
        newAmount: '2',
        periodStart: '2026-04-01',
        nextDueDate: '2026-05-01',
        on: '2026-05-01',
      });
    } catch (e) {
      expect((e as Error).message).toBe(
        'A plan change takes effect within the current period, 2026-04-01 to 2026-04-30.',
      );
    }
  });

  const paise = fc
    .integer({ min: 0, max: 100_000_000 })
    .map((p) => new D(p).dividedBy(100).toFixed(2));
  const period = fc
    .record({
      start: fc.integer({ min: 0, max: 3650 }),
      months: fc.constantFrom(1, 3, 6, 12),
      pick: fc.double({ min: 0, max: 0.9999, noNaN: true }),
    })
    .map(({ start, months, pick }) => {
      const periodStart = addDays('2025-01-01', start);
      const nextDueDate = addMonthsAnchored(periodStart, months, Number(periodStart.slice(8)));
      const on = addDays(periodStart, Math.floor(pick * daysBetween(periodStart, nextDueDate)));
      return { periodStart, nextDueDate, on };
    });

  it('property: the same plan costs nothing; an upgrade then the downgrade back nets to at most a paisa', () => {
    fc.assert(
      fc.property(paise, paise, period, (a, b, p) => {
        expect(prorate({ oldAmount: a, newAmount: a, ...p }).amount).toBe('0.00');
        const up = new D(prorate({ oldAmount: a, newAmount: b, ...p }).amount);
        const down = new D(prorate({ oldAmount: b, newAmount: a, ...p }).amount);
        expect(up.plus(down).abs().lte('0.01')).toBe(true);
      }),
    );
  });

  it('property: never more than the whole difference, the exact share within half a paisa', () => {
    fc.assert(
      fc.property(paise, paise, period, (a, b, p) => {
        const r = prorate({ oldAmount: a, newAmount: b, ...p });
        const diff = new D(b).minus(a);
        expect(new D(r.amount).abs().lte(diff.abs())).toBe(true);
        const exact = diff.times(r.daysLeft).dividedBy(r.daysInPeriod);
        expect(new D(r.amount).minus(exact).abs().lte('0.005')).toBe(true);
        expect(r.daysLeft).toBe(daysBetween(p.on, p.nextDueDate));
        expect(r.daysInPeriod).toBe(daysBetween(p.periodStart, p.nextDueDate));
      }),
    );
  });
});
