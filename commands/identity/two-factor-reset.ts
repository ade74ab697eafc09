import { z } from 'zod';
import { requirePermission } from '../shared/authorize.ts';
import type { CommandContext } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';
import { runAccountCommand, type AccountDeps } from './account-deps.ts';
import { accountMails, mailTime, queueAccountMail } from './account-mail.ts';
import { userInTenant } from './account-target.ts';
import { mayActOn, staffReason } from './suspension.ts';

const resetSchema = z.object({ commandId, userId: uuid, reason: staffReason });

/**
 * Support turns off a user's two-factor authentication when they lost their phone and their
 * recovery codes. Needs users.manage, and staff may not reset someone who holds more than they
 * do. Records who and why on the user's stream, ends the user's sessions opened until then,
 * and mails the user. A retry (same commandId) repeats nothing: the mail's id comes from the
 * event, and sessions opened after the reset stay open.
 */
export async function resetTwoFactor(
  deps: AccountDeps,
  ctx: CommandContext,
  input: unknown,
  linkBase: string,
) {
  requirePermission(ctx, 'users.manage');
  const cmd = parseInput(resetSchema, { ...(input as object), commandId: ctx.commandId });
  const target = await userInTenant(deps.store, ctx.tenantId, cmd.userId);
  await mayActOn(deps, ctx, target);
  const result = await runAccountCommand(deps, ctx, cmd.userId, (now) => ({
    type: 'ResetTwoFactor',
    reason: cmd.reason,
    by: ctx.actor.userId,
    now,
  }));
  const reset = result.events.find((e) => e.type === 'TwoFactorReset')!;
  const at = reset.metadata.occurredAt;
  await deps.sessions.endEverySessionOf(cmd.userId, deps.now(), new Date(at));
  const { brand } = await loadTenant(deps.store, ctx.tenantId);
  const account = result.state;
  const mail = accountMails.twoFactorReset(
    brand.name,
    account.name!,
    mailTime(at),
    `${linkBase}/account/security`,
    brand.supportEmail,
    account.role === 'admin',
  );
  const mailed = await queueAccountMail(deps, reset, account.email!, mail);
  return { ...result, position: mailed ?? result.position };
}
