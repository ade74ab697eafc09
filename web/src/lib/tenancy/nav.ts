import type { AreaNav } from '$lib/nav';
import Settings from '@lucide/svelte/icons/settings';
import Building2 from '@lucide/svelte/icons/building-2';

/** The tenant's settings and, for the operator, its tenants. */
export const nav: AreaNav = {
  ADMIN: [
    {
      order: 50,
      href: '/admin/settings',
      label: 'Settings',
      icon: Settings,
      needs: 'settings.manage',
    },
    {
      order: 60,
      href: '/admin/tenants',
      label: 'Tenants',
      icon: Building2,
      needs: 'tenants.manage',
    },
  ],
};
