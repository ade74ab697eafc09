import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { accountAccessDecider } from '../../domain/identity/account-access.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import { coversAll, staffPermissions } from '../../domain/tenancy/roles.ts';
import { registerUser } from '../identity/register.ts';
import { userInTenant } from '../identity/account-target.ts';
import { requirePermission, type PermissionDeps } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';
import { initialPassword } from './initial-password.ts';

/**
 * The permissions of `staffRole` in the actor's tenant, if the actor may hand it out: the role
 * must exist there, and the actor must hold every permission it gives.
 */
async function grantable(
  deps: CommandDeps & PermissionDeps,
  ctx: CommandContext,
  staffRole: string,
  field: string,
) {
  const tenant = await loadTenant(deps.store, ctx.tenantId);
  const permissions = staffPermissions(deps.permissions, staffRole, tenant);
  if (!permissions)
    throw new DomainError('BAD_USER_INPUT', `No role "${staffRole.slice(0, 60)}" in this tenant.`, [
      { path: [field], message: 'Choose a role of this tenant.' },
    ]);
  if (ctx.actor.role !== 'system' && !coversAll(ctx.permissions ?? [], permissions)) {
    throw new DomainError('FORBIDDEN', 'You cannot give a role with permissions you do not hold.');
  }
  return { tenant, permissions };
}

const addSchema = z.object({
  commandId,
  email: z.string().trim().email('Enter a valid email address.').max(254),
  name: plainText(120),
  staffRole: z.string().trim().min(1, 'Choose a role.').max(60),
});

/** A tenant admin adds a staff member with a role; the first password is shown once. */
export async function addStaffMember(
  deps: CommandDeps & PermissionDeps & { bcryptCost: number },
  ctx: CommandContext,
  input: unknown,
) {
  requirePermission(ctx, 'users.manage');
  const cmd = parseInput(addSchema, { ...(input as object), commandId: ctx.commandId });
  await grantable(deps, ctx, cmd.staffRole, 'staffRole');
  const password = initialPassword();
  // The creator saw this password: its holder chooses their own at first sign-in.
  const result = await registerUser(deps, ctx, {
    email: cmd.email,
    name: cmd.name,
    role: 'admin',
    staffRole: cmd.staffRole,
    password,
    mustChangePassword: true,
  });
  return { ...result, password: result.replayed ? null : password };
}

const assignSchema = z.object({
  commandId,
  userId: uuid,
  staffRole: z.string().trim().min(1, 'Choose a role.').max(60),
});

/** Changes a staff member's role; nobody changes the role of someone who holds more than they do. */
export async function assignStaffRole(
  deps: CommandDeps & PermissionDeps,
  ctx: CommandContext,
  input: unknown,
) {
  requirePermission(ctx, 'users.manage');
  const cmd = parseInput(assignSchema, { ...(input as object), commandId: ctx.commandId });
  const target = await userInTenant(deps.store, ctx.tenantId, cmd.userId);
  const { tenant } = await grantable(deps, ctx, cmd.staffRole, 'staffRole');
  const current =
    staffPermissions(deps.permissions, target.staffRole ?? 'tenant_admin', tenant) ?? [];
  if (ctx.actor.role !== 'system' && !coversAll(ctx.permissions ?? [], current)) {
    throw new DomainError(
      'FORBIDDEN',
      'This staff member holds permissions you do not; ask someone who holds them.',
    );
  }
  return handleCommand(deps, ctx, {
    streamId: userStreamId(cmd.userId),
    decider: accountAccessDecider,
    command: (now) => ({
      type: 'AssignStaffRole' as const,
      staffRole: cmd.staffRole,
      by: ctx.actor.userId,
      now,
    }),
  });
}
