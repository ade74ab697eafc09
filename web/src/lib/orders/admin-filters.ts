import type { OrderFilter, OrderStatus } from './api';

/** The admin's order filters as they live in the URL (?status=&q=&from=&to=&page=). */
export interface OrderFilterValues {
  status: OrderStatus | '';
  search: string;
  /** 'YYYY-MM-DD', the viewer's local days; '' for open. */
  from: string;
  to: string;
}

export const orderPageSize = 25;
const statuses: readonly string[] = ['PENDING', 'PAID', 'FULFILLED', 'CANCELLED'];
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function orderFiltersFromUrl(url: URL): { values: OrderFilterValues; page: number } {
  const p = url.searchParams;
  const status = p.get('status') ?? '';
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const page = Number.parseInt(p.get('page') ?? '1', 10);
  return {
    values: {
      status: statuses.includes(status) ? (status as OrderStatus) : '',
      search: (p.get('q') ?? '').trim(),
      from: isoDate.test(from) ? from : '',
      to: isoDate.test(to) ? to : '',
    },
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function orderFiltersToSearch(values: OrderFilterValues, page = 1): string {
  const p = new URLSearchParams();
  if (values.status) p.set('status', values.status);
  if (values.search) p.set('q', values.search);
  if (values.from) p.set('from', values.from);
  if (values.to) p.set('to', values.to);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Local calendar days to instants: from the start of `from` to the end of `to`. */
export function toOrderFilter(values: OrderFilterValues): OrderFilter {
  const start = values.from ? new Date(`${values.from}T00:00:00`) : null;
  const end = values.to ? new Date(`${values.to}T23:59:59.999`) : null;
  return {
    status: values.status || null,
    search: values.search || null,
    placedFrom: start && !Number.isNaN(start.getTime()) ? start.toISOString() : null,
    placedTo: end && !Number.isNaN(end.getTime()) ? end.toISOString() : null,
  };
}
