import { formatYmd, parseYmd } from '../services/due-dates.ts';

/**
 * Whole-day arithmetic on Indian calendar days 'YYYY-MM-DD' (no clock: Date.UTC only maps a
 * calendar day to a day number).
 */
const MS_PER_DAY = 86_400_000;

export function dayNumber(ymd: string, field = 'date'): number {
  const { year, month, day } = parseYmd(ymd, field);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** `ymd` plus `days` (negative goes back). */
export function addDays(ymd: string, days: number): string {
  const d = new Date((dayNumber(ymd) + days) * MS_PER_DAY);
  return formatYmd({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
