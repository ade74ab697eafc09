import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import { badInput, DomainError } from '../../domain/shared/decider.ts';
import type { AccountState } from '../../domain/identity/account.ts';
import type { SecondFactorProof } from '../../domain/identity/account-decider.ts';
import type { CommandContext } from '../shared/handler.ts';
import { parseInput } from '../shared/validate.ts';
import { loadAccount, runAccountCommand, type AccountDeps, type Client } from './account-deps.ts';
import { accountMails, brandName, queueAccountMail } from './account-mail.ts';
import {
  findRecoveryCode,
  looksLikeRecoveryCode,
  recoveryCodeHash,
  recoveryCodes,
} from './account-tokens.ts';
import { guardAddress, noteFailure } from './failures.ts';
import { open, seal } from './secret-box.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';
import { accountKey } from './throttle.ts';
import { verifyPassword } from './passwords.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';

/** What the set-up page shows once: the QR code, and the same secret for typing in. */
export interface TwoFactorSetup {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
  startedAt: string;
}

export const codeSchema = z
  .string()
  .trim()
  .min(1, 'Enter the code.')
  .max(32, 'That is not a code from an authenticator app.');

/**
 * Starts setting up an authenticator: a new secret, sealed into the event (never stored in
 * clear), shown to the person once as a QR code and as text. A new start replaces an older one.
 */
export async function startTwoFactorSetup(
  deps: AccountDeps,
  ctx: CommandContext,
): Promise<TwoFactorSetup> {
  const userId = ctx.actor.userId;
  const account = await loadAccount(deps.store, ctx.tenantId, userId);
  if (!account) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  const secret = newTotpSecret();
  const setupId = randomUUID();
  const result = await runAccountCommand(deps, ctx, userId, (now) => ({
    type: 'StartTwoFactorSetup',
    setupId,
    secretSealed: seal(deps.keys.totp, secret, userId),
    now,
  }));
  const uri = otpauthUri(secret, account.email!, await brandName(deps, ctx.tenantId));
  const qrCodeDataUrl = await QRCode.toDataURL(uri, {
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 232,
  });
  return {
    secret,
    otpauthUri: uri,
    qrCodeDataUrl,
    startedAt: result.events[0]!.metadata.occurredAt,
  };
}

/**
 * Turns it on with a first code from the new secret. The ten recovery codes are returned once
 * (derived from the set-up, so a retry of this command shows the same ten); only their keyed
 * hashes are stored. `signIn` finishes a staff sign-in that was held for this set-up.
 */
export async function confirmTwoFactorSetup(
  deps: AccountDeps,
  ctx: CommandContext,
  input: unknown,
  client: Client,
  signIn?: { sessionRef: string },
): Promise<{ recoveryCodes: string[]; account: AccountState; events: RecordedEvent[] }> {
  const { code } = parseInput(z.object({ code: codeSchema }), input);
  await guardAddress(deps, client, deps.now());
  const userId = ctx.actor.userId;
  const account = await loadAccount(deps.store, ctx.tenantId, userId);
  if (!account) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  if (account.twoFactor)
    throw new DomainError('CONFLICT', 'Two-factor authentication is already on.');
  const setup = account.pendingSetup;
  if (!setup)
    throw new DomainError(
      'CONFLICT',
      'Start the set-up first: scan the QR code, then enter a code.',
    );
  const step = matchTotp(code, open(deps.keys.totp, setup.secretSealed, userId), deps.now());
  if (step === null) {
    await noteFailure(
      deps,
      ctx.tenantId,
      'code',
      { key: accountKey(ctx.tenantId, account.email!), account },
      client,
      null,
    );
    throw badInput(
      'code',
      'That code does not match; scan the QR code again, check that the time on your phone is right, and enter the code shown now.',
    );
  }
  const codes = recoveryCodes(deps.keys.tokens, userId, setup.setupId);
  const result = await runAccountCommand(deps, ctx, userId, (now) => ({
    type: 'EnableTwoFactor',
    setupId: setup.setupId,
    step,
    recoveryCodeHashes: codes.map((c) => recoveryCodeHash(deps.keys.tokens, userId, c)),
    ...(signIn ? { signIn: { sessionRef: signIn.sessionRef, ip: client.ip } } : {}),
    now,
  }));
  if (!result.replayed)
    await queueAccountMail(
      deps,
      result.events[1]!,
      account.email!,
      accountMails.twoFactorChanged(await brandName(deps, ctx.tenantId), account.name!, true),
    );
  return { recoveryCodes: codes, account: result.state, events: result.events };
}

