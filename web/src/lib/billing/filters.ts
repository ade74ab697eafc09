import {
  LIST_PAGE_SIZE,
  listFiltersFromUrl,
  listFiltersToSearch,
  type ListFilterValues,
} from '$lib/format/list-filters';
import type { InvoiceFilter, InvoiceStatus } from './api';

/** The invoice filters as they live in the URL; from/to are issue dates, inclusive. */
export type InvoiceFilterValues = ListFilterValues<InvoiceStatus>;

export const pageSize = LIST_PAGE_SIZE;

const statuses: readonly InvoiceStatus[] = ['PROFORMA', 'PAID', 'TAX_INVOICE', 'CANCELLED'];

export const invoiceFiltersFromUrl = (url: URL) => listFiltersFromUrl(url, statuses);
export const invoiceFiltersToSearch = listFiltersToSearch<InvoiceStatus>;

/** The API's filter for these values (its dates are 'YYYY-MM-DD' too). */
export function toInvoiceFilter(values: InvoiceFilterValues): InvoiceFilter {
  return {
    status: values.status || null,
    search: values.search || null,
    from: values.from || null,
    to: values.to || null,
  };
}
