import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/decider.ts';
import {
  addMonthsAnchored,
  daysInMonth,
  firstPeriod,
  formatYmd,
  isLeapYear,
  parseYmd,
  todayInIndia,
} from './due-dates.ts';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('the calendar', () => {
  it('knows leap years: every 4th, not every 100th, every 400th', () => {
    expect([2024, 2028, 2000, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2025, 2026, 1900, 2100].map(isLeapYear)).toEqual([false, false, false, false]);
  });

  it('knows month lengths', () => {
    const lengths = (y: number) => Array.from({ length: 12 }, (_, i) => daysInMonth(y, i + 1));
    expect(lengths(2026)).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(lengths(2028)).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });

  it('reads and writes YYYY-MM-DD', () => {
    expect(parseYmd('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(formatYmd({ year: 2026, month: 3, day: 1 })).toBe('2026-03-01');
    expect(parseYmd('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseYmd('1000-01-01')).toEqual({ year: 1000, month: 1, day: 1 });
    expect(parseYmd('2026-12-31')).toEqual({ year: 2026, month: 12, day: 31 });
  });

  it.each([
    ['2026-02-29', /not a day of the calendar/],
    ['2026-04-31', /not a day of the calendar/],
    ['2026-13-01', /not a day of the calendar/],
    ['2026-00-10', /not a day of the calendar/],
    ['2026-01-00', /not a day of the calendar/],
    ['0999-01-01', /not a day of the calendar/],
    ['2026-1-31', /YYYY-MM-DD/],
    ['2026-01-31T00:00', /YYYY-MM-DD/],
    [' 2026-01-31', /YYYY-MM-DD/],
    ['', /YYYY-MM-DD/],
  ])('refuses %j naming the field', (input, message) => {
    const e = refusal(() => parseYmd(input, 'to'));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.issues[0]!.path).toEqual(['to']);
    expect(e.message).toMatch(message);
  });

  it('refuses what is not a string', () => {
    expect(refusal(() => parseYmd(20260131 as unknown as string)).issues[0]!.path).toEqual([
      'date',
    ]);
  });
});

describe('anchored due dates', () => {
  it('31 Jan → 28 Feb → 31 Mar → 30 Apr: counted from the anchor, never drifting', () => {
    expect(addMonthsAnchored('2026-01-31', 1, 31)).toBe('2026-02-28');
    expect(addMonthsAnchored('2026-01-31', 2, 31)).toBe('2026-03-31');
    expect(addMonthsAnchored('2026-02-28', 1, 31)).toBe('2026-03-31');
    expect(addMonthsAnchored('2026-03-31', 1, 31)).toBe('2026-04-30');
    expect(addMonthsAnchored('2026-04-30', 1, 31)).toBe('2026-05-31');
  });

  it('29 Feb in a leap year', () => {
    expect(addMonthsAnchored('2028-01-31', 1, 31)).toBe('2028-02-29');
    expect(addMonthsAnchored('2028-01-30', 1, 30)).toBe('2028-02-29');
    expect(addMonthsAnchored('2028-02-29', 12, 29)).toBe('2029-02-28');
    expect(addMonthsAnchored('2028-02-29', 48, 29)).toBe('2032-02-29');
    expect(addMonthsAnchored('2099-02-28', 12, 29)).toBe('2100-02-28');
  });

  it('anchors 30 and 29 clamp only in February', () => {
    expect(addMonthsAnchored('2026-01-30', 1, 30)).toBe('2026-02-28');
    expect(addMonthsAnchored('2026-02-28', 1, 30)).toBe('2026-03-30');
    expect(addMonthsAnchored('2026-01-29', 1, 29)).toBe('2026-02-28');
    expect(addMonthsAnchored('2026-02-28', 1, 29)).toBe('2026-03-29');
    expect(addMonthsAnchored('2026-03-30', 1, 30)).toBe('2026-04-30');
  });

  it('crosses years, also by a 36-month cycle', () => {
    expect(addMonthsAnchored('2026-12-15', 1, 15)).toBe('2027-01-15');
    expect(addMonthsAnchored('2026-11-30', 3, 30)).toBe('2027-02-28');
    expect(addMonthsAnchored('2025-02-28', 36, 28)).toBe('2028-02-28');
    expect(addMonthsAnchored('2025-05-31', 36, 31)).toBe('2028-05-31');
    expect(addMonthsAnchored('2026-02-28', 24, 29)).toBe('2028-02-29');
    expect(addMonthsAnchored('2026-01-31', 0, 31)).toBe('2026-01-31');
  });

  it('refuses a month count or anchor that cannot be one', () => {
    expect(refusal(() => addMonthsAnchored('2026-01-31', -1, 31)).issues[0]!.path).toEqual([
      'months',
    ]);
    expect(refusal(() => addMonthsAnchored('2026-01-31', 1.5, 31)).issues[0]!.path).toEqual([
      'months',
    ]);
    expect(addMonthsAnchored('2026-01-31', 1, 1)).toBe('2026-02-01');
    expect(refusal(() => addMonthsAnchored('2026-01-31', 1, 0)).issues[0]!.path).toEqual([
      'anchorDay',
    ]);
    expect(refusal(() => addMonthsAnchored('2026-01-31', 1, 32)).issues[0]!.path).toEqual([
      'anchorDay',
    ]);
    expect(refusal(() => addMonthsAnchored('2026-01-31', 1, 1.5)).issues[0]!.path).toEqual([
      'anchorDay',
    ]);
    expect(refusal(() => addMonthsAnchored('2026-02-30', 1, 30)).issues[0]!.path).toEqual(['date']);
  });

  const cycles = fc.constantFrom(1, 3, 6, 12, 24, 36);
  const start = fc
    .record({ year: fc.integer({ min: 1900, max: 2200 }), month: fc.integer({ min: 1, max: 12 }) })
    .chain(({ year, month }) =>
      fc.integer({ min: 1, max: daysInMonth(year, month) }).map((day) => ({ year, month, day })),
    );

  it('property: after n cycles the day is min(anchor, month length) and never drifts', () => {
    fc.assert(
      fc.property(start, cycles, fc.integer({ min: 1, max: 40 }), (first, months, n) => {
        const paidOn = formatYmd(first);
        const period = firstPeriod(paidOn, months);
        expect(period.anchorDay).toBe(first.day);
        let due = period.nextDueDate;
        for (let i = 1; i < n; i++) due = addMonthsAnchored(due, months, period.anchorDay);
        const index = first.year * 12 + first.month - 1 + n * months;
        const year = Math.floor(index / 12);
        const month = (index % 12) + 1;
        const expected = { year, month, day: Math.min(first.day, daysInMonth(year, month)) };
        expect(parseYmd(due)).toEqual(expected);
        // The same as one jump of n cycles from the first day: nothing accumulates.
        expect(due).toBe(addMonthsAnchored(paidOn, n * months, first.day));
      }),
      { numRuns: 300 },
    );
  });
});

describe('firstPeriod', () => {
  it('starts the day it was paid, anchored on that day', () => {
    expect(firstPeriod('2026-01-31', 1)).toEqual({
      periodStart: '2026-01-31',
      nextDueDate: '2026-02-28',
      anchorDay: 31,
    });
    expect(firstPeriod('2026-05-10', 12)).toEqual({
      periodStart: '2026-05-10',
      nextDueDate: '2027-05-10',
      anchorDay: 10,
    });
  });

  it('refuses a bad day or cycle', () => {
    expect(refusal(() => firstPeriod('2026-02-30', 1)).issues[0]!.path).toEqual(['paidOn']);
    expect(refusal(() => firstPeriod('2026-01-31', 0)).issues[0]!.path).toEqual(['months']);
    expect(refusal(() => firstPeriod('2026-01-31', 2.5)).issues[0]!.path).toEqual(['months']);
  });
});

describe('todayInIndia', () => {
  it('is UTC+05:30', () => {
    expect(todayInIndia('2026-01-31T18:29:59.999Z')).toBe('2026-01-31');
    expect(todayInIndia('2026-01-31T18:30:00.000Z')).toBe('2026-02-01');
    expect(todayInIndia('2026-03-01T00:00:00+05:30')).toBe('2026-03-01');
  });

  it('refuses what is not an instant', () => {
    expect(refusal(() => todayInIndia('yesterday')).issues[0]!.path).toEqual(['now']);
  });
});

describe('due-date refusals in words', () => {
  it('says what would be right', () => {
    expect(refusal(() => parseYmd(new String('2026-01-31') as unknown as string)).code).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(() => addMonthsAnchored('2026-01-31', -1, 31)).message).toBe(
      'Must be a whole number of months, zero or more (months).',
    );
    expect(refusal(() => addMonthsAnchored('2026-01-31', 1, 0)).message).toBe(
      'Must be a day of the month, 1 to 31 (anchorDay).',
    );
    expect(refusal(() => firstPeriod('2026-01-31', 0)).message).toBe(
      'A billing cycle is a whole number of months, at least 1 (months).',
    );
    expect(refusal(() => todayInIndia('yesterday')).message).toBe(
      '"yesterday" is not an instant (now).',
    );
  });
});
