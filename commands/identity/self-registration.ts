import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fold } from '../../domain/shared/decider.ts';
import {
  emailReservationDecider,
  normaliseEmail,
  userDecider,
} from '../../domain/identity/user.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import { badInput, DomainError } from '../../domain/shared/decider.ts';
import { weakPasswordReason } from '../../domain/identity/password-policy.ts';
import { handleCommand } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, plainText } from '../shared/validate.ts';
import { hashPassword } from './passwords.ts';
import { emailStreamId, passwordSchema } from './register.ts';
import {
  afterAnswer,
  findAccount,
  loadAccount,
  MAILS_PER_ACCOUNT_HOUR,
  MAILS_PER_ADDRESS_HOUR,
  runAccountCommand,
  selfContext,
  type AccountDeps,
  type Client,
} from './account-deps.ts';
import { accountKey } from './throttle.ts';
import { accountMails, brandName, queueAccountMail } from './account-mail.ts';
import { linkToken, tokenHash } from './account-tokens.ts';
import type { Position } from '../../eventstore/types.ts';

const registrationSchema = z.object({
  commandId,
  email: z
    .string()
    .trim()
    .email('Enter a valid email address.')
    .max(254, 'Use at most 254 characters.'),
  name: plainText(120),
  password: passwordSchema,
});

/** The same answer whatever happened: registering must not tell whether an email has an account. */
export interface MailNotice {
  email: string;
  positions: Position[];
}

/** Refuses when one address asked for too many account mails this hour (it says nothing about any account). */
export async function limitMailsFrom(deps: AccountDeps, client: Client, now: Date): Promise<void> {
  if ((await deps.throttle.mails({ address: client.ip }, null, now)) >= MAILS_PER_ADDRESS_HOUR) {
    throw new DomainError(
      'RATE_LIMITED',
      'Too many requests from your network; try again in an hour.',
    );
  }
}

/**
 * A person signs up as a customer. A new email gets an unconfirmed account and a link to
 * confirm it; an email that already has an account gets nothing new, and its owner a mail
 * saying someone tried. Both answer alike, and both hash the password (same time).
 */
export async function registerCustomer(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
  linkBase: string,
): Promise<MailNotice> {
  const cmd = parseInput(registrationSchema, input);
  const email = normaliseEmail(cmd.email);
  const weak = weakPasswordReason(cmd.password, { email, name: cmd.name });
  if (weak) throw badInput('password', weak);
  const now = deps.now();
  await limitMailsFrom(deps, client, now);
  const passwordHash = await hashPassword(cmd.password, deps.bcryptCost);
  const key = accountKey(tenantId, email);
  const nth = await deps.throttle.recordMail(
    tenantId,
    { accountKey: key, address: client.ip, detail: 'register' },
    now,
  );

  const registration = { commandId: cmd.commandId, email, name: cmd.name, passwordHash, nth };
  afterAnswer(deps, 'registration', () =>
    settleRegistration(deps, tenantId, registration, client, linkBase),
  );
  return { email, positions: [] };
}

/** What registration does once it has answered: a new account and its link, or a word to the owner. */
async function settleRegistration(
  deps: AccountDeps,
  tenantId: string,
  cmd: { commandId: string; email: string; name: string; passwordHash: string; nth: number },
  client: Client,
  linkBase: string,
): Promise<Position[]> {
  const { email, passwordHash } = cmd;
  const existing = await findAccount(deps.store, tenantId, email);
  if (existing) return tellOwner(deps, tenantId, existing.userId!, cmd, client, linkBase);

  // A reservation whose account was never written (a crash between the two appends) is reused.
  const reserved = fold(
    emailReservationDecider,
    (await deps.store.readStream(emailStreamId(tenantId, email))) as never,
  ).userId;
  const userId = reserved ?? uuidFrom(`user:${tenantId}:${cmd.commandId}`);
  const ctx = selfContext(tenantId, userId, 'customer', cmd.commandId);
  try {
    await handleCommand(deps, ctx, {
      streamId: emailStreamId(tenantId, email),
      decider: emailReservationDecider,
      command: () => ({ type: 'ReserveEmail' as const, email, userId }),
    });
  } catch (e) {
    // Someone registered this email a moment ago: answer as for any taken email.
    if (!(e instanceof DomainError && e.code === 'CONFLICT')) throw e;
    const now = await findAccount(deps.store, tenantId, email);
    return now ? tellOwner(deps, tenantId, now.userId!, cmd, client, linkBase) : [];
  }
  const registered = await handleCommand(deps, ctx, {
    streamId: userStreamId(userId),
    decider: userDecider,
    command: (at) => ({
      type: 'RegisterUser' as const,
      userId,
      email,
      name: cmd.name,
      role: 'customer' as const,
      passwordHash,
      emailVerified: false,
      now: at,
    }),
    // A fresh salt per call: the password is not part of what a retry must repeat.
    perAttempt: { passwordHash: undefined },
  });
  const mailed = await requestVerification(
    deps,
    tenantId,
    userId,
    `${cmd.commandId}:verify`,
    linkBase,
  );
  return [registered.position, ...mailed].filter((p): p is Position => p !== null);
}

