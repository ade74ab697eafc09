import { z } from 'zod';
import { fold, notFound } from '../../domain/shared/decider.ts';
import { teamDecider } from '../../domain/access/team.ts';
import { teamStreamId, type TeamEvent } from '../../domain/access/events.ts';
import { passwordSchema, registerUser } from '../identity/register.ts';
import { handleCommand, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { parseInput } from '../shared/validate.ts';
import { invitationTokenHash } from './team.ts';

export interface InvitationDeps extends CommandDeps {
  bcryptCost: number;
  /** Which account's invitation a token hash belongs to (read model, scoped to the tenant). */
  findInvitation(
    tenantId: string,
    tokenHash: string,
  ): Promise<{ accountId: string; invitationId: string } | null>;
}

const acceptSchema = z.object({ token: z.string().min(20).max(100), password: passwordSchema });

/**
 * The invitee follows the mailed link and chooses a password: their account is created (the
 * link proves the mailbox) and joins the team with the invited role. The link works once.
 */
export async function acceptInvitation(deps: InvitationDeps, tenantId: string, input: unknown) {
  const cmd = parseInput(acceptSchema, input);
  const tokenHash = invitationTokenHash(cmd.token);
  const found = await deps.findInvitation(tenantId, tokenHash);
  if (!found) throw notFound('invitation');
  const { accountId, invitationId } = found;
  const commandId = `accept:${invitationId}`;
  const memberId = uuidFrom(`user:${tenantId}:${commandId}`);
  const events = (await deps.store.readStream(teamStreamId(accountId))) as unknown as TeamEvent[];
  const state = fold(teamDecider, events);
  const invitation = events.find(
    (e) => e.type === 'TeamMemberInvited' && e.data.invitationId === invitationId,
  );
  // Checked on the log before an account is made: a used or expired link creates nothing.
  const accept = (now: string) => ({
    type: 'AcceptInvitation' as const,
    accountId,
    invitationId,
    tokenHash,
    memberId,
    now,
  });
  teamDecider.decide(accept(deps.now().toISOString()), state);
  if (!invitation || invitation.type !== 'TeamMemberInvited') throw notFound('invitation');
  const ctx = { tenantId, actor: { userId: memberId, role: 'customer' }, commandId };
  const { email, name } = invitation.data;
  await registerUser(deps, ctx, { email, name, role: 'customer', password: cmd.password });
  const result = await handleCommand(deps, ctx, {
    streamId: teamStreamId(accountId),
    decider: teamDecider,
    command: accept,
  });
  return { ...result, email, memberId };
}
