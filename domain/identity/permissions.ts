/**
 * What staff may do. Each business area declares its own staff permissions in
 * domain/<area>/permissions.ts (name, description, which system roles hold it) and adds their
 * names to `PermissionNames` below by declaration merging, so `Permission` is the union of every
 * area's names and a misspelt permission fails the typecheck. The composition root
 * (server/areas/index.ts) assembles the runtime catalogue from the area list and hands it to
 * whoever needs it: this folder never lists another area's permissions.
 *
 * System roles are fixed bundles; tenants define custom roles from the same permissions.
 * Customers act only on their own account and are not given permissions.
 */

/**
 * The staff permission names, one key per permission. Empty here; each area adds its own:
 *
 *     declare module '../identity/permissions.ts' {
 *       interface PermissionNames extends NamesOf<typeof walletPermissions> {}
 *     }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface PermissionNames {}

export type Permission = keyof PermissionNames & string;

/** The keys of an area's declarations as a `PermissionNames` fragment. */
export type NamesOf<D extends PermissionDeclarations> = { readonly [K in keyof D]: true };

/**
 * The system staff roles. super_admin (the operator's owners) holds every permission across
 * tenants and tenant_admin (a tenant's or reseller's owner) every one that is not operator-only,
 * so a permission names only the other system roles that hold it by default.
 */
export const SYSTEM_STAFF_ROLES = ['super_admin', 'tenant_admin', 'support', 'billing'] as const;
export type SystemStaffRole = (typeof SYSTEM_STAFF_ROLES)[number];

/** Names people read for the system roles. */
export const SYSTEM_ROLE_NAMES: Readonly<Record<string, string>> = {
  super_admin: 'Super admin',
  tenant_admin: 'Tenant admin',
  support: 'Support',
  billing: 'Billing',
};

export const isSystemStaffRole = (r: string): r is SystemStaffRole =>
  (SYSTEM_STAFF_ROLES as readonly string[]).includes(r);

export interface PermissionDeclaration {
  /** What it allows, as the roles page explains it. */
  description: string;
  /** The system roles besides the two admins that hold it (both admins always do). */
  heldBy: readonly Exclude<SystemStaffRole, 'super_admin' | 'tenant_admin'>[];
  /** Only in the operator's tenant, held by super admins only, never part of a custom role. */
  operatorOnly?: true;
}

/** One area's permissions, keyed by name (`<area>.<verb>`), in the order the roles page lists them. */
export type PermissionDeclarations = Readonly<Record<string, PermissionDeclaration>>;

/** Declares an area's permissions, keeping their names as literal types. */
export const declarePermissions = <const D extends PermissionDeclarations>(declarations: D): D =>
  declarations;

/** Every staff permission of the platform, assembled from the areas' declarations. */
export interface PermissionCatalog {
  /** In area order, then declaration order: the roles page's order and a custom role's stored order. */
  readonly all: readonly Permission[];
  /** The permissions a custom role may hold (none operator-only). */
  readonly grantable: readonly Permission[];
  describe(permission: Permission): string;
  isPermission(name: string): name is Permission;
  operatorOnly(permission: Permission): boolean;
  /** The permissions of a system staff role; [] for anything else (custom roles are resolved by the tenant). */
  permissionsOf(staffRole: string | null | undefined): Permission[];
}

/** The catalogue of these areas' declarations; a name declared twice is a wiring mistake. */
export function permissionCatalog(parts: readonly PermissionDeclarations[]): PermissionCatalog {
  const declared = new Map<Permission, PermissionDeclaration>();
  for (const part of parts) {
    for (const [name, declaration] of Object.entries(part)) {
      if (declared.has(name as Permission)) throw new Error(`permission ${name} is declared twice`);
      declared.set(name as Permission, declaration);
    }
  }
  const all = [...declared.keys()];
  const holds = (role: SystemStaffRole, p: Permission) => {
    const d = declared.get(p)!;
    if (role === 'super_admin') return true;
    if (d.operatorOnly) return false;
    return role === 'tenant_admin' || (d.heldBy as readonly string[]).includes(role);
  };
  const bundles = new Map(
    SYSTEM_STAFF_ROLES.map((role) => [role, all.filter((p) => holds(role, p))]),
  );
  return {
    all,
    grantable: all.filter((p) => !declared.get(p)!.operatorOnly),
    describe: (p) => declared.get(p)?.description ?? p,
    isPermission: (name): name is Permission => declared.has(name as Permission),
    operatorOnly: (p) => declared.get(p)?.operatorOnly === true,
    // A Map, not `in` on an object: "toString" or "constructor" would be found on the
    // prototype, and a custom role of that name would then throw instead of holding nothing.
    permissionsOf: (staffRole) => [
      ...((staffRole && bundles.get(staffRole as SystemStaffRole)) || []),
    ],
  };
}
