import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { accountAccessDecider } from '../../domain/identity/account-access.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import { coversAll, staffPermissions } from '../../domain/tenancy/roles.ts';
import { requirePermission, type PermissionDeps } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';
import { userInTenant } from './account-target.ts';
import type { SessionStore } from './sessions.ts';

export interface AccessDeps extends CommandDeps, PermissionDeps {
  sessions: SessionStore;
}

/** Staff may only act on staff who hold no more than they do (support cannot lock out the owner). */
export async function mayActOn(
  deps: CommandDeps & PermissionDeps,
  ctx: CommandContext,
  target: { role: string | null; staffRole: string | null },
) {
  if (target.role !== 'admin' || ctx.actor.role === 'system') return;
  const tenant = await loadTenant(deps.store, ctx.tenantId);
  const theirs =
    staffPermissions(deps.permissions, target.staffRole ?? 'tenant_admin', tenant) ?? [];
  if (!coversAll(ctx.permissions ?? [], theirs))
    throw new DomainError('FORBIDDEN', 'This staff member holds permissions you do not.');
}

/** Why staff acted on someone's account (suspension, two-factor reset): kept in the event, shown in the activity log. */
export const staffReason = plainText(500).pipe(
  z.string().min(3, 'Give a reason of at least 3 characters.'),
);

const suspendSchema = z.object({ commandId, userId: uuid, reason: staffReason });

/** Locks an account: no sign-in, and its open sessions end now. */
export async function suspendUser(deps: AccessDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'users.manage');
  const cmd = parseInput(suspendSchema, { ...(input as object), commandId: ctx.commandId });
  const target = await userInTenant(deps.store, ctx.tenantId, cmd.userId);
  await mayActOn(deps, ctx, target);
  const result = await handleCommand(deps, ctx, {
    streamId: userStreamId(cmd.userId),
    decider: accountAccessDecider,
    command: (now) => ({
      type: 'SuspendUser' as const,
      reason: cmd.reason,
      by: ctx.actor.userId,
      now,
    }),
  });
  // Also on a replay: a session opened since (there should be none) ends too.
  await deps.sessions.endEverySessionOf(cmd.userId, deps.now());
  return result;
}

const reactivateSchema = z.object({ commandId, userId: uuid });

/** Lets a suspended account sign in again (its old sessions stay ended). */
export async function reactivateUser(deps: AccessDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'users.manage');
  const cmd = parseInput(reactivateSchema, { ...(input as object), commandId: ctx.commandId });
  const target = await userInTenant(deps.store, ctx.tenantId, cmd.userId);
  await mayActOn(deps, ctx, target);
  return handleCommand(deps, ctx, {
    streamId: userStreamId(cmd.userId),
    decider: accountAccessDecider,
    command: (now) => ({ type: 'ReactivateUser' as const, by: ctx.actor.userId, now }),
  });
}
