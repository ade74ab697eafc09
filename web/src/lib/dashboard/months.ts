/** The dashboards' months are 'YYYY-MM' in India's time (the API's, graphql/dashboard). */

const short = new Intl.DateTimeFormat('en-IN', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const long = new Intl.DateTimeFormat('en-IN', { month: 'long', year: 'numeric', timeZone: 'UTC' });

const dateOf = (month: string) => new Date(`${month}-01T00:00:00Z`);

/** "Apr 2027" (chart axes and tables). */
export const monthShort = (month: string): string => short.format(dateOf(month));

/** "April 2027" (headings). */
export const monthLong = (month: string): string => long.format(dateOf(month));

/**
 * The month's first and last day ('YYYY-MM-DD'), for the invoice list's date filter
 * (?from=&to=, inclusive).
 */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
