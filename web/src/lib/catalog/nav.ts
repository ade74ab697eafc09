import type { AreaNav } from '$lib/nav';
import Boxes from '@lucide/svelte/icons/boxes';
import Building2 from '@lucide/svelte/icons/building-2';
import PackagePlus from '@lucide/svelte/icons/package-plus';
import MonitorCog from '@lucide/svelte/icons/monitor-cog';

/** The catalog's admin pages, for staff who manage it (catalog.manage). */
export const nav: AreaNav = {
  ADMIN: [
    { order: 16, href: '/admin/plans', label: 'Plans', icon: Boxes, needs: 'catalog.manage' },
    {
      order: 17,
      href: '/admin/datacenters',
      label: 'Data centres',
      icon: Building2,
      needs: 'catalog.manage',
    },
    {
      order: 18,
      href: '/admin/addons',
      label: 'Add-ons',
      icon: PackagePlus,
      needs: 'catalog.manage',
    },
    {
      order: 19,
      href: '/admin/operating-systems',
      label: 'Operating systems',
      icon: MonitorCog,
      needs: 'catalog.manage',
    },
  ],
};
