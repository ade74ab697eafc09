import { TaxError } from '../tax-error.ts';

/** A calendar date as the engine receives it: 'YYYY-MM-DD' (the clock lives outside the domain). */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses 'YYYY-MM-DD' and checks it is a real day (no 2025-02-29).
 * @throws TaxError INVALID_DATE
 */
export function parseCalendarDate(input: string, field = 'date'): CalendarDate {
  const m = typeof input === 'string' ? DATE.exec(input) : null;
  if (!m)
    throw new TaxError(
      'INVALID_DATE',
      `The ${field} must be a date written YYYY-MM-DD, e.g. "2025-04-01", got "${String(input).slice(0, 30)}".`,
      field,
    );
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new TaxError(
      'INVALID_DATE',
      `The ${field} "${input}" is not a day of the calendar; give a real date YYYY-MM-DD.`,
      field,
    );
  }
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The calendar year in which the financial year of a date starts (April to March). */
export function financialYearStart(date: string, field = 'date'): number {
  const d = parseCalendarDate(date, field);
  return d.month >= 4 ? d.year : d.year - 1;
}

/** The label of a financial year from its first calendar year: 2025 → "2025-26". */
export function financialYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/**
 * The financial year of a date, April to March: "2025-04-01" and "2026-03-31" → "2025-26".
 * @throws TaxError INVALID_DATE
 */
export function financialYear(date: string): string {
  return financialYearLabel(financialYearStart(date));
}

/**
 * First and last day of a financial year given as "2025-26".
 * @throws TaxError INVALID_DATE when the label is not of that form or its years do not follow
 */
export function financialYearBounds(label: string): { start: string; end: string } {
  const m = typeof label === 'string' ? /^(\d{4})-(\d{2})$/.exec(label) : null;
  const start = m ? Number(m[1]) : NaN;
  if (!m || start < 1000 || financialYearLabel(start) !== label) {
    throw new TaxError(
      'INVALID_DATE',
      `Financial year must look like "2025-26" (April 2025 to March 2026), got "${String(label).slice(0, 20)}".`,
      'financialYear',
    );
  }
  return { start: `${start}-04-01`, end: `${start + 1}-03-31` };
}
