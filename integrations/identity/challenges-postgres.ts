import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import {
  CHALLENGE_ATTEMPTS,
  CHALLENGE_MINUTES,
  type Challenge,
  type ChallengeKind,
  type Challenges,
} from '../../commands/identity/challenges.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** auth.challenges: one row per pending second step, keyed by the token's hash (migrated with the sessions). */
export async function migrateChallenges(sql: Sql): Promise<void> {
  await sql.unsafe(`create schema if not exists auth;
    create table if not exists auth.challenges (
      token_hash text primary key,
      user_id uuid not null,
      tenant_id text not null,
      kind text not null,
      ip text not null,
      user_agent text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      attempts int not null default 0,
      used_at timestamptz
    );`);
}

/** The Challenges port on Postgres: an attempt and a use are each one conditional update. */
export class PostgresChallenges implements Challenges {
  constructor(private readonly sql: Sql) {}

  async create(
    c: Omit<Challenge, 'attempts'>,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES[c.kind] * 60_000);
    await this.sql`
      insert into auth.challenges (token_hash, user_id, tenant_id, kind, ip, user_agent, created_at, expires_at)
      values (${hashToken(token)}, ${c.userId}, ${c.tenantId}, ${c.kind}, ${c.ip}, ${c.userAgent.slice(0, 300)}, ${now}, ${expiresAt})`;
    if (Math.random() < 0.02)
      await this
        .sql`delete from auth.challenges where expires_at < ${new Date(now.getTime() - 86_400_000)}`;
    return { token, expiresAt };
  }

  async attempt(
    token: string,
    tenantId: string,
    kind: ChallengeKind,
    now: Date,
  ): Promise<Challenge | null> {
    const [row] = await this.sql`
      update auth.challenges set attempts = attempts + 1
      where token_hash = ${hashToken(token)} and tenant_id = ${tenantId} and kind = ${kind}
        and used_at is null and expires_at > ${now} and attempts < ${CHALLENGE_ATTEMPTS}
      returning user_id, tenant_id, kind, ip, user_agent, attempts`;
    if (!row) return null;
    return {
      userId: row.user_id,
      tenantId: row.tenant_id,
      kind: row.kind,
      ip: row.ip,
      userAgent: row.user_agent,
      attempts: row.attempts,
    };
  }

  async consume(token: string, now: Date): Promise<boolean> {
    const rows = await this
      .sql`update auth.challenges set used_at = ${now} where token_hash = ${hashToken(token)} and used_at is null returning 1`;
    return rows.length === 1;
  }
}
