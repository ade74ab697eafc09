import { fieldError } from '../catalog/field-error.ts';

/**
 * Due dates of a service (BILLING.md): calendar dates 'YYYY-MM-DD' in India. A service's due
 * dates follow its `anchorDay`, the day of month it was first paid, clamped at month end and
 * never drifting: from 31 Jan, +1 month is 28 Feb (29 in a leap year) and +2 is 31 Mar, not
 * 28 Mar (each date is counted from the anchor, not from the clamped date before it).
 */

const IST_OFFSET_MS = 330 * 60_000;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Reads 'YYYY-MM-DD' (a real day of the calendar, years 1000 to 9999).
 * @throws DomainError BAD_USER_INPUT naming `field`
 */
export function parseYmd(input: string, field = 'date'): CalendarDay {
  const m = typeof input === 'string' ? YMD.exec(input) : null;
  if (!m) throw fieldError(field, `Must be a date written YYYY-MM-DD, e.g. "2026-01-31".`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    throw fieldError(field, `"${input}" is not a day of the calendar.`);
  return { year, month, day };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function formatYmd({ year, month, day }: CalendarDay): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * `months` months after `ymd`, on the anchor day of that month or its last day if the month is
 * shorter. `addMonthsAnchored('2026-01-31', 1, 31)` is '2026-02-28'; with 2 it is '2026-03-31'.
 */
export function addMonthsAnchored(ymd: string, months: number, anchorDay: number): string {
  const { year, month } = parseYmd(ymd);
  if (!Number.isSafeInteger(months) || months < 0)
    throw fieldError('months', 'Must be a whole number of months, zero or more.');
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31)
    throw fieldError('anchorDay', 'Must be a day of the month, 1 to 31.');
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatYmd({ year: y, month: m, day: Math.min(anchorDay, daysInMonth(y, m)) });
}

/** The first paid period of a service paid on `paidOn`: it starts that day, its day is the anchor. */
export function firstPeriod(
  paidOn: string,
  months: number,
): { periodStart: string; nextDueDate: string; anchorDay: number } {
  const { day } = parseYmd(paidOn, 'paidOn');
  if (!Number.isSafeInteger(months) || months < 1)
    throw fieldError('months', 'A billing cycle is a whole number of months, at least 1.');
  return {
    periodStart: paidOn,
    nextDueDate: addMonthsAnchored(paidOn, months, day),
    anchorDay: day,
  };
}

/** The calendar day in India (UTC+05:30) at an ISO instant. */
export function todayInIndia(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw fieldError('now', `"${instant}" is not an instant.`);
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}
