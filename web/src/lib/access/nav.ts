import type { AreaNav } from '$lib/nav';
import UsersRound from '@lucide/svelte/icons/users-round';
import History from '@lucide/svelte/icons/history';
import Users from '@lucide/svelte/icons/users';
import ShieldCheck from '@lucide/svelte/icons/shield-check';

/** A customer's team and activity; staff users and roles. */
export const nav: AreaNav = {
  CUSTOMER: [
    {
      order: 40,
      href: '/account/team',
      label: 'Team',
      icon: UsersRound,
      feature: 'team-accounts',
      needs: 'account.team',
    },
    {
      order: 50,
      href: '/account/activity',
      label: 'Activity',
      icon: History,
      needs: 'account.view',
    },
  ],
  ADMIN: [
    { order: 30, href: '/admin/users', label: 'Users', icon: Users, needs: 'users.manage' },
    {
      order: 40,
      href: '/admin/roles',
      label: 'Roles',
      icon: ShieldCheck,
      needs: 'settings.manage',
    },
  ],
};
