import type { AreaNav } from '$lib/nav';
import Mail from '@lucide/svelte/icons/mail';

/** The outbox, for staff who manage users. */
export const nav: AreaNav = {
  ADMIN: [{ order: 70, href: '/admin/outbox', label: 'Outbox', icon: Mail, needs: 'users.manage' }],
};
