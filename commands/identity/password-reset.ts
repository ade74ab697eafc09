import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { badInput, DomainError } from '../../domain/shared/decider.ts';
import { normaliseEmail } from '../../domain/identity/user.ts';
import { accountDecider } from '../../domain/identity/account-decider.ts';
import { weakPasswordReason } from '../../domain/identity/password-policy.ts';
import type { Position } from '../../eventstore/types.ts';
import { parseInput } from '../shared/validate.ts';
import {
  afterAnswer,
  findAccount,
  loadAccount,
  MAILS_PER_ACCOUNT_HOUR,
  runAccountCommand,
  selfContext,
  type AccountDeps,
  type Client,
} from './account-deps.ts';
import { accountMails, brandName, queueAccountMail } from './account-mail.ts';
import { linkToken, linkTokenUser, tokenHash } from './account-tokens.ts';
import { knownDevice } from './device-cookie.ts';
import { startAttempt } from './failures.ts';
import { hashPassword } from './passwords.ts';
import { passwordSchema } from './register.ts';
import { limitMailsFrom, type MailNotice } from './self-registration.ts';
import { accountKey } from './throttle.ts';

const requestSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'Use at most 254 characters.')
    .email('Enter a valid email address.'),
});

/**
 * Reset mails an account gets an hour from all unknown clients together. Each requester has
 * its own `MAILS_PER_ACCOUNT_HOUR` (a browser that signed in to the account before: per device;
 * others: per address), so an attacker asking from elsewhere cannot use up the owner's own
 * requests; this total keeps many addresses from filling the owner's mailbox.
 */
export const RESET_MAILS_FROM_UNKNOWN_HOUR = 10;

/**
 * Mails a single-use link to choose a new password. The answer is the same whether or not the
 * email has an account; an account gets a few such mails an hour at most, an address may ask
 * a few dozen times.
 */
export async function requestPasswordReset(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
  linkBase: string,
): Promise<MailNotice> {
  const email = normaliseEmail(parseInput(requestSchema, input).email);
  const now = deps.now();
  await limitMailsFrom(deps, client, now);
  const key = accountKey(tenantId, email);
  const device = knownDevice(deps.keys.tokens, client.device, key);
  const granted = await deps.throttle.grantMail(
    tenantId,
    { accountKey: key, address: client.ip, device, detail: 'reset' },
    { perRequester: MAILS_PER_ACCOUNT_HOUR, unknown: RESET_MAILS_FROM_UNKNOWN_HOUR },
    now,
  );
  afterAnswer(deps, 'password reset link', () =>
    mailResetLink(deps, tenantId, { email, ip: client.ip }, granted, now, linkBase),
  );
  return { email, positions: [] };
}

/** After answering: an account of this email (if any, and not mailed too often) gets a link. */
async function mailResetLink(
  deps: AccountDeps,
  tenantId: string,
  who: { email: string; ip: string },
  granted: boolean,
  now: Date,
  linkBase: string,
) {
  if (!granted) return;
  const account = await findAccount(deps.store, tenantId, who.email);
  if (!account) return;
  const userId = account.userId!;
  const requestId = randomUUID();
  const token = linkToken(deps.keys.tokens, 'reset-password', userId, requestId);
  const expiresAt = new Date(
    now.getTime() + deps.policy.passwordResetMinutes * 60_000,
  ).toISOString();
  const result = await runAccountCommand(
    deps,
    selfContext(tenantId, userId, account.role!, `reset:${requestId}`),
    userId,
    (at) => ({
      type: 'RequestPasswordReset',
      requestId,
      tokenHash: tokenHash(token),
      expiresAt,
      ip: who.ip,
      now: at,
    }),
  );
  const mail = accountMails.resetPassword(
    await brandName(deps, tenantId),
    account.name!,
    `${linkBase}/reset-password?token=${token}`,
    deps.policy.passwordResetMinutes,
  );
  await queueAccountMail(deps, result.events[0]!, account.email!, mail);
}

const resetSchema = z.object({
  token: z
    .string()
    .trim()
    .min(1, 'The link has no token; open the link from the mail.')
    .max(200, 'This link is not valid.'),
  password: passwordSchema,
});

/**
 * Sets a new password from a reset link. The link works once and expires; the reset confirms
 * the email, lifts a lock-out and signs out every session. A bad link writes nothing.
 */
export async function resetPassword(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
): Promise<{ email: string; positions: Position[] }> {
  const { token, password } = parseInput(resetSchema, input);
  const userId = linkTokenUser(token);
  const account = userId ? await loadAccount(deps.store, tenantId, userId) : null;
  const key = account ? accountKey(tenantId, account.email!) : null;
  // Throttled like sign-in: a slot is reserved before the link is checked.
  const attempt = await startAttempt(deps, tenantId, 'token', { key, account }, client, null);
  try {
    if (!account)
      throw badInput(
        'token',
        'This password reset link is not valid; check that you copied all of it, or ask for a new one.',
      );
    // The link first, then the password rules (they read the account, so they would tell a
    // real user id), and before a bcrypt hash is spent: guessed links must be cheap to refuse.
    accountDecider.decide(
      {
        type: 'ResetPassword',
        tokenHash: tokenHash(token),
        passwordHash: '',
        now: deps.now().toISOString(),
      },
      account,
    );
  } catch (e) {
    if (e instanceof DomainError && e.code === 'BAD_USER_INPUT') await attempt.fail();
    else await attempt.pass();
    throw e;
  }
  await attempt.pass();
  const weak = weakPasswordReason(password, account);
  if (weak) throw badInput('password', weak);
  const passwordHash = await hashPassword(password, deps.bcryptCost);
  const result = await runAccountCommand(
    deps,
    selfContext(tenantId, userId!, account.role!, `reset-password:${randomUUID()}`),
    userId!,
    (now) => ({
      type: 'ResetPassword',
      tokenHash: tokenHash(token),
      passwordHash,
      now,
    }),
  );
  await deps.throttle.forgiveAll(key!);
  const ended = await endSessions(deps, tenantId, userId!, account.role!, null, 'password-reset');
  return {
    email: account.email!,
    positions: [result.position, ended].filter((p): p is Position => p !== null),
  };
}

/** Ends the account's sessions but `keepToken`'s and records which; returns the event's position. */
export async function endSessions(
  deps: AccountDeps,
  tenantId: string,
  userId: string,
  role: string,
  keepToken: string | null,
  reason: 'password-reset' | 'password-changed' | 'signed-out-elsewhere' | 'two-factor-changed',
  actor?: { userId: string; role: string; impersonatorId?: string },
): Promise<Position | null> {
  const refs = await deps.sessions.endAllBut(userId, keepToken, deps.now());
  if (refs.length === 0) return null;
  const ctx = {
    ...selfContext(tenantId, userId, role, `sessions-ended:${randomUUID()}`),
    ...(actor ? { actor } : {}),
  };
  const result = await runAccountCommand(deps, ctx, userId, (now) => ({
    type: 'EndSessions',
    sessionRefs: refs,
    reason,
    now,
  }));
  return result.position;
}
