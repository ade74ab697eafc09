import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';

/**
 * Server-side sessions. The browser holds a random token; the database holds only its hash,
 * so a leaked table cannot be replayed. Idle and absolute timeouts end a session.
 */
export interface SessionRecord {
  ref: string;
  userId: string;
  tenantId: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  constructor(
    private readonly sql: Sql,
    private readonly idleMinutes: number,
    private readonly absoluteHours: number,
  ) {}

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
        create index if not exists sessions_by_user on auth.sessions (user_id) where ended_at is null;`);
    });
  }

  /** Starts a session; returns the token for the cookie and a public reference for events. */
  async create(userId: string, tenantId: string, ip: string, userAgent: string, now: Date): Promise<{ token: string; ref: string }> {
    const token = randomBytes(32).toString('base64url');
    const ref = randomBytes(9).toString('base64url');
    await this.sql`
      insert into auth.sessions (token_hash, ref, user_id, tenant_id, ip, user_agent, created_at, last_seen_at)
      values (${hashToken(token)}, ${ref}, ${userId}, ${tenantId}, ${ip}, ${userAgent.slice(0, 300)}, ${now}, ${now})`;
    return { token, ref };
  }

  /** The live session for a token, touching its idle timer; null when unknown or expired. */
  async find(token: string, now: Date): Promise<SessionRecord | null> {
    const [row] = await this.sql`
      update auth.sessions set last_seen_at = ${now}
      where token_hash = ${hashToken(token)} and ended_at is null
        and last_seen_at > ${new Date(now.getTime() - this.idleMinutes * 60_000)}
        and created_at > ${new Date(now.getTime() - this.absoluteHours * 3_600_000)}
      returning ref, user_id, tenant_id, created_at, last_seen_at`;
    if (!row) return null;
    return { ref: row.ref, userId: row.user_id, tenantId: row.tenant_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
  }

  async end(token: string, now: Date): Promise<string | null> {
    const [row] = await this.sql`update auth.sessions set ended_at = ${now} where token_hash = ${hashToken(token)} and ended_at is null returning ref`;
    return row?.ref ?? null;
  }
}
