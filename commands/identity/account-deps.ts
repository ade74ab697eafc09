import { fold } from '../../domain/shared/decider.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import { emailReservationDecider } from '../../domain/identity/user.ts';
import {
  accountDecider,
  type AccountCommand,
  type AccountStreamEvent,
} from '../../domain/identity/account-decider.ts';
import type { AccountState } from '../../domain/identity/account.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { handleCommand, type CommandContext, type CommandSpec } from '../shared/handler.ts';
import { emailStreamId } from './register.ts';
import type { SignInDeps } from './sign-in.ts';
import type { Throttle } from './throttle.ts';
import type { Challenges } from './challenges.ts';
import type { PermissionDeps } from '../shared/authorize.ts';

/** The account rules that are settings (server/config.ts). */
export interface AccountPolicy {
  staffTwoFactorGraceDays: number;
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  lockoutMinutes: number;
  passwordResetMinutes: number;
  emailVerificationHours: number;
}

export const defaultAccountPolicy: AccountPolicy = {
  staffTwoFactorGraceDays: 7,
  maxFailuresPerAccount: 100,
  maxFailuresPerAddress: 100,
  lockoutMinutes: 60,
  passwordResetMinutes: 30,
  emailVerificationHours: 24,
};

/** Mails of one kind an account gets per hour, and mails one address may ask for per hour. */
export const MAILS_PER_ACCOUNT_HOUR = 3;
export const MAILS_PER_ADDRESS_HOUR = 20;

export interface AccountDeps extends SignInDeps, PermissionDeps {
  /** 32-byte keys generated once under DATA_DIR: `totp` seals authenticator secrets, `tokens` derives links and recovery codes. */
  keys: { totp: Buffer; tokens: Buffer };
  policy: AccountPolicy;
  throttle: Throttle;
  challenges: Challenges;
  /** Work started by `afterAnswer` and not finished yet (tests and shutdown wait on it). */
  inFlight?: Set<Promise<unknown>>;
  /** Where failures of that work are reported (nobody is waiting for its answer). */
  log?: (message: string, error: unknown) => void;
}

/**
 * Runs work after the answer, so the answer takes the same time whatever the work finds.
 * Public mutations that look an email up (register, reset, resend) would otherwise answer
 * later for an email that has an account (appends, a mail) than for one that has none.
 */
export function afterAnswer(deps: AccountDeps, what: string, work: () => Promise<unknown>): void {
  const running: Promise<unknown> = work()
    .catch((error) => deps.log?.(`${what} failed after answering`, error))
    .finally(() => deps.inFlight?.delete(running));
  deps.inFlight?.add(running);
}

/** Who is on the other end of a request (for rate limits, the session list and the activity log). */
export interface Client {
  ip: string;
  userAgent: string;
  /** The browser's device cookie as sent (checked by `knownDevice`, never trusted as is). */
  device?: string | null;
}

/** The account of a tenant by id, from its stream; null when there is none in this tenant. */
export async function loadAccount(
  store: EventStore,
  tenantId: string,
  userId: string,
): Promise<AccountState | null> {
  const events = await store.readStream(userStreamId(userId));
  if (events.length === 0 || events[0]!.metadata.tenantId !== tenantId) return null;
  const state = fold(accountDecider, events as unknown as AccountStreamEvent[]);
  return state.userId ? state : null;
}

/** The account holding `email` in a tenant, from the reservation stream (not a read model). */
export async function findAccount(
  store: EventStore,
  tenantId: string,
  email: string,
): Promise<AccountState | null> {
  const reservation = fold(
    emailReservationDecider,
    (await store.readStream(emailStreamId(tenantId, email))) as never,
  );
  return reservation.userId ? loadAccount(store, tenantId, reservation.userId) : null;
}

/** Decides an account command on the user's stream (load, decide, append, retry on conflict). */
export function runAccountCommand(
  deps: AccountDeps,
  ctx: CommandContext,
  userId: string,
  command: (now: string) => AccountCommand,
  perAttempt?: CommandSpec<AccountCommand, AccountStreamEvent, AccountState>['perAttempt'],
) {
  return handleCommand(deps, ctx, {
    streamId: userStreamId(userId),
    decider: accountDecider,
    command,
    ...(perAttempt ? { perAttempt } : {}),
  });
}

/** The context for commands an account takes on itself (signed out: reset links, sign-in steps). */
export const selfContext = (
  tenantId: string,
  userId: string,
  role: string,
  commandId: string,
): CommandContext => ({
  tenantId,
  actor: { userId, role },
  commandId,
});
