import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { accountAccessDecider } from '../../domain/identity/account-access.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';
import { userInTenant } from './account-target.ts';
import type { AccessDeps } from './suspension.ts';

export type ImpersonationDeps = AccessDeps;

const startSchema = z.object({ commandId, customerId: uuid });

/**
 * "Log in as customer": opens a session of the customer that names the admin, and records it
 * on the customer's stream. Everything done in that session carries both identities. It hangs
 * on the admin's own session (`adminToken`): when that one ends, for whatever reason, so does
 * the impersonation; it also has its own short lifetime and is listed among the admin's sessions.
 */
export async function startImpersonation(
  deps: ImpersonationDeps,
  ctx: CommandContext,
  input: unknown,
  client: { ip: string; userAgent: string },
  adminToken: string | null,
) {
  requirePermission(ctx, 'users.impersonate');
  const cmd = parseInput(startSchema, { ...(input as object), commandId: ctx.commandId });
  await userInTenant(deps.store, ctx.tenantId, cmd.customerId);
  const parent = adminToken ? await deps.sessions.find(adminToken, deps.now()) : null;
  if (!parent || parent.userId !== ctx.actor.userId || parent.impersonatorId)
    throw new DomainError('UNAUTHENTICATED', 'Sign in with your own account first.');
  const session = await deps.sessions.create(
    cmd.customerId,
    ctx.tenantId,
    client.ip,
    client.userAgent,
    deps.now(),
    ctx.actor.userId,
    parent.ref,
  );
  try {
    const result = await handleCommand(deps, ctx, {
      streamId: userStreamId(cmd.customerId),
      decider: accountAccessDecider,
      command: (now) => ({
        type: 'StartImpersonation' as const,
        impersonatorId: ctx.actor.userId,
        sessionRef: session.ref,
        now,
      }),
      // A session is opened per call; a repeat is refused below either way.
      perAttempt: { sessionRef: undefined },
    });
    // A repeated request would hand out a second session the log does not name.
    if (result.replayed)
      throw new DomainError(
        'CONFLICT',
        'This impersonation was already started; start it again with a new commandId.',
      );
    return { ...result, token: session.token, sessionRef: session.ref };
  } catch (error) {
    await deps.sessions.discard(session.ref, deps.now());
    throw error;
  }
}

/** Ends the impersonation session and records it; the admin returns to their own session. */
export async function stopImpersonation(
  deps: ImpersonationDeps,
  tenantId: string,
  session: { token: string; customerId: string; impersonatorId: string },
) {
  const ref = await deps.sessions.end(session.token, deps.now());
  if (!ref) return null;
  return handleCommand(
    deps,
    {
      tenantId,
      actor: {
        userId: session.customerId,
        role: 'customer',
        impersonatorId: session.impersonatorId,
      },
      commandId: `impersonation-end:${ref}`,
    },
    {
      streamId: userStreamId(session.customerId),
      decider: accountAccessDecider,
      command: (now) => ({ type: 'EndImpersonation' as const, sessionRef: ref, now }),
    },
  );
}