/** Mails a fresh confirmation link (any earlier unexpired link keeps working). */
export async function requestVerification(
  deps: AccountDeps,
  tenantId: string,
  userId: string,
  commandId: string,
  linkBase: string,
): Promise<Position[]> {
  const requestId = uuidFrom(`verify-email:${tenantId}:${commandId}`);
  const token = linkToken(deps.keys.tokens, 'verify-email', userId, requestId);
  const expiresAt = new Date(
    deps.now().getTime() + deps.policy.emailVerificationHours * 3_600_000,
  ).toISOString();
  const result = await runAccountCommand(
    deps,
    selfContext(tenantId, userId, 'customer', commandId),
    userId,
    (now) => ({
      type: 'RequestEmailVerification',
      requestId,
      tokenHash: tokenHash(token),
      expiresAt,
      now,
    }),
    // The link's lifetime starts at the call; the request id and token come from the commandId.
    { expiresAt: undefined },
  );
  const event = result.events[0];
  if (!event) return [];
  const link = `${linkBase}/verify-email?token=${token}`;
  const mail = accountMails.verifyEmail(
    await brandName(deps, tenantId),
    result.state.name!,
    link,
    deps.policy.emailVerificationHours * 60,
  );
  const mailed = await queueAccountMail(deps, event, result.state.email!, mail);
  return [result.position, mailed].filter((p): p is Position => p !== null);
}

/** Tells an account's owner that someone tried to register with their email (a few times an hour at most). */
async function tellOwner(
  deps: AccountDeps,
  tenantId: string,
  userId: string,
  { commandId, nth }: { commandId: string; nth: number },
  client: Client,
  linkBase: string,
): Promise<Position[]> {
  if (nth > MAILS_PER_ACCOUNT_HOUR) return [];
  const account = (await loadAccount(deps.store, tenantId, userId))!;
  const result = await runAccountCommand(
    deps,
    selfContext(tenantId, userId, account.role!, `${commandId}:attempt`),
    userId,
    (now) => ({
      type: 'NoteRegistrationAttempt',
      ip: client.ip,
      now,
    }),
  );
  const event = result.events[0];
  if (!event) return [];
  const mail = accountMails.alreadyRegistered(
    await brandName(deps, tenantId),
    account.name!,
    `${linkBase}/login`,
    `${linkBase}/forgot-password`,
  );
  const mailed = await queueAccountMail(deps, event, account.email!, mail);
  return [result.position, mailed].filter((p): p is Position => p !== null);
}

const emailOnly = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'Use at most 254 characters.')
    .email('Enter a valid email address.'),
});

/** Sends a new confirmation link to an unconfirmed account; the same answer for any email. */
export async function resendVerification(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
  linkBase: string,
): Promise<MailNotice> {
  const { email } = parseInput(emailOnly, input);
  const now = deps.now();
  await limitMailsFrom(deps, client, now);
  const key = accountKey(tenantId, email);
  const nth = await deps.throttle.recordMail(
    tenantId,
    { accountKey: key, address: client.ip, detail: 'verify' },
    now,
  );
  afterAnswer(deps, 'confirmation link', async () => {
    if (nth > MAILS_PER_ACCOUNT_HOUR) return;
    const account = await findAccount(deps.store, tenantId, email);
    if (!account || account.emailVerified) return;
    await requestVerification(deps, tenantId, account.userId!, `resend:${randomUUID()}`, linkBase);
  });
  return { email: normaliseEmail(email), positions: [] };
}
