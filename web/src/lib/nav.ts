import type { Component } from 'svelte';
import type { IconProps } from '@lucide/svelte';
import HandCoins from '@lucide/svelte/icons/hand-coins';
import LayoutDashboard from '@lucide/svelte/icons/layout-dashboard';
import Mail from '@lucide/svelte/icons/mail';
import Plus from '@lucide/svelte/icons/plus';
import Wallet from '@lucide/svelte/icons/wallet';
import type { Role } from '$lib/identity/api';

/** One sidebar link. */
export interface NavItem {
  href: string;
  label: string;
  icon: Component<IconProps>;
  /** Shown only when the brand has this feature enabled (`brand.features`). */
  feature?: string;
  /** `exact`: active only on `href` itself (dashboards); default: also on pages below it. */
  match?: 'exact' | 'prefix';
}

/** The sidebar per role. Add a page here when it exists; links never point at missing pages. */
export const navByRole: Record<Role, NavItem[]> = {
  CUSTOMER: [
    { href: '/', label: 'Dashboard', icon: LayoutDashboard, match: 'exact' },
    { href: '/wallet', label: 'Wallet', icon: Wallet, feature: 'wallet', match: 'exact' },
    { href: '/wallet/add-funds', label: 'Add funds', icon: Plus, feature: 'wallet' },
  ],
  ADMIN: [
    { href: '/admin', label: 'Dashboard', icon: LayoutDashboard, match: 'exact' },
    { href: '/admin/top-ups', label: 'Top-up requests', icon: HandCoins, feature: 'wallet' },
    { href: '/admin/outbox', label: 'Outbox', icon: Mail },
  ],
};

/** The links this role sees with these features enabled. */
export function navFor(role: Role, features: readonly string[]): NavItem[] {
  return navByRole[role].filter((item) => !item.feature || features.includes(item.feature));
}

/** Whether `item` is the current page (or a parent of it, for prefix items). */
export function isActive(item: NavItem, pathname: string): boolean {
  if (item.match === 'exact') return pathname === item.href;
  return pathname === item.href || pathname.startsWith(item.href + '/');
}
