/**
 * What staff may do. System roles are fixed bundles; tenants define custom roles from the same
 * permissions. Customers act only on their own account and are not given permissions.
 */
export const PERMISSIONS = [
  'wallet.view',
  'wallet.approve',
  'orders.manage',
  'invoices.issue',
  'tickets.manage',
  'users.manage',
  'users.impersonate',
  'settings.manage',
  'audit.read',
  'tenants.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const SYSTEM_STAFF_ROLES = {
  /** The operator's owners: everything, across tenants. */
  super_admin: [...PERMISSIONS],
  /** A tenant's (or reseller's) owner: everything within the tenant. */
  tenant_admin: PERMISSIONS.filter((p) => p !== 'tenants.manage'),
  support: ['wallet.view', 'tickets.manage', 'users.manage', 'orders.manage'],
  billing: ['wallet.view', 'wallet.approve', 'invoices.issue', 'audit.read'],
} as const satisfies Record<string, readonly Permission[]>;

export type SystemStaffRole = keyof typeof SYSTEM_STAFF_ROLES;

export const isPermission = (p: string): p is Permission => (PERMISSIONS as readonly string[]).includes(p);

/** The permissions of a system staff role; [] for anything else (custom roles are resolved by the tenant). */
export function permissionsOf(staffRole: string | null | undefined): Permission[] {
  // Own keys only: `in` also finds "toString" or "constructor" on the prototype, and a custom
  // role of that name would then throw instead of holding no system permissions.
  return staffRole && Object.hasOwn(SYSTEM_STAFF_ROLES, staffRole) ? [...SYSTEM_STAFF_ROLES[staffRole as SystemStaffRole]] : [];
}
