import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { InvoicesQuery } from '$lib/billing/api';
import { invoiceFiltersFromUrl, pageSize, toInvoiceFilter } from '$lib/billing/filters';
import type { PageLoad } from './$types';

/** Filters live in the URL, so a filtered view can be bookmarked and the back button works. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:invoices');
  const { values, page } = invoiceFiltersFromUrl(url);
  return loadData(
    url,
    query(InvoicesQuery, {
      filter: toInvoiceFilter(values),
      first: pageSize,
      offset: (page - 1) * pageSize,
    }).then((r) => ({
      filters: values,
      page,
      invoices: r.invoices.items,
      total: r.invoices.total,
    })),
  );
};
