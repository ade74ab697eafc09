import {
  LIST_PAGE_SIZE,
  listFiltersFromUrl,
  listFiltersToSearch,
  type ListFilterValues,
} from '$lib/format/list-filters';
import type { OrderFilter, OrderStatus } from './api';

/** The admin's order filters as they live in the URL; from/to are the viewer's local days. */
export type OrderFilterValues = ListFilterValues<OrderStatus>;

export const orderPageSize = LIST_PAGE_SIZE;

const statuses: readonly OrderStatus[] = ['PENDING', 'PAID', 'FULFILLED', 'CANCELLED'];

export const orderFiltersFromUrl = (url: URL) => listFiltersFromUrl(url, statuses);
export const orderFiltersToSearch = listFiltersToSearch<OrderStatus>;

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
