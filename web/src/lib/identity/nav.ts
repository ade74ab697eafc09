import type { AreaNav } from '$lib/nav';
import LayoutDashboard from '@lucide/svelte/icons/layout-dashboard';
import UserRound from '@lucide/svelte/icons/user-round';
import KeyRound from '@lucide/svelte/icons/key-round';

/** Dashboards and one's own profile and sign-in security: every signed-in person, whatever their grants. */
export const nav: AreaNav = {
  CUSTOMER: [
    { order: 10, href: '/', label: 'Dashboard', icon: LayoutDashboard, match: 'exact' },
    { order: 90, href: '/account/profile', label: 'Profile', icon: UserRound },
    { order: 100, href: '/account/security', label: 'Security', icon: KeyRound },
  ],
  ADMIN: [
    { order: 10, href: '/admin', label: 'Dashboard', icon: LayoutDashboard, match: 'exact' },
    { order: 90, href: '/account/profile', label: 'Profile', icon: UserRound },
    { order: 100, href: '/account/security', label: 'Security', icon: KeyRound },
  ],
};
