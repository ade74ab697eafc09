import type { InvoiceFilter, InvoiceStatus } from './api';

/** The invoice filters as they live in the URL (?status=&q=&from=&to=&page=). */
export interface InvoiceFilterValues {
  status: InvoiceStatus | '';
  search: string;
  /** 'YYYY-MM-DD' issue dates, inclusive; '' for open. */
  from: string;
  to: string;
}

export const pageSize = 25;

const statuses: readonly string[] = ['PROFORMA', 'PAID', 'TAX_INVOICE', 'CANCELLED'];
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters and the 1-based page from the URL, ignoring values that are not ours. */
export function invoiceFiltersFromUrl(url: URL): { values: InvoiceFilterValues; page: number } {
  const p = url.searchParams;
  const status = p.get('status') ?? '';
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const page = Number.parseInt(p.get('page') ?? '1', 10);
  return {
    values: {
      status: statuses.includes(status) ? (status as InvoiceStatus) : '',
      search: (p.get('q') ?? '').trim(),
      from: isoDate.test(from) ? from : '',
      to: isoDate.test(to) ? to : '',
    },
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The query string for these filters and page (empty values left out). */
export function invoiceFiltersToSearch(values: InvoiceFilterValues, page = 1): string {
  const p = new URLSearchParams();
  if (values.status) p.set('status', values.status);
  if (values.search) p.set('q', values.search);
  if (values.from) p.set('from', values.from);
  if (values.to) p.set('to', values.to);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The API's filter for these values. */
export function toInvoiceFilter(values: InvoiceFilterValues): InvoiceFilter {
  return {
    status: values.status || null,
    search: values.search || null,
    from: values.from || null,
    to: values.to || null,
  };
}
