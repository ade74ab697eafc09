import { describe, expect, it } from 'vitest';
import { financialYear, financialYearBounds, parseCalendarDate } from './financial-year.ts';

describe('financial year (April to March)', () => {
  it.each([
    ['2025-04-01', '2025-26'],
    ['2026-03-31', '2025-26'],
    ['2025-03-31', '2024-25'],
    ['2024-02-29', '2023-24'],
    ['2000-01-15', '1999-00'],
    ['2099-04-01', '2099-00'],
    ['2017-07-01', '2017-18'],
  ])('given %s, then %s', (date, fy) => expect(financialYear(date)).toBe(fy));

  it('gives the first and last day of a financial year', () => {
    expect(financialYearBounds('2025-26')).toEqual({ start: '2025-04-01', end: '2026-03-31' });
    expect(() => financialYearBounds('2025-27')).toThrowError(/must look like "2025-26"/);
  });

  it('refuses what is not a day of the calendar', () => {
    for (const bad of [
      '2025-02-29',
      '2025-13-01',
      '2025-04-31',
      '2025-4-1',
      '25-04-01',
      '2025-04-01T00:00:00Z',
      '',
    ]) {
      expect(() => parseCalendarDate(bad), bad).toThrowError(/YYYY-MM-DD/);
    }
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCalendarDate('2000-02-29').day).toBe(29);
    expect(() => parseCalendarDate('1900-02-29')).toThrowError(/not a day/);
  });
});
