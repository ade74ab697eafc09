import type { Component } from 'svelte';
import type { IconProps } from '@lucide/svelte';
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

/** An area's sidebar links per role, each with its place in the sidebar (lower first). */
export type AreaNav = Partial<Record<Role, (NavItem & { order: number })[]>>;

/**
 * Every area's links (web/src/lib/<area>/nav.ts), collected at build time: a new area adds its
 * own nav.ts and appears here. Add a link when its page exists; links never point at missing pages.
 */
const areaNavs = Object.values(
  import.meta.glob<AreaNav>('./*/nav.ts', { eager: true, import: 'nav' }),
);

function collect(role: Role): NavItem[] {
  const items = areaNavs.flatMap((n) => n[role] ?? []);
  items.sort((a, b) => a.order - b.order);
  for (let i = 1; i < items.length; i++) {
    if (items[i]!.order === items[i - 1]!.order)
      throw new Error(
        `sidebar: ${items[i - 1]!.href} and ${items[i]!.href} share order ${items[i]!.order}`,
      );
  }
  return items.map(({ order: _order, ...item }) => item);
}

/** The sidebar per role. */
export const navByRole: Record<Role, NavItem[]> = {
  CUSTOMER: collect('CUSTOMER'),
  ADMIN: collect('ADMIN'),
};

/** The links this role sees with these features enabled and these grants (permissions). */
export function navFor(
  role: Role,
  features: readonly string[],
  grants: readonly string[] = [],
): NavItem[] {
  return navByRole[role].filter(
    (item) =>
      (!item.feature || features.includes(item.feature)) &&
      (!item.needs || grants.includes(item.needs)),
  );
}

/** What a viewer holds: staff permissions for admins, rights on the account for customers. */
export function grantsOf(
  me: Pick<Viewer, 'role' | 'permissions' | 'accountPermissions'>,
): string[] {
  return (me.role === 'ADMIN' ? me.permissions : me.accountPermissions) ?? [];
}

/** Whether `item` is the current page (or a parent of it, for prefix items). */
export function isActive(item: NavItem, pathname: string): boolean {
  if (item.match === 'exact') return pathname === item.href;
  return pathname === item.href || pathname.startsWith(item.href + '/');
}
