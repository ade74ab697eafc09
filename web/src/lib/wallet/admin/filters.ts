import type { TopUpFilter, TopUpMethod, TopUpStatus } from '../api';

/** The admin's top-up filters as they live in the URL (?status=&method=&q=&page=). */
export interface TopUpFilterValues {
  status: TopUpStatus | '';
  method: TopUpMethod | '';
  search: string;
}

export const pageSize = 25;

const statuses: readonly string[] = ['PENDING', 'APPROVED', 'REJECTED'];
const methods: readonly string[] = ['BANK_TRANSFER', 'CRYPTO'];

/** Reads filters and the 1-based page from the URL, ignoring values that are not ours. */
export function filtersFromUrl(url: URL): { values: TopUpFilterValues; page: number } {
  const p = url.searchParams;
  const status = p.get('status') ?? '';
  const method = p.get('method') ?? '';
  const page = Number.parseInt(p.get('page') ?? '1', 10);
  return {
    values: {
      status: statuses.includes(status) ? (status as TopUpStatus) : '',
      method: methods.includes(method) ? (method as TopUpMethod) : '',
      search: (p.get('q') ?? '').trim(),
    },
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The query string for these filters and page (empty values left out). */
export function filtersToSearch(values: TopUpFilterValues, page = 1): string {
  const p = new URLSearchParams();
  if (values.status) p.set('status', values.status);
  if (values.method) p.set('method', values.method);
  if (values.search) p.set('q', values.search);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The API's filter input for these values. */
export function toApiFilter(values: TopUpFilterValues): TopUpFilter {
  return {
    status: values.status || null,
    method: values.method || null,
    search: values.search || null,
  };
}
