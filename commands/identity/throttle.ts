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
    create index if not exists throttle_by_address on auth.throttle (address, at);`);
}

export class Throttle {
  constructor(private readonly sql: Sql) {}

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

  /** Failures (passwords, codes, tokens) for an account within the last hour. */
  async accountFailures(key: string, now: Date): Promise<number> {
    const [row] = await this.sql`
      select count(*)::int as n from auth.throttle
      where account_key = ${key} and kind = any(${FAILURES}) and at > ${new Date(now.getTime() - HOUR)}`;
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

  /** A full sign-in forgives the account's earlier failures (the address keeps its count). */
  async forgive(key: string): Promise<void> {
    await this.sql`delete from auth.throttle where account_key = ${key} and kind = any(${FAILURES})`;
  }
}
