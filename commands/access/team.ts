import { renderMail } from '../mail/templates.ts';
import { loadTemplateOverrides } from '../mail/template-overrides.ts';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { teamDecider } from '../../domain/access/team.ts';
import { teamStreamId } from '../../domain/access/events.ts';
import { queueMail, type MailDeps } from '../mail/queue-mail.ts';
import { requireAccountPermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export const invitationTokenHash = (token: string) =>
  createHash('sha256').update(token).digest('hex');

const inviteSchema = z.object({
  commandId,
  email: z.string().trim().email('Enter a valid email address.').max(254),
  name: plainText(120),
  role: z.enum(['account_admin', 'billing', 'viewer'], {
    errorMap: () => ({ message: 'Choose account_admin, billing or viewer.' }),
  }),
});

/**
 * The account holder (or a team admin) invites someone with a role. The invitation is an event
 * holding only the link token's hash; the link itself goes out once, in a mail whose outbox copy hides it.
 * `portal` is the address of this tenant's portal the link points to.
 */
export async function inviteTeamMember(
  deps: MailDeps,
  ctx: CommandContext,
  input: unknown,
  portal: string,
) {
  const accountId = requireAccountPermission(ctx, 'account.team');
  const cmd = parseInput(inviteSchema, { ...(input as object), commandId: ctx.commandId });
  const invitationId = uuidFrom(`invitation:${ctx.tenantId}:${ctx.commandId}`);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.now().getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const result = await handleCommand(deps, ctx, {
    streamId: teamStreamId(accountId),
    decider: teamDecider,
    command: (now) => ({
      type: 'InviteMember' as const,
      accountId,
      invitationId,
      email: cmd.email,
      name: cmd.name,
      role: cmd.role,
      tokenHash: invitationTokenHash(token),
      invitedBy: ctx.actor.userId,
      now,
      expiresAt,
    }),
    // The link's token is drawn per call and its lifetime starts at the call.
    perAttempt: { tokenHash: undefined, expiresAt: undefined },
  });
  // A repeated request answers as the first did; its mail (and link) went out then.
  if (result.replayed) return { ...result, invitationId, mailPosition: null };
  const invited = result.events[0]!;
  const tenant = await loadTenant(deps.store, ctx.tenantId);
  const brand = tenant.brand.name;
  const mailId = uuidFrom(`mail:${invited.id}`);
  const link = `${portal}/invite/${token}`;
  const mail = await queueMail(
    deps,
    {
      ...ctx,
      commandId: `mail:${invited.id}`,
      causationId: invited.id,
      correlationId: ctx.correlationId ?? ctx.commandId,
    },
    {
      mailId,
      to: cmd.email.toLowerCase(),
      ...renderMail(
        'team-invitation',
        {
          brand,
          name: cmd.name,
          role: cmd.role.replace('_', ' '),
          days: String(INVITATION_DAYS),
          link,
        },
        await loadTemplateOverrides(deps, ctx.tenantId),
      ),
      secrets: [link],
      causedBy: invited.id,
    },
  );
  return { ...result, invitationId, mailPosition: mail.position };
}

const memberSchema = z.object({ commandId, memberId: uuid });
const roleSchema = memberSchema.extend({
  role: z.enum(['account_admin', 'billing', 'viewer'], {
    errorMap: () => ({ message: 'Choose account_admin, billing or viewer.' }),
  }),
});
const invitationSchema = z.object({ commandId, invitationId: uuid });

export async function changeTeamMemberRole(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const accountId = requireAccountPermission(ctx, 'account.team');
  const cmd = parseInput(roleSchema, { ...(input as object), commandId: ctx.commandId });
  return handleCommand(deps, ctx, {
    streamId: teamStreamId(accountId),
    decider: teamDecider,
    command: (now) => ({
      type: 'ChangeMemberRole' as const,
      accountId,
      memberId: cmd.memberId,
      role: cmd.role,
      by: ctx.actor.userId,
      now,
    }),
  });
}

/** Takes a member off the team; they can no longer act on the account (see the viewer). */
export async function removeTeamMember(
  deps: CommandDeps & { endSessions(userId: string): Promise<unknown> },
  ctx: CommandContext,
  input: unknown,
) {
  const accountId = requireAccountPermission(ctx, 'account.team');
  const cmd = parseInput(memberSchema, { ...(input as object), commandId: ctx.commandId });
  const result = await handleCommand(deps, ctx, {
    streamId: teamStreamId(accountId),
    decider: teamDecider,
    command: (now) => ({
      type: 'RemoveMember' as const,
      accountId,
      memberId: cmd.memberId,
      by: ctx.actor.userId,
      now,
    }),
  });
  await deps.endSessions(cmd.memberId);
  return result;
}

export async function cancelTeamInvitation(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const accountId = requireAccountPermission(ctx, 'account.team');
  const cmd = parseInput(invitationSchema, { ...(input as object), commandId: ctx.commandId });
  return handleCommand(deps, ctx, {
    streamId: teamStreamId(accountId),
    decider: teamDecider,
    command: (now) => ({
      type: 'CancelInvitation' as const,
      accountId,
      invitationId: cmd.invitationId,
      by: ctx.actor.userId,
      now,
    }),
  });
}
