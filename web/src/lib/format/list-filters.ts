/**
 * The admin lists' filters as they live in the URL (?status=&q=&from=&to=&page=): a status of
 * the list's own, a search, a 'YYYY-MM-DD' range and a 1-based page. Values that are not the
 * list's are ignored, so a hand-edited URL shows the unfiltered list rather than an error.
 */
export interface ListFilterValues<S extends string> {
  status: S | '';
  search: string;
  /** 'YYYY-MM-DD' inclusive; '' for open. */
  from: string;
  to: string;
}

export const LIST_PAGE_SIZE = 25;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function listFiltersFromUrl<S extends string>(
  url: URL,
  statuses: readonly S[],
): { values: ListFilterValues<S>; page: number } {
  const p = url.searchParams;
  const status = p.get('status') ?? '';
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const page = Number.parseInt(p.get('page') ?? '1', 10);
  return {
    values: {
      status: (statuses as readonly string[]).includes(status) ? (status as S) : '',
      search: (p.get('q') ?? '').trim(),
      from: isoDate.test(from) ? from : '',
      to: isoDate.test(to) ? to : '',
    },
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The query string for these filters and page (empty values left out). */
export function listFiltersToSearch<S extends string>(
  values: ListFilterValues<S>,
  page = 1,
): string {
  const p = new URLSearchParams();
  if (values.status) p.set('status', values.status);
  if (values.search) p.set('q', values.search);
  if (values.from) p.set('from', values.from);
  if (values.to) p.set('to', values.to);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}
