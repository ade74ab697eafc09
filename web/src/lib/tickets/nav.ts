import type { AreaNav } from '$lib/nav';
import LifeBuoy from '@lucide/svelte/icons/life-buoy';
import MessagesSquare from '@lucide/svelte/icons/messages-square';

/** The ticket desk: a customer's Support Tickets, the staff's Tickets (when the tenant runs one). */
export const nav: AreaNav = {
  CUSTOMER: [
    {
      order: 60,
      href: '/tickets',
      label: 'Support Tickets',
      icon: LifeBuoy,
      feature: 'tickets',
      needs: 'account.view',
    },
  ],
  ADMIN: [
    {
      order: 21,
      href: '/admin/tickets',
      label: 'Tickets',
      icon: MessagesSquare,
      feature: 'tickets',
      needs: 'tickets.read',
    },
  ],
};
