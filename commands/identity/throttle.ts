import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import { normaliseEmail } from '../../domain/identity/user.ts';

/**
 * Counts what attackers repeat: failed passwords, codes and link tokens, and mails asked for.
 * Rows live in `auth.throttle` (beside the sessions), not in the event log: a failed guess
 * changes no account. What follows from them, a lock-out, is an event.
 *
 * Accounts are keyed by a hash of tenant and email, whether or not the account exists, so an
 * unknown email locks and answers exactly like a known one (no enumeration by lock-out).
 */
export type ThrottleKind = 'password' | 'code' | 'token' | 'mail';
const FAILURES: ThrottleKind[] = ['password', 'code', 'token'];
const HOUR = 3_600_000;

export const accountKey = (tenantId: string, email: string) =>
  createHash('sha256').update(`${tenantId}:${normaliseEmail(email)}`).digest('hex').slice(0, 40);

export async function migrateThrottle(sql: Sql): Promise<void> {
  await sql.unsafe(`create schema if not exists auth;
    create table if not exists auth.throttle (
      id bigserial primary key,
      tenant_id text not null,
      account_key text,
      address text not null,
      kind text not null,
      detail text,
      at timestamptz not null
    );
    create index if not exists throttle_by_account on auth.throttle (account_key, at) where account_key is not null;
    create index if not exists throttle_by_address on auth.throttle (address, at);
    alter table auth.throttle add column if not exists device text;`);
}

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

export class Throttle {
  constructor(private readonly sql: Sql) {}

