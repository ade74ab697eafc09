import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/** What staff may do with invoices and credit notes (both admins hold every one). */
export const invoicePermissions = declarePermissions({
  'billing.read': {
    description: 'See every invoice, payment and credit note, and download their PDFs',
    heldBy: ['support', 'billing'],
  },
  'billing.manage': {
    description:
      'Pay invoices from a customer’s wallet, record bank payments, issue credit notes, cancel proformas (moves money)',
    heldBy: ['billing'],
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof invoicePermissions> {}
}
