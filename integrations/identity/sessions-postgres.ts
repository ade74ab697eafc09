import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import {
  hashToken,
  type ActiveSession,
  type SessionRecord,
  type SessionStore,
} from '../../commands/identity/sessions.ts';
import { migrateChallenges } from './challenges-postgres.ts';
import { migrateThrottle } from './throttle-postgres.ts';

/** How stale `last_seen_at` may get before a request refreshes it. */
const TOUCH_EVERY_MS = 60_000;

/** The SessionStore port on Postgres: auth.sessions; each end is one conditional update. */
export class PostgresSessionStore implements SessionStore {
  constructor(
    private readonly sql: Sql,
    private readonly idleMinutes: number,
    private readonly absoluteHours: number,
    /** An impersonation's own, shorter lifetime (IMPERSONATION_MINUTES). */
    private readonly impersonationMinutes = 30,
  ) {}

  /**
   * Live: not ended, within both timeouts, an impersonation within its own lifetime and its
   * admin's session (the parent) still live. Whatever ends the admin's sessions (password
   * change or reset, signing out elsewhere, two-factor change, suspension) ends it too.
   */
  private live(now: Date, alias: string) {
    const idle = new Date(now.getTime() - this.idleMinutes * 60_000);
    const absolute = new Date(now.getTime() - this.absoluteHours * 3_600_000);
    const impersonation = new Date(now.getTime() - this.impersonationMinutes * 60_000);
    const s = this.sql(alias);
    return this
      .sql`${s}.ended_at is null and ${s}.last_seen_at > ${idle} and ${s}.created_at > ${absolute}
      and (${s}.impersonator_id is null or ${s}.created_at > ${impersonation})
      and (${s}.parent_ref is null or exists (
        select 1 from auth.sessions p where p.ref = ${s}.parent_ref and p.ended_at is null and p.created_at > ${absolute}))`;
  }

  /** Ends the impersonations started from the sessions `refs` (their parents ended). */
  private async endChildren(refs: string[], now: Date): Promise<void> {
    if (refs.length > 0)
      await this
        .sql`update auth.sessions set ended_at = ${now} where parent_ref = any(${refs}) and ended_at is null`;
  }

