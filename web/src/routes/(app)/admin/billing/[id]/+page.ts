import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { InvoiceQuery } from '$lib/billing/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, params, depends }) => {
  depends('app:invoices');
  return loadData(
    url,
    query(InvoiceQuery, { id: params.id }).then((r) => ({ invoice: r.invoice })),
  );
};
