import type { Sql } from 'postgres';
import {
  FAILURE_KINDS,
  THROTTLE_WINDOW_MS as HOUR,
  type Attempter,
  type Refusal,
  type Slot,
  type Throttle,
  type ThrottleKind,
} from '../../commands/identity/throttle.ts';

const FAILURES = [...FAILURE_KINDS];

/** auth.throttle: one row per failure or mail asked for (migrated with the sessions). */
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

/** The Throttle port on Postgres: counts are rows of auth.throttle, caps held by advisory locks. */
export class PostgresThrottle implements Throttle {
  constructor(private readonly sql: Sql) {}

  /**
   * Counting and inserting happen in one transaction under advisory locks of the address and
   * of the account's counter (address first, always, so two reservations never wait on each
   * other in a cycle).
   */
  async reserve(
    tenantId: string,
    kind: ThrottleKind,
    who: Attempter,
    caps: { account: number; address: number },
    now: Date,
  ): Promise<Slot | Refusal> {
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

  async release(slot: Slot): Promise<void> {
    await this.sql`delete from auth.throttle where id = ${slot.id}`;
  }

  async record(
    tenantId: string,
    kind: ThrottleKind,
    who: { accountKey: string | null; address: string; detail?: string },
    now: Date,
  ): Promise<void> {
    await this.sql`
      insert into auth.throttle (tenant_id, account_key, address, kind, detail, at)
      values (${tenantId}, ${who.accountKey}, ${who.address}, ${kind}, ${who.detail ?? null}, ${now})`;
    // Rows older than a day decide nothing; clear them now and then rather than on a timer.
    if (Math.random() < 0.01)
      await this.sql`delete from auth.throttle where at < ${new Date(now.getTime() - 24 * HOUR)}`;
  }

  async recordMail(
    tenantId: string,
    who: { accountKey: string; address: string; detail: string },
    now: Date,
  ): Promise<number> {
    await this.record(tenantId, 'mail', who, now);
    return this.mails({ accountKey: who.accountKey }, who.detail, now);
  }

  /** Decided under an advisory lock of the account, in the transaction that records the request. */
  async grantMail(
    tenantId: string,
    who: Attempter & { accountKey: string; detail: string },
    caps: { perRequester: number; unknown: number },
    now: Date,
  ): Promise<boolean> {
    const since = new Date(now.getTime() - HOUR);
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7240103, hashtext(${who.accountKey}))`;
      const [row] = await tx`
        select count(*) filter (where ${who.device}::text is not null and device = ${who.device}
                                   or ${who.device}::text is null and device is null and address = ${who.address})::int as requester,
               count(*) filter (where device is null)::int as unknown
        from auth.throttle
        where account_key = ${who.accountKey} and kind = 'mail' and detail = ${who.detail} and at > ${since}`;
      const granted =
        row!.requester < caps.perRequester && (who.device !== null || row!.unknown < caps.unknown);
      await tx`
        insert into auth.throttle (tenant_id, account_key, address, kind, detail, device, at)
        values (${tenantId}, ${who.accountKey}, ${who.address}, 'mail', ${granted ? who.detail : `${who.detail}-refused`}, ${who.device}, ${now})`;
      return granted;
    }) as Promise<boolean>;
  }

  async accountFailures(key: string, now: Date, device: string | null = null): Promise<number> {
    const [row] = await this.sql`
      select count(*)::int as n from auth.throttle
      where account_key = ${key} and device is not distinct from ${device} and kind = any(${FAILURES}) and at > ${new Date(now.getTime() - HOUR)}`;
    return row!.n as number;
  }

  async addressFailures(address: string, now: Date): Promise<number> {
    const [row] = await this.sql`
      select count(*)::int as n from auth.throttle
      where address = ${address} and kind = any(${FAILURES}) and at > ${new Date(now.getTime() - HOUR)}`;
    return row!.n as number;
  }

  async mails(
    who: { accountKey?: string; address?: string },
    detail: string | null,
    now: Date,
  ): Promise<number> {
    const since = new Date(now.getTime() - HOUR);
    const [row] = who.accountKey
      ? await this
          .sql`select count(*)::int as n from auth.throttle where account_key = ${who.accountKey} and kind = 'mail' and (${detail}::text is null or detail = ${detail}) and at > ${since}`
      : await this
          .sql`select count(*)::int as n from auth.throttle where address = ${who.address!} and kind = 'mail' and at > ${since}`;
    return row!.n as number;
  }

  async forgive(key: string, device: string | null = null): Promise<void> {
    await this
      .sql`delete from auth.throttle where account_key = ${key} and device is not distinct from ${device} and kind = any(${FAILURES})`;
  }

  async forgiveAll(key: string): Promise<void> {
    await this
      .sql`delete from auth.throttle where account_key = ${key} and kind = any(${FAILURES})`;
  }
}