  /**
   * Reserves one failure slot before a password, code or link is checked, so a cap holds under
   * concurrency: counting and inserting happen under advisory locks of the address and of the
   * account's counter (address first, always, so two reservations never wait on each other in a
   * cycle). The slot counts as a failure while the check runs; `release` it when the check passes.
   * A known device has its own counter; unknown clients of an account share one.
   */
  async reserve(tenantId: string, kind: ThrottleKind, who: Attempter, caps: { account: number; address: number }, now: Date): Promise<Slot | Refusal> {
    const since = new Date(now.getTime() - HOUR);
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7240101, hashtext(${who.address}))`;
      const [byAddress] = await tx`
        select count(*)::int as n from auth.throttle where address = ${who.address} and kind = any(${FAILURES}) and at > ${since}`;
      if (byAddress!.n >= caps.address) return 'address' as const;
      let failures = 0;
      if (who.accountKey) {
        await tx`select pg_advisory_xact_lock(7240102, hashtext(${`${who.accountKey}:${who.device ?? ''}`}))`;
        const [byAccount] = await tx`
          select count(*)::int as n from auth.throttle
          where account_key = ${who.accountKey} and device is not distinct from ${who.device} and kind = any(${FAILURES}) and at > ${since}`;
        if (byAccount!.n >= caps.account) return 'account' as const;
        failures = byAccount!.n + 1;
      }
      const [row] = await tx`
        insert into auth.throttle (tenant_id, account_key, address, kind, device, at)
        values (${tenantId}, ${who.accountKey}, ${who.address}, ${kind}, ${who.device}, ${now}) returning id::text`;
      return { id: row!.id as string, failures };
    }) as Promise<Slot | Refusal>;
  }

  /** The check passed: the reserved slot was no failure. */
  async release(slot: Slot): Promise<void> {
    await this.sql`delete from auth.throttle where id = ${slot.id}`;
  }

  async record(tenantId: string, kind: ThrottleKind, who: { accountKey: string | null; address: string; detail?: string }, now: Date): Promise<void> {
    await this.sql`
      insert into auth.throttle (tenant_id, account_key, address, kind, detail, at)
      values (${tenantId}, ${who.accountKey}, ${who.address}, ${kind}, ${who.detail ?? null}, ${now})`;
    // Rows older than a day decide nothing; clear them now and then rather than on a timer.
    if (Math.random() < 0.01) await this.sql`delete from auth.throttle where at < ${new Date(now.getTime() - 24 * HOUR)}`;
  }

  /**
   * Records a mail an account asked for and says which one it is within the hour (1 for the
   * first), counted when asked: work done after the answer must not count later requests.
   */
  async recordMail(tenantId: string, who: { accountKey: string; address: string; detail: string }, now: Date): Promise<number> {
    await this.record(tenantId, 'mail', who, now);
    return this.mails({ accountKey: who.accountKey }, who.detail, now);
  }

  /**
   * Records a mail of one purpose asked for an account, and says whether it may go: at most
   * `caps.perRequester` an hour from the same requester (this known device; or this address
   * among unknown clients) and `caps.unknown` from all unknown clients of the account together.
   * Decided when asked, under a lock of the account, so later work cannot change the order;
   * a refused request is kept (as `<detail>-refused`) for the address's own count only.
   */
  async grantMail(tenantId: string, who: Attempter & { accountKey: string; detail: string }, caps: { perRequester: number; unknown: number }, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - HOUR);
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7240103, hashtext(${who.accountKey}))`;
      const [row] = await tx`
        select count(*) filter (where ${who.device}::text is not null and device = ${who.device}
                                   or ${who.device}::text is null and device is null and address = ${who.address})::int as requester,
               count(*) filter (where device is null)::int as unknown
        from auth.throttle
        where account_key = ${who.accountKey} and kind = 'mail' and detail = ${who.detail} and at > ${since}`;
      const granted = row!.requester < caps.perRequester && (who.device !== null || row!.unknown < caps.unknown);
      await tx`
        insert into auth.throttle (tenant_id, account_key, address, kind, detail, device, at)
        values (${tenantId}, ${who.accountKey}, ${who.address}, 'mail', ${granted ? who.detail : `${who.detail}-refused`}, ${who.device}, ${now})`;
      return granted;
    }) as Promise<boolean>;
  }

  /** Failures (passwords, codes, tokens) for an account's unknown clients (or one known device) within the last hour. */
  async accountFailures(key: string, now: Date, device: string | null = null): Promise<number> {
    const [row] = await this.sql`
      select count(*)::int as n from auth.throttle
      where account_key = ${key} and device is not distinct from ${device} and kind = any(${FAILURES}) and at > ${new Date(now.getTime() - HOUR)}`;
    return row!.n as number;
  }

  /** Failures from one address within the last hour, across accounts and tenants. */
  async addressFailures(address: string, now: Date): Promise<number> {
    const [row] = await this.sql`
      select count(*)::int as n from auth.throttle
      where address = ${address} and kind = any(${FAILURES}) and at > ${new Date(now.getTime() - HOUR)}`;
    return row!.n as number;
  }

  /** Mails of one purpose (`detail`) asked for within the last hour, per account or per address. */
  async mails(who: { accountKey?: string; address?: string }, detail: string | null, now: Date): Promise<number> {
    const since = new Date(now.getTime() - HOUR);
    const [row] = who.accountKey
      ? await this.sql`select count(*)::int as n from auth.throttle where account_key = ${who.accountKey} and kind = 'mail' and (${detail}::text is null or detail = ${detail}) and at > ${since}`
      : await this.sql`select count(*)::int as n from auth.throttle where address = ${who.address!} and kind = 'mail' and at > ${since}`;
    return row!.n as number;
  }

  /**
   * A full sign-in forgives the earlier failures of the counter it came through: a known
   * device's own, or the unknown clients' (the address keeps its count). A sign-in from the
   * owner's browser does not hand an attacker elsewhere a fresh allowance.
   */
  async forgive(key: string, device: string | null = null): Promise<void> {
    await this.sql`delete from auth.throttle where account_key = ${key} and device is not distinct from ${device} and kind = any(${FAILURES})`;
  }

  /** A password reset by mail proves the mailbox: every counter of the account starts again. */
  async forgiveAll(key: string): Promise<void> {
    await this.sql`delete from auth.throttle where account_key = ${key} and kind = any(${FAILURES})`;
  }
}
