import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { tenantStreamId } from '../../domain/tenancy/events.ts';
import { coversAll } from '../../domain/tenancy/roles.ts';
import { tenantDecider } from '../../domain/tenancy/tenant.ts';
import { requirePermission, type PermissionDeps } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';

const roleFields = { name: plainText(60), permissions: z.array(z.string().max(60)).max(40) };
const defineSchema = z.object({ commandId, ...roleFields });
const changeSchema = z.object({ commandId, roleId: uuid, ...roleFields });

/** Nobody hands out a permission they do not hold (a support agent cannot mint an admin role). */
function mayGrant(ctx: CommandContext, permissions: readonly string[]) {
  if (ctx.actor.role === 'system') return;
  const missing = permissions.filter((p) => !ctx.permissions?.includes(p));
  if (!coversAll(ctx.permissions ?? [], permissions)) {
    throw new DomainError(
      'FORBIDDEN',
      `You cannot grant permissions you do not hold: ${missing.join(', ')}.`,
    );
  }
}

/** A tenant's admin makes a staff role from permissions, e.g. "Sales" = orders.manage + wallet.view. */
export async function defineRole(
  deps: CommandDeps & PermissionDeps,
  ctx: CommandContext,
  input: unknown,
) {
  requirePermission(ctx, 'settings.manage');
  const cmd = parseInput(defineSchema, { ...(input as object), commandId: ctx.commandId });
  mayGrant(ctx, cmd.permissions);
  const roleId = uuidFrom(`role:${ctx.tenantId}:${ctx.commandId}`);
  const result = await handleCommand(deps, ctx, {
    streamId: tenantStreamId(ctx.tenantId),
    decider: tenantDecider,
    command: (now) => ({
      type: 'DefineRole' as const,
      roleId,
      name: cmd.name,
      permissions: cmd.permissions,
      grantable: deps.permissions.grantable,
      now,
    }),
    // The catalogue of the running version: a retry after a release adds permissions is the same request.
    perAttempt: { grantable: undefined },
  });
  return { ...result, roleId };
}

/** Renames a custom role or changes its permissions; everyone holding it is affected at once. */
export async function changeRole(
  deps: CommandDeps & PermissionDeps,
  ctx: CommandContext,
  input: unknown,
) {
  requirePermission(ctx, 'settings.manage');
  const cmd = parseInput(changeSchema, { ...(input as object), commandId: ctx.commandId });
  mayGrant(ctx, cmd.permissions);
  const result = await handleCommand(deps, ctx, {
    streamId: tenantStreamId(ctx.tenantId),
    decider: tenantDecider,
    command: (now) => ({
      type: 'ChangeRole' as const,
      roleId: cmd.roleId,
      name: cmd.name,
      permissions: cmd.permissions,
      grantable: deps.permissions.grantable,
      now,
    }),
    // The catalogue of the running version: a retry after a release adds permissions is the same request.
    perAttempt: { grantable: undefined },
  });
  return { ...result, roleId: cmd.roleId };
}
