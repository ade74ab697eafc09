import {
  LIST_PAGE_SIZE,
  listFiltersFromUrl,
  listFiltersToSearch,
  type ListFilterValues,
} from '../format/list-filters';
import type { ServiceFilter, ServiceStatus } from './api';

const serviceStatuses: readonly ServiceStatus[] = [
  'PENDING',
  'PROVISIONING',
  'PROVISIONING_FAILED',
  'ACTIVE',
  'SUSPENDED',
  'TERMINATED',
  'CANCELLED',
];

/**
 * The admin's server filters as they live in the URL: the lists' status, search and page
 * (list-filters.ts), plus ?attention=1 for the services that need staff.
 */
export type ServerFilterValues = ListFilterValues<ServiceStatus> & { needsAttention: boolean };

export const serverPageSize = LIST_PAGE_SIZE;

export function serverFiltersFromUrl(url: URL): { values: ServerFilterValues; page: number } {
  const { values, page } = listFiltersFromUrl(url, serviceStatuses);
  return {
    values: {
      ...values,
      from: '',
      to: '',
      needsAttention: url.searchParams.get('attention') === '1',
    },
    page,
  };
}

export function serverFiltersToSearch(values: ServerFilterValues, page = 1): string {
  const base = listFiltersToSearch({ ...values, from: '', to: '' }, page);
  if (!values.needsAttention) return base;
  return base ? `${base}&attention=1` : '?attention=1';
}

export function toServiceFilter(values: ServerFilterValues): ServiceFilter {
  return {
    status: values.status || null,
    search: values.search || null,
    needsAttention: values.needsAttention || null,
  };
}
