import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { CreditNotesQuery, InvoicesQuery, type InvoiceStatus } from '$lib/billing/api';
import { billingRenewals } from '$lib/automation/api';
import type { PageLoad } from './$types';

const statuses: readonly string[] = ['PROFORMA', 'PAID', 'TAX_INVOICE', 'CANCELLED'];

/** The status filter lives in the URL (?status=), so it survives a reload and the back button. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:invoices');
  const raw = url.searchParams.get('status') ?? '';
  const status = statuses.includes(raw) ? (raw as InvoiceStatus) : null;
  return loadData(
    url,
    Promise.all([
      query(InvoicesQuery, { filter: { status }, first: 100 }),
      query(InvoicesQuery, { filter: { status: 'PROFORMA' }, first: 1 }),
      query(CreditNotesQuery, { first: 50 }),
      billingRenewals(),
    ]).then(([list, unpaid, notes, renewals]) => ({
      status,
      invoices: list.invoices.items,
      total: list.invoices.total,
      unpaidCount: unpaid.invoices.total,
      creditNotes: notes.creditNotes.items,
      renewals,
    })),
  );
};
