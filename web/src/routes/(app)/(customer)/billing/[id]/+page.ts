import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { InvoiceQuery } from '$lib/billing/api';
import { invoiceRenewal } from '$lib/automation/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, params, depends }) => {
  depends('app:invoices');
  return loadData(
    url,
    Promise.all([query(InvoiceQuery, { id: params.id }), invoiceRenewal(params.id)]).then(
      ([r, renewal]) => ({ invoice: r.invoice, renewal }),
    ),
  );
};
