import type { AreaNav } from '$lib/nav';
import ReceiptText from '@lucide/svelte/icons/receipt-text';

/** Invoices and credit notes: a customer's own; all of the tenant's for staff. */
export const nav: AreaNav = {
  CUSTOMER: [
    { order: 16, href: '/billing', label: 'Billing', icon: ReceiptText, needs: 'account.view' },
  ],
  ADMIN: [
    {
      order: 14,
      href: '/admin/billing',
      label: 'Billing',
      icon: ReceiptText,
      needs: 'billing.read',
    },
  ],
};
