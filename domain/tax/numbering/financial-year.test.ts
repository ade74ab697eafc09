import { describe, expect, it } from 'vitest';
import { TaxError } from '../tax-error.ts';
import {
  financialYear,
  financialYearBounds,
  financialYearLabel,
  financialYearStart,
  parseCalendarDate,
} from './financial-year.ts';

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

describe('financial year: the edges of the calendar and of the labels', () => {
  const thrown = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      return e as TaxError;
    }
    throw new Error('accepted');
  };
  it('knows the length of every month and which years are leap years', () => {
    for (const ok of [
      '2025-01-31',
      '2025-03-31',
      '2025-05-31',
      '2025-07-31',
      '2025-08-31',
      '2025-10-31',
      '2025-12-31',
      '2025-04-30',
      '2025-06-30',
      '2025-09-30',
      '2025-11-30',
      '2025-02-28',
      '2024-02-29',
      '2000-02-29',
      '1000-01-01',
      '9999-12-31',
    ])
      expect(() => parseCalendarDate(ok), ok).not.toThrow();
    for (const bad of [
      '2025-06-31',
      '2025-09-31',
      '2025-11-31',
      '2023-02-29',
      '2100-02-29',
      '2025-02-30',
      '2025-01-32',
      '2025-00-10',
      '2025-01-00',
      '0999-12-31',
    ])
      expect(
        thrown(() => parseCalendarDate(bad, 'documentDate')),
        bad,
      ).toMatchObject({
        code: 'INVALID_DATE',
        field: 'documentDate',
        message: `The documentDate "${bad}" is not a day of the calendar; give a real date YYYY-MM-DD.`,
      });
  });
  it('says how a date is written, naming the field, and shows at most 30 characters of what came', () => {
    expect(thrown(() => parseCalendarDate('2025-04-01T00:00:00.000Z+05:30:00'))).toMatchObject({
      code: 'INVALID_DATE',
      field: 'date',
      message:
        'The date must be a date written YYYY-MM-DD, e.g. "2025-04-01", got "2025-04-01T00:00:00.000Z+05:30".',
    });
    expect(thrown(() => parseCalendarDate(20250401 as never, 'issueDate'))).toMatchObject({
      field: 'issueDate',
      message:
        'The issueDate must be a date written YYYY-MM-DD, e.g. "2025-04-01", got "20250401".',
    });
    for (const bad of ['12025-04-01', 'x2025-04-01', new String('2025-04-01') as never])
      expect(thrown(() => parseCalendarDate(bad)).code, String(bad)).toBe('INVALID_DATE');
    expect(thrown(() => financialYearStart('2025-02-30', 'documentDate')).field).toBe(
      'documentDate',
    );
  });
  it('April starts the year, March ends it; the label pads the second year', () => {
    expect([financialYearStart('2025-04-01'), financialYearStart('2025-03-31')]).toEqual([
      2025, 2024,
    ]);
    expect([financialYearLabel(2008), financialYearLabel(2009), financialYearLabel(2099)]).toEqual([
      '2008-09',
      '2009-10',
      '2099-00',
    ]);
    expect(financialYearBounds('1000-01')).toEqual({ start: '1000-04-01', end: '1001-03-31' });
    expect(financialYearBounds('1999-00')).toEqual({ start: '1999-04-01', end: '2000-03-31' });
  });
  it('refuses a label that is not two following years, saying how one looks', () => {
    for (const bad of ['2025-2026', '25-26', '2025-26 ', '0999-00', '2025-25', 'NaN-NaN'])
      expect(
        thrown(() => financialYearBounds(bad)),
        bad,
      ).toMatchObject({
        code: 'INVALID_DATE',
        field: 'financialYear',
        message: `Financial year must look like "2025-26" (April 2025 to March 2026), got "${bad}".`,
      });
    expect(thrown(() => financialYearBounds('2025-26/2026-27/2027-28')).message).toMatch(
      /got "2025-26\/2026-27\/2027"\.$/,
    );
    expect(thrown(() => financialYearBounds(2025 as never)).message).toMatch(/got "2025"\.$/);
  });
});
