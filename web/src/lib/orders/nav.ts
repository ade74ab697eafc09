import type { AreaNav } from '$lib/nav';
import Package from '@lucide/svelte/icons/package';
import ServerIcon from '@lucide/svelte/icons/server';
import ShoppingCart from '@lucide/svelte/icons/shopping-cart';

/** Ordering servers and one's orders for customers; the tenant's orders for staff. */
export const nav: AreaNav = {
  CUSTOMER: [
    {
      order: 12,
      href: '/order',
      label: 'Order server',
      icon: ShoppingCart,
      needs: 'account.billing',
    },
    { order: 14, href: '/orders', label: 'My orders', icon: Package, needs: 'account.view' },
  ],
  ADMIN: [
    { order: 12, href: '/admin/orders', label: 'Orders', icon: ServerIcon, needs: 'orders.manage' },
  ],
};
