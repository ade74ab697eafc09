import { createHash } from 'node:crypto';
import { normaliseEmail } from '../../domain/identity/user.ts';

/**
 * Counts what attackers repeat: failed passwords, codes and link tokens, and mails asked for.
 * Operational state, not a read model and not the event log: a failed guess changes no account
 * (what follows from the counts, a lock-out, is an event). The Postgres side, `auth.throttle`
 * beside the sessions, is integrations/identity/throttle-postgres.ts; server/ wires it in.
 *
 * Accounts are keyed by a hash of tenant and email, whether or not the account exists, so an
 * unknown email locks and answers exactly like a known one (no enumeration by lock-out).
 */
export type ThrottleKind = 'password' | 'code' | 'token' | 'mail';
/** The kinds that count as failures (mails are counted on their own). */
export const FAILURE_KINDS: readonly ThrottleKind[] = ['password', 'code', 'token'];
/** Every cap counts within this window. */
export const THROTTLE_WINDOW_MS = 3_600_000;

export const accountKey = (tenantId: string, email: string) =>
  createHash('sha256')
    .update(`${tenantId}:${normaliseEmail(email)}`)
    .digest('hex')
    .slice(0, 40);

/** Who tries: the account (hashed key; null when the attempt names none), the address, the device cookie's id if valid. */
export interface Attempter {
  accountKey: string | null;
  address: string;
  /** The nonce of a valid device cookie for this account (a known browser); null for unknown clients. */
  device: string | null;
}

/** Why a slot was refused: the address is over its cap, or this account's (unknown clients' or this device's) is. */
export type Refusal = 'address' | 'account';

/** A reserved failure slot: the row's id and how many failures (this one included) the account's counter holds. */
export interface Slot {
  id: string;
  failures: number;
}

export interface Throttle {
  /**
   * Reserves one failure slot before a password, code or link is checked, so a cap holds under
   * concurrency: counting and taking the slot are one atomic step per address and per account
   * counter. The slot counts as a failure while the check runs; `release` it when the check
   * passes. A known device has its own counter; unknown clients of an account share one.
   */
  reserve(
    tenantId: string,
    kind: ThrottleKind,
    who: Attempter,
    caps: { account: number; address: number },
    now: Date,
  ): Promise<Slot | Refusal>;

  /** The check passed: the reserved slot was no failure. */
  release(slot: Slot): Promise<void>;

  /** Records one attempt of `kind` (a failure, or a mail asked for). */
  record(
    tenantId: string,
    kind: ThrottleKind,
    who: { accountKey: string | null; address: string; detail?: string },
    now: Date,
  ): Promise<void>;

  /**
   * Records a mail an account asked for and says which one it is within the hour (1 for the
   * first), counted when asked: work done after the answer must not count later requests.
   */
  recordMail(
    tenantId: string,
    who: { accountKey: string; address: string; detail: string },
    now: Date,
  ): Promise<number>;

  /**
   * Records a mail of one purpose asked for an account, and says whether it may go: at most
   * `caps.perRequester` an hour from the same requester (this known device; or this address
   * among unknown clients) and `caps.unknown` from all unknown clients of the account together.
   * Decided when asked, atomically per account, so later work cannot change the order; a
   * refused request is kept (as `<detail>-refused`) for the address's own count only.
   */
  grantMail(
    tenantId: string,
    who: Attempter & { accountKey: string; detail: string },
    caps: { perRequester: number; unknown: number },
    now: Date,
  ): Promise<boolean>;

  /** Failures (passwords, codes, tokens) for an account's unknown clients (or one known device) within the last hour. */
  accountFailures(key: string, now: Date, device?: string | null): Promise<number>;

  /** Failures from one address within the last hour, across accounts and tenants. */
  addressFailures(address: string, now: Date): Promise<number>;

  /** Mails of one purpose (`detail`) asked for within the last hour, per account or per address. */
  mails(
    who: { accountKey?: string; address?: string },
    detail: string | null,
    now: Date,
  ): Promise<number>;

  /**
   * A full sign-in forgives the earlier failures of the counter it came through: a known
   * device's own, or the unknown clients' (the address keeps its count). A sign-in from the
   * owner's browser does not hand an attacker elsewhere a fresh allowance.
   */
  forgive(key: string, device?: string | null): Promise<void>;

  /** A password reset by mail proves the mailbox: every counter of the account starts again. */
  forgiveAll(key: string): Promise<void>;
}
