import { permissionCatalog } from '../../domain/identity/permissions.ts';
import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { userDecider } from '../../domain/identity/user.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import { twoFactorDeadline, type AccountState } from '../../domain/identity/account.ts';
import type { SecondFactorProof } from '../../domain/identity/account-decider.ts';
import { handleCommand, type CommandDeps } from '../shared/handler.ts';
import { parseInput } from '../shared/validate.ts';
import {
  defaultAccountPolicy,
  findAccount,
  runAccountCommand,
  selfContext,
  type AccountDeps,
  type Client,
} from './account-deps.ts';
import { startAttempt } from './failures.ts';
import { knownDevice } from './device-cookie.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import type { SessionStore } from './sessions.ts';
import { accountKey } from './throttle.ts';

export interface SignInDeps extends CommandDeps {
  sql: Sql;
  sessions: SessionStore;
  bcryptCost: number;
}

/** What comes after the password: done, a code, a forced authenticator set-up, a new password instead of an initial one, or confirming the email. */
export type SignInNext = 'DONE' | 'TOTP' | 'TOTP_SETUP' | 'PASSWORD_CHANGE' | 'VERIFY_EMAIL';

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: string;
  staffRole: string | null;
  tenantId: string;
}

export interface SignInOutcome {
  next: SignInNext;
  session?: { token: string; ref: string };
  user?: SignedInUser;
  /** For TOTP, TOTP_SETUP and PASSWORD_CHANGE: the token of the next step, and when it stops working. */
  challenge?: { token: string; expiresAt: Date };
}

const signInSchema = z.object({
  email: z.string().max(254, 'Use at most 254 characters.'),
  password: z.string().max(128, 'Use at most 128 characters.'),
});

/** One answer for every failure, so sign-in never tells whether an account exists. */
const refused = () => new DomainError('UNAUTHENTICATED', 'Wrong email or password.');

/**
 * The password step. Refuses while the address or the account is over its failure cap (an
 * unknown email locks like a known one), checks the password (against a dummy hash when there
 * is no account, so timing does not tell), then: asks for a code when two-factor is on, holds a
 * staff account past its grace period for an authenticator set-up, asks an unconfirmed account
 * to confirm its email, asks for a new password when the account still has the initial one
 * someone else chose, or opens a session (a new id) and records the sign-in.
 */
export async function startSignIn(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
  linkBase: string | null,
): Promise<SignInOutcome> {
  const { email, password } = parseInput(signInSchema, input);
  const now = deps.now();
  const key = accountKey(tenantId, email);
  const account = await findAccount(deps.store, tenantId, email);
  const attempt = await startAttempt(
    deps,
    tenantId,
    'password',
    { key, account },
    client,
    linkBase,
  );
  const ok = await verifyPassword(
    password,
    account?.passwordHash ?? (await dummyPasswordHash(deps.bcryptCost)),
  );
  if (!account || !ok) {
    await attempt.fail();
    throw refused();
  }
  await attempt.pass();
  // The password was right: what follows may say that the account exists.
  if (account.suspended)
    throw new DomainError('FORBIDDEN', 'This account is suspended; contact support.');
  if (!account.emailVerified) return { next: 'VERIFY_EMAIL' };
  if (account.passwordChangeRequired) {
    // Someone else chose this password (and saw it): its holder replaces it before any session.
    const challenge = await deps.challenges.create(
      { userId: account.userId!, tenantId, kind: 'password', ...client },
      now,
    );
    return { next: 'PASSWORD_CHANGE', challenge };
  }
  return afterPassword(deps, tenantId, account, client);
}

/** After a right password (and a new one, if it had to change): a code, a forced set-up, or a session. */
export async function afterPassword(
  deps: AccountDeps,
  tenantId: string,
  account: AccountState,
  client: Client,
): Promise<SignInOutcome> {
  const now = deps.now();
  const userId = account.userId!;
  if (account.twoFactor) {
    const challenge = await deps.challenges.create(
      { userId, tenantId, kind: 'totp', ...client },
      now,
    );
    return { next: 'TOTP', challenge };
  }
  const deadline = twoFactorDeadline(account, deps.policy.staffTwoFactorGraceDays);
  if (deadline && Date.parse(deadline) <= now.getTime()) {
    const challenge = await deps.challenges.create(
      { userId, tenantId, kind: 'setup', ...client },
      now,
    );
    return { next: 'TOTP_SETUP', challenge };
  }
  return { next: 'DONE', ...(await openSession(deps, tenantId, account, client, null)) };
}

/**
 * Opens a session and records the sign-in (with the second factor, if any) on the account's
 * stream. The decider has the last word (suspended, unconfirmed, locked, code replayed): when it
 * refuses, the session just made is ended before it was ever handed out.
 */
export async function openSession(
  deps: AccountDeps,
  tenantId: string,
  account: AccountState,
  client: Client,
  proof: SecondFactorProof | null,
) {
  const userId = account.userId!;
  const key = accountKey(tenantId, account.email!);
  const device = knownDevice(deps.keys.tokens, client.device, key);
  const session = await deps.sessions.create(
    userId,
    tenantId,
    client.ip,
    client.userAgent,
    deps.now(),
  );
  try {
    await runAccountCommand(
      deps,
      selfContext(tenantId, userId, account.role!, `signin:${session.ref}`),
      userId,
      (now) => ({
        type: 'SignIn',
        sessionRef: session.ref,
        ip: client.ip,
        proof,
        staffGraceDays: deps.policy.staffTwoFactorGraceDays,
        knownDevice: device !== null,
        now,
      }),
    );
  } catch (e) {
    await deps.sessions.end(session.token, deps.now());
    throw e;
  }
  await deps.throttle.forgive(key, device);
  return { session, user: signedInUser(account, tenantId) };
}

export const signedInUser = (account: AccountState, tenantId: string): SignedInUser => ({
  id: account.userId!,
  email: account.email!,
  name: account.name!,
  role: account.role!,
  staffRole: account.staffRole,
  tenantId,
});

/**
 * Password-only sign-in for accounts without a second step (scripts and tests that predate
 * two-factor). Takes the plain sign-in dependencies and the failure counters and challenges
 * (ports the composition root wires), and fills in the rest.
 */
export async function signIn(
  deps: SignInDeps & Pick<AccountDeps, 'throttle' | 'challenges'> & Partial<AccountDeps>,
  tenantId: string,
  input: unknown,
  client: Client,
) {
  const full: AccountDeps = {
    ...deps,
    keys: deps.keys ?? { totp: randomBytes(32), tokens: randomBytes(32) },
    policy: deps.policy ?? defaultAccountPolicy,
    // Signing in weighs no staff role.
    permissions: deps.permissions ?? permissionCatalog([]),
  };
  const outcome = await startSignIn(full, tenantId, input, client, null);
  if (outcome.next !== 'DONE')
    throw new DomainError('UNAUTHENTICATED', `This sign-in needs another step (${outcome.next}).`);
  return { token: outcome.session!.token, ref: outcome.session!.ref, user: outcome.user! };
}

export async function signOut(
  deps: SignInDeps,
  tenantId: string,
  token: string,
  actor: { userId: string; role: string; impersonatorId?: string },
) {
  const ref = await deps.sessions.end(token, deps.now());
  if (!ref) return;
  await handleCommand(
    deps,
    { tenantId, actor, commandId: `signout:${ref}` },
    {
      streamId: userStreamId(actor.userId),
      decider: userDecider,
      command: (now) => ({ type: 'RecordSignOut' as const, sessionRef: ref, now }),
    },
  );
}
