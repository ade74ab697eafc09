import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/shared/decider.ts';
import type { AccountState } from '../../domain/identity/account.ts';
import { runAccountCommand, selfContext, type AccountDeps, type Client } from './account-deps.ts';
import { accountMails, brandName, queueAccountMail } from './account-mail.ts';
import type { ThrottleKind } from './throttle.ts';

/**
 * The caps of SECURITY.md: at most `maxFailuresPerAccount` failed passwords, codes or links an
 * hour per account, then a lock-out (an event, and a mail to the owner), and at most
 * `maxFailuresPerAddress` an hour per address across accounts.
 */
export async function guardAddress(deps: AccountDeps, client: Client, now: Date): Promise<void> {
  if ((await deps.throttle.addressFailures(client.ip, now)) >= deps.policy.maxFailuresPerAddress) {
    throw new DomainError('RATE_LIMITED', 'too many failed attempts from your network; try again in an hour');
  }
}

/** The refusal while an account (known or not, alike) is over its cap or locked out. */
export const lockedOut = () =>
  new DomainError('RATE_LIMITED', 'too many failed attempts: sign-in to this account is paused for a while; wait, or reset your password by mail');

/** True when the account key is over its cap, or the account carries a lock-out not yet over. */
export async function isLocked(deps: AccountDeps, key: string, account: AccountState | null, now: Date): Promise<boolean> {
  if (account?.lockedUntil && Date.parse(account.lockedUntil) > now.getTime()) return true;
  return (await deps.throttle.accountFailures(key, now)) >= deps.policy.maxFailuresPerAccount;
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
  const result = await runAccountCommand(deps, selfContext(tenantId, userId, 'system', `lockout:${randomUUID()}`), userId, { until }, (at) => ({
    type: 'LockOut',
    failures,
    until,
    now: at,
  }));
  const event = result.events[0];
  if (!event) return;
  const brand = await brandName(deps, tenantId);
  const reset = linkBase ? `${linkBase}/forgot-password` : 'the "Forgot password" link on the sign-in page';
  await queueAccountMail(deps, event, account.email!, accountMails.lockedOut(brand, account.name!, failures, deps.policy.lockoutMinutes, reset));
}
