import {
  isSystemStaffRole,
  type Permission,
  type PermissionCatalog,
} from '../identity/permissions.ts';
import { OPERATOR_TENANT_ID, type CustomRole } from './events.ts';

/**
 * What a staff role may do in a tenant: a system role's bundle or a custom role's permissions
 * (names the catalogue no longer has are dropped). Operator-only permissions (tenants.manage)
 * exist only in the operator's tenant, so a reseller can never reach another tenant even if a
 * role said so. Null when the tenant has no such role.
 */
export function staffPermissions(
  catalog: PermissionCatalog,
  staffRole: string,
  tenant: { tenantId: string; roles: readonly CustomRole[] },
): Permission[] | null {
  const operator = tenant.tenantId === OPERATOR_TENANT_ID;
  if (isSystemStaffRole(staffRole)) {
    if (staffRole === 'super_admin' && !operator) return null;
    return catalog.permissionsOf(staffRole).filter((p) => operator || !catalog.operatorOnly(p));
  }
  const custom = tenant.roles.find((r) => r.roleId === staffRole);
  if (!custom) return null;
  return custom.permissions.filter(catalog.isPermission).filter((p) => !catalog.operatorOnly(p));
}

/** True when `holder` has every permission of `wanted`: nobody hands out more than they have. */
export const coversAll = (holder: readonly string[], wanted: readonly string[]) =>
  wanted.every((p) => holder.includes(p));
