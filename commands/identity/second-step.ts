import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { parseInput } from '../shared/validate.ts';
import { loadAccount, selfContext, type AccountDeps, type Client } from './account-deps.ts';
import type { Challenge, ChallengeKind } from './challenges.ts';
import { guardAddress, startAttempt } from './failures.ts';
import { afterPassword, openSession, signedInUser, type SignInOutcome } from './sign-in.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { passwordSchema } from './register.ts';
import { runAccountCommand } from './account-deps.ts';
import { weakPasswordReason } from '../../domain/identity/password-policy.ts';
import {
  codeSchema,
  confirmTwoFactorSetup,
  readSecondFactor,
  startTwoFactorSetup,
} from './two-factor.ts';
import { accountKey } from './throttle.ts';
import { knownDevice } from './device-cookie.ts';
import { badInput } from '../../domain/shared/decider.ts';

const challengeSchema = z.string().trim().min(1, 'Sign in again.').max(100, 'Sign in again.');
const expired = () =>
  new DomainError(
    'UNAUTHENTICATED',
    'This sign-in has expired or had too many wrong codes; sign in again.',
  );

/** Takes one attempt of the browser's challenge; a dead challenge counts against the address. */
async function takeChallenge(
  deps: AccountDeps,
  tenantId: string,
  token: string,
  kind: ChallengeKind,
  client: Client,
): Promise<Challenge> {
  await guardAddress(deps, client, deps.now());
  const challenge = await deps.challenges.attempt(token, tenantId, kind, deps.now());
  if (!challenge) {
    await deps.throttle.record(
      tenantId,
      'code',
      { accountKey: null, address: client.ip },
      deps.now(),
    );
    throw expired();
  }
  return challenge;
}

/**
 * The second step: a code from the app (or a recovery code) for the challenge the password step
 * gave. Five wrong codes end the challenge; every wrong code counts against the account and the
 * address. A code's time step is accepted once (the decider refuses it again).
 */
export async function completeSignIn(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
) {
  const { challenge, code } = parseInput(
    z.object({ challenge: challengeSchema, code: codeSchema }),
    input,
  );
  const taken = await takeChallenge(deps, tenantId, challenge, 'totp', client);
  const account = await loadAccount(deps.store, tenantId, taken.userId);
  if (!account?.twoFactor) throw expired();
  const key = accountKey(tenantId, account.email!);
  const attempt = await startAttempt(deps, tenantId, 'code', { key, account }, client, null);
  const proof = readSecondFactor(deps, account, code);
  if (!proof) {
    await attempt.fail();
    throw badInput(
      'code',
      'That code is not right; enter the current code from your app, or one of your recovery codes.',
    );
  }
  let opened;
  try {
    opened = await openSession(deps, tenantId, account, client, proof);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'BAD_USER_INPUT') await attempt.fail();
    else await attempt.pass();
    throw e;
  }
  await attempt.pass();
  // Two tabs racing with two good codes: one challenge gives one session.
  if (!(await deps.challenges.consume(challenge, deps.now()))) {
    await deps.sessions.end(opened.session.token, deps.now());
    throw expired();
  }
  return opened;
}

/** A staff account held at sign-in for a set-up: starts it (QR code and secret). */
export async function startHeldSetup(
  deps: AccountDeps,
  tenantId: string,
  challenge: string,
  client: Client,
) {
  const taken = await takeChallenge(
    deps,
    tenantId,
    challengeSchema.parse(challenge),
    'setup',
    client,
  );
  return startTwoFactorSetup(
    deps,
    selfContext(tenantId, taken.userId, 'admin', `2fa-setup:${randomUUID()}`),
  );
}

/** Confirms the held set-up with a first code; two-factor goes on and the sign-in completes. */
export async function confirmHeldSetup(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
) {
  const { challenge, code } = parseInput(
    z.object({ challenge: challengeSchema, code: codeSchema }),
    input,
  );
  const taken = await takeChallenge(deps, tenantId, challenge, 'setup', client);
  const session = await deps.sessions.create(
    taken.userId,
    tenantId,
    client.ip,
    client.userAgent,
    deps.now(),
  );
  let confirmed;
  try {
    confirmed = await confirmTwoFactorSetup(
      deps,
      selfContext(tenantId, taken.userId, 'admin', `2fa-on:${randomUUID()}`),
      { code },
      client,
      { sessionRef: session.ref },
    );
  } catch (e) {
    await deps.sessions.end(session.token, deps.now());
    throw e;
  }
  if (!(await deps.challenges.consume(challenge, deps.now()))) {
    await deps.sessions.end(session.token, deps.now());
    throw expired();
  }
  const key = accountKey(tenantId, confirmed.account.email!);
  await deps.throttle.forgive(key, knownDevice(deps.keys.tokens, client.device, key));
  const account = (await loadAccount(deps.store, tenantId, taken.userId))!;
  return {
    session,
    user: signedInUser(account, tenantId),
    recoveryCodes: confirmed.recoveryCodes,
    position: confirmed.events.at(-1)!.position,
  };
}

/**
 * The step after an initial password (one someone else chose and saw, e.g. for a new staff
 * member): the holder chooses their own, then sign-in goes on as after any right password
 * (a code, a forced authenticator set-up, or a session). The new one must differ from it.
 */
export async function chooseNewPassword(
  deps: AccountDeps,
  tenantId: string,
  input: unknown,
  client: Client,
): Promise<SignInOutcome> {
  const { challenge, password } = parseInput(
    z.object({ challenge: challengeSchema, password: passwordSchema }),
    input,
  );
  const taken = await takeChallenge(deps, tenantId, challenge, 'password', client);
  const account = await loadAccount(deps.store, tenantId, taken.userId);
  if (!account?.passwordChangeRequired || account.suspended) throw expired();
  const weak = weakPasswordReason(password, account);
  if (weak) throw badInput('password', weak);
  if (await verifyPassword(password, account.passwordHash!))
    throw badInput('password', 'Choose a password of your own, not the one you were given.');
  const passwordHash = await hashPassword(password, deps.bcryptCost);
  // One challenge changes the password once, even from two tabs.
  if (!(await deps.challenges.consume(challenge, deps.now()))) throw expired();
  await runAccountCommand(
    deps,
    selfContext(tenantId, account.userId!, account.role!, `first-password:${randomUUID()}`),
    account.userId!,
    (now) => ({
      type: 'ChangePassword',
      passwordHash,
      now,
    }),
  );
  return afterPassword(
    deps,
    tenantId,
    (await loadAccount(deps.store, tenantId, account.userId!))!,
    client,
  );
}
