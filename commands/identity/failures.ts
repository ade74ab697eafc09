import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/shared/decider.ts';
import type { AccountState } from '../../domain/identity/account.ts';
import { runAccountCommand, selfContext, type AccountDeps, type Client } from './account-deps.ts';
import { accountMails, brandName, queueAccountMail } from './account-mail.ts';
import { knownDevice } from './device-cookie.ts';
import type { Slot, ThrottleKind } from './throttle.ts';

/**
 * The caps of SECURITY.md: at most `maxFailuresPerAccount` failed passwords, codes or links an
 * hour per account, then a lock-out (an event, and a mail to the owner), and at most
 * `maxFailuresPerAddress` an hour per address across accounts.
 */
export async function guardAddress(deps: AccountDeps, client: Client, now: Date): Promise<void> {
  if ((await deps.throttle.addressFailures(client.ip, now)) >= deps.policy.maxFailuresPerAddress)
    throw networkRefused();
}

/** The refusal while an account (known or not, alike) is over its cap or locked out. */
export const lockedOut = () =>
  new DomainError(
    'RATE_LIMITED',
    'Too many failed attempts: sign-in to this account is paused for a while; wait, or reset your password by mail.',
  );

/** True when the account key is over its cap, or the account carries a lock-out not yet over. */
export async function isLocked(
  deps: AccountDeps,
  key: string,
  account: AccountState | null,
  now: Date,
): Promise<boolean> {
  if (account?.lockedUntil && Date.parse(account.lockedUntil) > now.getTime()) return true;
  return (await deps.throttle.accountFailures(key, now)) >= deps.policy.maxFailuresPerAccount;
}

/** A check under way: its reserved failure slot, and the device it came from (null: an unknown client). */
export interface Attempt {
  device: string | null;
  /** The check passed: the slot was no failure. */
  pass(): Promise<void>;
  /** The check failed: the slot stays a failure; the one that fills the unknown clients' cap locks the account out. */
  fail(): Promise<void>;
}

const networkRefused = () =>
  new DomainError(
    'RATE_LIMITED',
    'Too many failed attempts from your network; try again in an hour.',
  );

/**
 * Starts a check of a password, code or link (SECURITY.md: caps hold under concurrency). A slot
 * is reserved atomically before the check, so at most the cap is ever checked, however many
 * arrive at once. Browsers with this account's device cookie have a counter of their own and
 * pass a lock-out of unknown clients; everyone else shares the account's counter and its
 * lock-out (OWASP device cookies), so an attacker elsewhere locks out only unknown clients.
 */
export async function startAttempt(
  deps: AccountDeps,
  tenantId: string,
  kind: ThrottleKind,
  who: { key: string | null; account: AccountState | null },
  client: Client,
  linkBase: string | null,
): Promise<Attempt> {
  const now = deps.now();
  const device = who.key ? knownDevice(deps.keys.tokens, client.device, who.key) : null;
  // A mailed link is how a locked-out owner gets back in, and its 256 bits cannot be guessed:
  // link guesses are capped by address and still count towards the account's lock-out, but
  // neither a lock-out nor a full counter refuses a link (else anyone could block resets).
  const lockable = kind !== 'token';
  if (
    lockable &&
    !device &&
    who.account?.lockedUntil &&
    Date.parse(who.account.lockedUntil) > now.getTime()
  ) {
    await guardAddress(deps, client, now);
    throw lockedOut();
  }
  const slot = await deps.throttle.reserve(
    tenantId,
    kind,
    { accountKey: who.key, address: client.ip, device },
    {
      account: lockable ? deps.policy.maxFailuresPerAccount : Infinity,
      address: deps.policy.maxFailuresPerAddress,
    },
    now,
  );
  if (slot === 'address') throw networkRefused();
  if (slot === 'account') throw lockedOut();
  return {
    device,
    pass: () => deps.throttle.release(slot),
    fail: async () => {
      if (device || !who.account?.userId || slot.failures < deps.policy.maxFailuresPerAccount)
        return;
      await lockOut(deps, tenantId, who.account, slot, linkBase);
    },
  };
}

/** The unknown clients' cap is full: an `AccountLockedOut` event (once per lock-out) and a mail to the owner. */
async function lockOut(
  deps: AccountDeps,
  tenantId: string,
  account: AccountState,
  slot: Slot,
  linkBase: string | null,
): Promise<void> {
  const now = deps.now();
  const userId = account.userId!;
  const until = new Date(now.getTime() + deps.policy.lockoutMinutes * 60_000).toISOString();
  const result = await runAccountCommand(
    deps,
    selfContext(tenantId, userId, 'system', `lockout:${slot.id}`),
    userId,
    (at) => ({
      type: 'LockOut',
      failures: slot.failures,
      until,
      now: at,
    }),
    // One lock-out per slot: its end and count are read at the call, so a retry is the same lock-out.
    { failures: undefined, until: undefined },
  );
  const event = result.events[0];
  if (!event || result.replayed) return;
  const brand = await brandName(deps, tenantId);
  const reset = linkBase
    ? `${linkBase}/forgot-password`
    : 'the "Forgot password" link on the sign-in page';
  await queueAccountMail(
    deps,
    event,
    account.email!,
    accountMails.lockedOut(brand, account.name!, slot.failures, deps.policy.lockoutMinutes, reset),
  );
}

/**
 * Counts one failure; when it reaches the account's cap, locks the account out (once) and mails
 * its owner. Unknown accounts are counted the same way, so they lock alike, but get no mail.
 */
export async function noteFailure(
  deps: AccountDeps,
  tenantId: string,
  kind: ThrottleKind,
  who: { key: string | null; account: AccountState | null },
  client: Client,
  linkBase: string | null,
): Promise<void> {
  const now = deps.now();
  await deps.throttle.record(tenantId, kind, { accountKey: who.key, address: client.ip }, now);
  if (!who.key || !who.account?.userId) return;
  const failures = await deps.throttle.accountFailures(who.key, now);
  if (failures < deps.policy.maxFailuresPerAccount) return;
  const account = who.account;
  const userId = account.userId!;
  const until = new Date(now.getTime() + deps.policy.lockoutMinutes * 60_000).toISOString();
  const result = await runAccountCommand(
    deps,
    selfContext(tenantId, userId, 'system', `lockout:${randomUUID()}`),
    userId,
    (at) => ({
      type: 'LockOut',
      failures,
      until,
      now: at,
    }),
  );
  const event = result.events[0];
  if (!event) return;
  const brand = await brandName(deps, tenantId);
  const reset = linkBase
    ? `${linkBase}/forgot-password`
    : 'the "Forgot password" link on the sign-in page';
  await queueAccountMail(
    deps,
    event,
    account.email!,
    accountMails.lockedOut(brand, account.name!, failures, deps.policy.lockoutMinutes, reset),
  );
}
