import { changeRole, defineRole } from '../../commands/access/roles.ts';
import { customRoles } from '../../projections/access/queries.ts';
import { staffRoleHolders } from '../../projections/identity/queries.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { SYSTEM_ROLE_NAMES, SYSTEM_STAFF_ROLES } from '../../domain/identity/permissions.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { staffPermissions } from '../../domain/tenancy/roles.ts';
import {
  commandContext,
  readScoped,
  requireViewer,
  settle,
  type RequestContext,
} from '../context.ts';
import type { Resolvers, StaffRole } from '../generated/resolvers.ts';

/** Roles are seen by those who hand them out (users.manage) or define them (settings.manage). */
function requireRoleReader(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  if (
    viewer.role !== 'admin' ||
    !(viewer.permissions.includes('users.manage') || viewer.permissions.includes('settings.manage'))
  ) {
    throw new DomainError(
      'FORBIDDEN',
      'This needs the users.manage or settings.manage permission.',
    );
  }
}

/** System roles that exist in this tenant (super admin only at the operator), then custom ones. */
export async function rolesOf(ctx: RequestContext): Promise<StaffRole[]> {
  return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
    const custom = await customRoles(tx);
    const counts = await staffRoleHolders(tx);
    const holders = new Map(counts.map((c) => [c.staff_role ?? 'tenant_admin', c.n]));
    const tenant = { tenantId: ctx.tenantId, roles: [] };
    const system = SYSTEM_STAFF_ROLES.filter(
      (id) => id !== 'super_admin' || ctx.tenantId === OPERATOR_TENANT_ID,
    ).map((id) => ({
      id,
      name: SYSTEM_ROLE_NAMES[id] ?? id,
      system: true,
      permissions: staffPermissions(ctx.platform.identity.permissions, id, tenant) ?? [],
      holders: holders.get(id) ?? 0,
    }));
    return [
      ...system,
      ...custom.map((r) => ({
        id: r.role_id,
        name: r.name,
        system: false,
        permissions: r.permissions,
        holders: holders.get(r.role_id) ?? 0,
      })),
    ];
  });
}

async function roleById(ctx: RequestContext, roleId: string) {
  const role = (await rolesOf(ctx)).find((r) => r.id === roleId);
  if (!role) throw new DomainError('NOT_FOUND', 'Role not found.');
  return role;
}

/** Staff roles and the permission catalogue (typed by the SDL: graphql/generated/resolvers.ts). */
export const roleResolvers = {
  Query: {
    permissionCatalog(_, __, ctx) {
      const viewer = requireViewer(ctx, 'admin');
      const catalog = ctx.platform.identity.permissions;
      return catalog.all
        .filter((p) => !catalog.operatorOnly(p) || viewer.tenantId === OPERATOR_TENANT_ID)
        .map((key) => ({ key, description: catalog.describe(key) }));
    },
    async staffRoles(_, __, ctx) {
      requireRoleReader(ctx);
      return rolesOf(ctx);
    },
  },
  Mutation: {
    async defineRole(_, args, ctx) {
      const result = await defineRole(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      return roleById(ctx, result.roleId);
    },
    async changeRole(_, args, ctx) {
      const result = await changeRole(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      return roleById(ctx, result.roleId);
    },
  },
} satisfies Resolvers;
