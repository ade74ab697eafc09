import { DomainError } from '../../domain/shared/decider.ts';
import type { Viewer } from '../context.ts';
import { accountOf } from '../../commands/shared/authorize.ts';

/** A customer whose role on the account they act for includes its billing. */
const billsAccount = (viewer: Viewer) =>
  viewer.role === 'customer' && (viewer.accountPermissions ?? []).includes('account.billing');

/**
 * Who may read invoices and credit notes at all: customers with the account's billing
 * permission (the holder, or a team member whose role gives it) and staff holding billing.read.
 */
export function mayReadInvoices(viewer: Viewer): boolean {
  return billsAccount(viewer) || viewer.permissions.includes('billing.read');
}

export function requireInvoiceReader(viewer: Viewer): Viewer {
  if (!mayReadInvoices(viewer))
    throw new DomainError(
      'FORBIDDEN',
      viewer.role === 'customer'
        ? 'Your role on this account does not allow this (account.billing).'
        : 'This needs the billing.read permission.',
    );
  return viewer;
}

/**
 * Whether the viewer may see the invoices (and credit notes, and their PDFs) of `customerId`:
 * staff with billing.read see their tenant's (row-level security keeps other tenants out); a
 * customer only the account's they act for. The one rule for the resolvers and the PDF routes:
 * whoever fails it is told "not found", so ids reveal nothing.
 */
export function seesInvoicesOf(viewer: Viewer, customerId: string): boolean {
  if (!mayReadInvoices(viewer)) return false;
  return viewer.role === 'admin' || customerId === accountOf(viewer);
}
