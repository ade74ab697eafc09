import type { AreaNav } from '$lib/nav';
import HardDrive from '@lucide/svelte/icons/hard-drive';

/** The customer's services; the tenant's servers for staff. */
export const nav: AreaNav = {
  CUSTOMER: [
    { order: 11, href: '/services', label: 'Services', icon: HardDrive, needs: 'account.view' },
  ],
  ADMIN: [
    {
      order: 13,
      href: '/admin/servers',
      label: 'Servers',
      icon: HardDrive,
      needs: 'services.read',
    },
  ],
};
