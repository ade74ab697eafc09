import type { Sql } from 'postgres';
import { accountPermissionsOf, ACCOUNT_OWNER } from '../../domain/access/account-roles.ts';
import type { Permission, PermissionCatalog } from '../../domain/identity/permissions.ts';
import { staffPermissions } from '../../domain/tenancy/roles.ts';
import { isUuid } from '../../commands/shared/validate.ts';
import type { Platform } from '../platform.ts';
import type { Viewer } from '../context.ts';
import { customRole, membershipOf } from '../../projections/access/queries.ts';
import { sessionUser } from '../../projections/identity/queries.ts';

/**
 * What a staff role may do in a tenant now: a system role's bundle, or a custom role as the
 * access read model holds it (so a changed role applies on the next request).
 */
export async function staffPermissionsIn(
  sql: Sql,
  catalog: PermissionCatalog,
  tenantId: string,
  staffRole: string,
): Promise<Permission[]> {
  const roles = isUuid(staffRole) ? await customRole(sql, tenantId, staffRole) : [];
  return staffPermissions(catalog, staffRole, { tenantId, roles }) ?? [];
}

/**
 * Completes the viewer of a session: staff get their role's permissions (custom roles
 * included, tenants.manage only in the operator's tenant); customers get the account they act
 * for and their rights on it; an impersonation session names its admin. Null when the session
 * no longer grants anything: a team member who was removed, or an impersonation whose admin
 * was suspended or lost users.impersonate.
 */
export async function withAccess(
  platform: Platform,
  viewer: Viewer,
  session: { impersonatorId: string | null },
): Promise<Viewer | null> {
  const sql = platform.sql;
  if (viewer.role === 'admin') {
    return {
      ...viewer,
      permissions: await staffPermissionsIn(
        sql,
        platform.identity.permissions,
        viewer.tenantId,
        viewer.staffRole ?? 'tenant_admin',
      ),
    };
  }
  const membership = await membershipOf(sql, viewer.tenantId, viewer.id);
  if (membership && membership.status !== 'ACTIVE') return null;
  let impersonator: Viewer['impersonator'] = null;
  if (session.impersonatorId) {
    const admin = await sessionUser(sql, session.impersonatorId, viewer.tenantId);
    if (!admin || admin.role !== 'admin' || admin.status !== 'ACTIVE') return null;
    const theirs = await staffPermissionsIn(
      sql,
      platform.identity.permissions,
      viewer.tenantId,
      admin.staff_role ?? 'tenant_admin',
    );
    if (!theirs.includes('users.impersonate')) return null;
    impersonator = { id: admin.id, name: admin.name, email: admin.email };
  }
  const accountRole = membership?.role ?? ACCOUNT_OWNER;
  return {
    ...viewer,
    permissions: [],
    accountId: membership?.account_id ?? viewer.id,
    accountRole,
    accountPermissions: accountPermissionsOf(accountRole),
    impersonator,
  };
}