  async migrate(): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7240003)`;
      await tx.unsafe(`create schema if not exists auth;
        create table if not exists auth.sessions (
          token_hash text primary key,
          ref text not null unique,
          user_id uuid not null,
          tenant_id text not null,
          ip text,
          user_agent text,
          created_at timestamptz not null,
          last_seen_at timestamptz not null,
          ended_at timestamptz
        );
        create index if not exists sessions_by_user on auth.sessions (user_id) where ended_at is null;
        alter table auth.sessions add column if not exists impersonator_id uuid;
        alter table auth.sessions add column if not exists parent_ref text;
        create index if not exists sessions_by_parent on auth.sessions (parent_ref) where parent_ref is not null;
        create index if not exists sessions_by_impersonator on auth.sessions (impersonator_id) where impersonator_id is not null;`);
      // The other tables of sign-in: failure counters and pending second steps.
      await migrateThrottle(tx as unknown as Sql);
      await migrateChallenges(tx as unknown as Sql);
    });
  }

  /** Starts a session; returns the token for the cookie and a public reference for events. */
  async create(
    userId: string,
    tenantId: string,
    ip: string,
    userAgent: string,
    now: Date,
    impersonatorId: string | null = null,
    parentRef: string | null = null,
  ): Promise<{ token: string; ref: string }> {
    const token = randomBytes(32).toString('base64url');
    const ref = randomBytes(9).toString('base64url');
    await this.sql`
      insert into auth.sessions (token_hash, ref, user_id, tenant_id, ip, user_agent, created_at, last_seen_at, impersonator_id, parent_ref)
      values (${hashToken(token)}, ${ref}, ${userId}, ${tenantId}, ${ip}, ${userAgent.slice(0, 300)}, ${now}, ${now}, ${impersonatorId}, ${parentRef})`;
    return { token, ref };
  }

  /** The live session for a token, touching its idle timer; null when unknown or expired. */
  async find(token: string, now: Date): Promise<SessionRecord | null> {
    const [row] = await this.sql`
      select ref, user_id, tenant_id, created_at, last_seen_at, impersonator_id, parent_ref from auth.sessions s
      where token_hash = ${hashToken(token)} and ${this.live(now, 's')}`;
    if (!row) return null;
    // The idle timer moves at most once a minute: a write (and a WAL flush) on every request
    // would cost more than the request itself, and a minute is far below any idle timeout.
    // Acting as a customer is the admin's activity too: their own session stays awake.
    if (now.getTime() - (row.last_seen_at as Date).getTime() > TOUCH_EVERY_MS) {
      await this
        .sql`update auth.sessions set last_seen_at = ${now} where ended_at is null and (token_hash = ${hashToken(token)} or ref = ${row.parent_ref ?? ''})`;
    }
    return {
      ref: row.ref,
      userId: row.user_id,
      tenantId: row.tenant_id,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      impersonatorId: row.impersonator_id ?? null,
      parentRef: row.parent_ref ?? null,
    };
  }

  async end(token: string, now: Date): Promise<string | null> {
    const [row] = await this
      .sql`update auth.sessions set ended_at = ${now} where token_hash = ${hashToken(token)} and ended_at is null returning ref`;
    if (row) await this.endChildren([row.ref], now);
    return row?.ref ?? null;
  }

  /**
   * One's live sessions, most recent first: their own, and the impersonations they started
   * (`impersonating` names the customer), which they can see and end like their own.
   */
  async list(userId: string, now: Date): Promise<ActiveSession[]> {
    const rows = await this.sql`
      select token_hash, ref, ip, user_agent, created_at, last_seen_at, impersonator_id, user_id from auth.sessions s
      where (user_id = ${userId} or impersonator_id = ${userId}) and ${this.live(now, 's')}
      order by last_seen_at desc, ref`;
    return rows.map((r) => ({
      ref: r.ref,
      tokenHash: r.token_hash,
      ip: r.ip,
      userAgent: r.user_agent,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      impersonatorId: r.user_id === userId ? (r.impersonator_id ?? null) : null,
      impersonating: r.user_id === userId ? null : (r.user_id as string),
    }));
  }

  /**
   * Ends every session of the user except the one with `keepToken` (all when null), and the
   * impersonations started from them; returns the refs of the user's own.
   */
  async endAllBut(userId: string, keepToken: string | null, now: Date): Promise<string[]> {
    const keep = keepToken ? hashToken(keepToken) : '';
    const rows = await this.sql`
      update auth.sessions set ended_at = ${now}
      where user_id = ${userId} and ended_at is null and token_hash <> ${keep} returning ref`;
    const refs = rows.map((r) => r.ref as string).sort();
    await this.endChildren(refs, now);
    return refs;
  }

  /**
   * Ends one of the user's sessions, or an impersonation they started, by its public
   * reference; null when it is neither or already ended.
   */
  async endByRef(userId: string, ref: string, now: Date): Promise<string | null> {
    const [row] = await this.sql`
      update auth.sessions set ended_at = ${now}
      where (user_id = ${userId} or impersonator_id = ${userId}) and ref = ${ref} and ended_at is null returning ref`;
    if (row) await this.endChildren([row.ref], now);
    return row?.ref ?? null;
  }

  /** Ends the impersonations an admin started (their role changed: what they may do was decided under the old one). */
  async endImpersonationsBy(adminId: string, now: Date): Promise<number> {
    const rows = await this
      .sql`update auth.sessions set ended_at = ${now} where impersonator_id = ${adminId} and ended_at is null returning ref`;
    return rows.length;
  }

  async endEverySessionOf(userId: string, now: Date, openedBy?: Date): Promise<number> {
    const ended = await this.sql`
      update auth.sessions set ended_at = ${now}
      where ended_at is null and (user_id = ${userId} or impersonator_id = ${userId})
        and (${openedBy ?? null}::timestamptz is null or created_at <= ${openedBy ?? null})
      returning ref`;
    return ended.length;
  }

  async discard(ref: string, now: Date): Promise<void> {
    await this.sql`update auth.sessions set ended_at = ${now} where ref = ${ref}`;
  }
}
