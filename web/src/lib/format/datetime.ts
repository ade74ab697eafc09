/** Dates from the API are ISO strings; shown in the viewer's time zone, Indian English style. */

const dateTime = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat('en-IN', { timeStyle: 'short' });

/** "15 Jan 2026, 10:30 am"; an unreadable value is shown as is. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "15 Jan 2026". */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

/** "10:30 am", for a date shown apart (a narrow column: the date on one line, the time below). */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : timeOnly.format(d);
}

/** The value a `datetime-local` input wants for an instant, in local time ("2026-01-15T10:30"). */
export function toDateTimeLocal(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) as an ISO instant, or null when it is not a date. */
export function fromDateTimeLocal(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * What a date or `datetime-local` input holds ("2026-12-02", "2026-12-02T10:30"), in the words
 * the rest of the portal uses ("2 Dec 2026", "2 Dec 2026, 10:30 am"): a native date picker
 * shows the browser's own format, so a field echoes its value in this one. Empty when it is
 * not a date.
 */
export function formatInputDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return '';
  const [y, mo, d, h, mi] = m.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(y, mo - 1, d, h, mi);
  if (date.getMonth() !== mo - 1 || date.getDate() !== d) return '';
  return m[4] === undefined ? dateOnly.format(date) : dateTime.format(date);
}