/**
 * Reads a code as a TOTP code or a recovery code and says which step or code it is; null when it
 * matches nothing. Whether that step or code was used already is the decider's call.
 */
export function readSecondFactor(
  deps: AccountDeps,
  account: AccountState,
  code: string,
): SecondFactorProof | null {
  const userId = account.userId!;
  const twoFactor = account.twoFactor;
  if (!twoFactor) return null;
  if (looksLikeRecoveryCode(code)) {
    const index = findRecoveryCode(deps.keys.tokens, userId, code, twoFactor.recoveryCodeHashes);
    return index >= 0 ? { kind: 'recovery', index } : null;
  }
  const step = matchTotp(code, open(deps.keys.totp, twoFactor.secretSealed, userId), deps.now());
  return step === null ? null : { kind: 'totp', step };
}

/** Runs `decide` with a second factor; a wrong, used or replayed code counts as a failure. */
async function withSecondFactor<T>(
  deps: AccountDeps,
  ctx: CommandContext,
  account: AccountState,
  code: string,
  client: Client,
  run: (proof: SecondFactorProof) => Promise<T>,
): Promise<T> {
  const fail = () =>
    noteFailure(
      deps,
      ctx.tenantId,
      'code',
      { key: accountKey(ctx.tenantId, account.email!), account },
      client,
      null,
    );
  const proof = readSecondFactor(deps, account, code);
  if (!proof) {
    await fail();
    throw badInput(
      'code',
      'That code is not right; enter the current code from your app, or one of your recovery codes.',
    );
  }
  try {
    return await run(proof);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'BAD_USER_INPUT') await fail();
    throw e;
  }
}

const disableSchema = z.object({
  password: z.string().min(1, 'Enter your password.').max(128, 'Use at most 128 characters.'),
  code: codeSchema,
});

/** Turns two-factor authentication off: needs the password and a code (or a recovery code). */
export async function disableTwoFactor(
  deps: AccountDeps,
  ctx: CommandContext,
  input: unknown,
  client: Client,
) {
  const { password, code } = parseInput(disableSchema, input);
  await guardAddress(deps, client, deps.now());
  const userId = ctx.actor.userId;
  const account = await loadAccount(deps.store, ctx.tenantId, userId);
  if (!account) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  if (!account.twoFactor) throw badInput('code', 'Two-factor authentication is not on.');
  if (!(await verifyPassword(password, account.passwordHash!))) {
    await noteFailure(
      deps,
      ctx.tenantId,
      'password',
      { key: accountKey(ctx.tenantId, account.email!), account },
      client,
      null,
    );
    throw badInput('password', 'This is not your password.');
  }
  const result = await withSecondFactor(deps, ctx, account, code, client, (proof) =>
    runAccountCommand(deps, { ...ctx, commandId: `2fa-off:${randomUUID()}` }, userId, (now) => ({
      type: 'DisableTwoFactor',
      proof,
      now,
    })),
  );
  await queueAccountMail(
    deps,
    result.events[1]!,
    account.email!,
    accountMails.twoFactorChanged(await brandName(deps, ctx.tenantId), account.name!, false),
  );
  return result;
}

/** Ten new recovery codes for a code from the app (the old ones stop working). */
export async function regenerateRecoveryCodes(
  deps: AccountDeps,
  ctx: CommandContext,
  input: unknown,
  client: Client,
) {
  const { code } = parseInput(z.object({ code: codeSchema }), input);
  await guardAddress(deps, client, deps.now());
  const userId = ctx.actor.userId;
  const account = await loadAccount(deps.store, ctx.tenantId, userId);
  if (!account) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  if (!account.twoFactor) throw badInput('code', 'Two-factor authentication is not on.');
  const batchId = randomUUID();
  const codes = recoveryCodes(deps.keys.tokens, userId, batchId);
  const hashes = codes.map((c) => recoveryCodeHash(deps.keys.tokens, userId, c));
  const result = await withSecondFactor(deps, ctx, account, code, client, (proof) =>
    runAccountCommand(deps, { ...ctx, commandId: `recovery-codes:${batchId}` }, userId, (now) => ({
      type: 'RegenerateRecoveryCodes',
      batchId,
      proof,
      recoveryCodeHashes: hashes,
      now,
    })),
  );
  return { recoveryCodes: codes, position: result.position };
}

export { withSecondFactor };
