import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { badInput, DomainError } from '../../domain/shared/decider.ts';
import { weakPasswordReason } from '../../domain/identity/password-policy.ts';
import type { Position } from '../../eventstore/types.ts';
import type { CommandContext } from '../shared/handler.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { loadAccount, runAccountCommand, type AccountDeps, type Client } from './account-deps.ts';
import { accountMails, brandName, queueAccountMail } from './account-mail.ts';
import { guardAddress, noteFailure } from './failures.ts';
import { endSessions } from './password-reset.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { passwordSchema } from './register.ts';
import { accountKey } from './throttle.ts';

const changeSchema = z.object({
  commandId,
  currentPassword: z
    .string()
    .min(1, 'Enter your current password.')
    .max(128, 'Use at most 128 characters.'),
  newPassword: passwordSchema,
});

/** Security changes are the account holder's own: an admin acting as a customer may not make them. */
export function refuseWhileActingAs(ctx: CommandContext): void {
  if (ctx.actor.impersonatorId)
    throw new DomainError(
      'FORBIDDEN',
      'An admin acting as a customer cannot change their password, two-factor settings or sessions.',
    );
}

/**
 * Changes the password after the current one is given again. Every session ends, this one
 * included: the caller gets a new session (new id at a privilege change) for this browser.
 */
export async function changePassword(
  deps: AccountDeps,
  ctx: CommandContext,
  input: unknown,
  client: Client,
  linkBase: string,
): Promise<{ session: { token: string; ref: string }; positions: Position[] }> {
  refuseWhileActingAs(ctx);
  const cmd = parseInput(changeSchema, input);
  await guardAddress(deps, client, deps.now());
  const userId = ctx.actor.userId;
  const account = await loadAccount(deps.store, ctx.tenantId, userId);
  if (!account) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  const key = accountKey(ctx.tenantId, account.email!);
  if (!(await verifyPassword(cmd.currentPassword, account.passwordHash!))) {
    await noteFailure(deps, ctx.tenantId, 'password', { key, account }, client, linkBase);
    throw badInput('currentPassword', 'This is not your current password.');
  }
  const weak = weakPasswordReason(cmd.newPassword, account);
  if (weak) throw badInput('newPassword', weak);
  if (await verifyPassword(cmd.newPassword, account.passwordHash!))
    throw badInput('newPassword', 'Choose a password different from your current one.');

  const passwordHash = await hashPassword(cmd.newPassword, deps.bcryptCost);
  // The bcrypt hash has a fresh salt per call; the commandId's hash takes this keyed digest in its
  // place (so it is no password digest), and a reused commandId with another password is refused.
  const digest = createHmac('sha256', deps.keys.tokens)
    .update(`new-password:${cmd.newPassword}`)
    .digest('hex');
  const changed = await runAccountCommand(
    deps,
    ctx,
    userId,
    (now) => ({ type: 'ChangePassword', passwordHash, now }),
    { passwordHash: digest },
  );
  const session = await deps.sessions.create(
    userId,
    ctx.tenantId,
    client.ip,
    client.userAgent,
    deps.now(),
  );
  const ended = await endSessions(
    deps,
    ctx.tenantId,
    userId,
    account.role!,
    session.token,
    'password-changed',
    ctx.actor,
  );
  let mailed: Position | null = null;
  if (changed.events[0] && !changed.replayed) {
    const mail = accountMails.passwordChanged(
      await brandName(deps, ctx.tenantId),
      account.name!,
      `${linkBase}/forgot-password`,
    );
    mailed = await queueAccountMail(deps, changed.events[0], account.email!, mail);
  }
  return {
    session,
    positions: [changed.position, ended, mailed].filter((p): p is Position => p !== null),
  };
}
