import type { Component } from 'svelte';
import type { IconProps } from '@lucide/svelte';
import HandCoins from '@lucide/svelte/icons/hand-coins';
import LayoutDashboard from '@lucide/svelte/icons/layout-dashboard';
import Mail from '@lucide/svelte/icons/mail';
import Plus from '@lucide/svelte/icons/plus';
import Wallet from '@lucide/svelte/icons/wallet';
import Building2 from '@lucide/svelte/icons/building-2';
import KeyRound from '@lucide/svelte/icons/key-round';
import UserRound from '@lucide/svelte/icons/user-round';
import History from '@lucide/svelte/icons/history';
import Settings from '@lucide/svelte/icons/settings';
import ShieldCheck from '@lucide/svelte/icons/shield-check';
import Users from '@lucide/svelte/icons/users';
import UsersRound from '@lucide/svelte/icons/users-round';
import type { Role, Viewer } from '$lib/identity/api';

/** One sidebar link. */
export interface NavItem {
  href: string;
  label: string;
  icon: Component<IconProps>;
  /** Shown only when the brand has this feature enabled (`brand.features`). */
  feature?: string;
  /** `exact`: active only on `href` itself (dashboards); default: also on pages below it. */
  match?: 'exact' | 'prefix';
  /**
   * Shown only to those holding this grant: a staff permission (`users.manage`) for admins, an
   * account permission (`account.team`) for customers. The API checks it on every call too.
   */
  needs?: string;
}

/** The sidebar per role. Add a page here when it exists; links never point at missing pages. */
export const navByRole: Record<Role, NavItem[]> = {
  CUSTOMER: [
    { href: '/', label: 'Dashboard', icon: LayoutDashboard, match: 'exact' },
    { href: '/wallet', label: 'Wallet', icon: Wallet, feature: 'wallet', match: 'exact', needs: 'account.view' },
    { href: '/wallet/add-funds', label: 'Add funds', icon: Plus, feature: 'wallet', needs: 'account.billing' },
    { href: '/account/team', label: 'Team', icon: UsersRound, feature: 'team-accounts', needs: 'account.team' },
    { href: '/account/activity', label: 'Activity', icon: History, needs: 'account.view' },
    // One's own profile and sign-in security: every signed-in person, whatever their grants.
    { href: '/account/profile', label: 'Profile', icon: UserRound },
    { href: '/account/security', label: 'Security', icon: KeyRound },
  ],
  ADMIN: [
    { href: '/admin', label: 'Dashboard', icon: LayoutDashboard, match: 'exact' },
    { href: '/admin/top-ups', label: 'Top-up requests', icon: HandCoins, feature: 'wallet', needs: 'wallet.view' },
    { href: '/admin/users', label: 'Users', icon: Users, needs: 'users.manage' },
    { href: '/admin/roles', label: 'Roles', icon: ShieldCheck, needs: 'settings.manage' },
    { href: '/admin/settings', label: 'Settings', icon: Settings, needs: 'settings.manage' },
    { href: '/admin/tenants', label: 'Tenants', icon: Building2, needs: 'tenants.manage' },
    { href: '/admin/outbox', label: 'Outbox', icon: Mail, needs: 'users.manage' },
    { href: '/account/profile', label: 'Profile', icon: UserRound },
    { href: '/account/security', label: 'Security', icon: KeyRound },
  ],
};

/** The links this role sees with these features enabled and these grants (permissions). */
export function navFor(role: Role, features: readonly string[], grants: readonly string[] = []): NavItem[] {
  return navByRole[role].filter((item) => (!item.feature || features.includes(item.feature)) && (!item.needs || grants.includes(item.needs)));
}

/** What a viewer holds: staff permissions for admins, rights on the account for customers. */
export function grantsOf(me: Pick<Viewer, 'role' | 'permissions' | 'accountPermissions'>): string[] {
  return (me.role === 'ADMIN' ? me.permissions : me.accountPermissions) ?? [];
}

/** Whether `item` is the current page (or a parent of it, for prefix items). */
export function isActive(item: NavItem, pathname: string): boolean {
  if (item.match === 'exact') return pathname === item.href;
  return pathname === item.href || pathname.startsWith(item.href + '/');
}
