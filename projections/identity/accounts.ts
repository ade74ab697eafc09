import type { RecordedEvent } from '../../eventstore/types.ts';
import type { UserRegistered } from '../../domain/identity/events.ts';
import type { AccountEvent } from '../../domain/identity/account-events.ts';
import type { Projector } from '../shared/projector.ts';

type Tx = Parameters<Projector['apply']>[0];

const REASONS: Record<string, string> = {
  'signed-out-elsewhere': 'signed out elsewhere',
  'password-changed': 'the password was changed',
  'password-reset': 'the password was reset',
  'two-factor-changed': 'two-factor authentication changed',
  'signed-out': 'signed out',
};

/**
 * What the identity read model takes from account events: the user's name (profile), password
 * hash, whether the account is still unconfirmed, and lines for the account's activity log.
 */
export const accountsHandledByIdentity = [
  'EmailVerified',
  'PasswordResetRequested',
  'PasswordReset',
  'PasswordChanged',
  'ProfileUpdated',
  'TwoFactorEnabled',
  'TwoFactorDisabled',
  'TwoFactorReset',
  'RecoveryCodesRegenerated',
  'SecondFactorVerified',
  'AccountLockedOut',
  'RegistrationAttempted',
  'SessionsEnded',
] as const;

export async function applyAccountChanges(tx: Tx, events: RecordedEvent[]): Promise<void> {
  for (const e of events) {
    if (e.type === 'UserRegistered' && (e.data as UserRegistered['data']).emailVerified === false) {
      await tx`update users set status = 'UNVERIFIED' where id = ${(e.data as UserRegistered['data']).userId} and status = 'ACTIVE'`;
      continue;
    }
    const event = e as unknown as AccountEvent;
    if (event.type === 'ProfileUpdated') await tx`update users set name = ${event.data.name} where id = ${event.data.userId}`;
    if (event.type === 'PasswordChanged' || event.type === 'PasswordReset') {
      await tx`update users set password_hash = ${event.data.passwordHash} where id = ${event.data.userId}`;
    }
    if (event.type === 'EmailVerified' || event.type === 'PasswordReset') {
      await tx`update users set status = 'ACTIVE' where id = ${event.data.userId} and status = 'UNVERIFIED'`;
    }
  }
  const rows = events.map(activityRow).filter((r) => r !== null);
  if (rows.length === 0) return;
  await tx`
    insert into activity (event_id, tenant_id, user_id, kind, ip, impersonator_id, at, actor_id, detail)
    select unnest(${rows.map((r) => r.eventId)}::uuid[]), unnest(${rows.map((r) => r.tenantId)}::text[]), unnest(${rows.map((r) => r.userId)}::uuid[]),
      unnest(${rows.map((r) => r.kind)}::text[]), unnest(${rows.map((r) => r.ip)}::text[]), unnest(${rows.map((r) => r.impersonatorId)}::text[]),
      unnest(${rows.map((r) => r.at)}::text[]::timestamptz[]), unnest(${rows.map((r) => r.actorId)}::text[]),
      unnest(${rows.map((r) => r.detail)}::text[])
    on conflict (event_id) do nothing`;
}

function activityRow(e: RecordedEvent) {
  const event = e as unknown as AccountEvent;
  const detail = describe(event);
  if (detail === null) return null;
  return {
    eventId: e.id,
    tenantId: e.metadata.tenantId,
    userId: event.data.userId,
    kind: e.type,
    ip: 'ip' in event.data ? (event.data.ip as string) : null,
    impersonatorId: e.metadata.actor.impersonatorId ?? null,
    at: event.data.at,
    actorId: e.metadata.actor.userId,
    detail,
  };
}

/** A line for people; null for steps that are not worth a line (a code at each sign-in, a started set-up). */
function describe(event: AccountEvent): string | null {
  switch (event.type) {
    case 'EmailVerified':
      return 'Email address confirmed';
    case 'PasswordResetRequested':
      return 'Password reset link requested';
    case 'PasswordReset':
      return 'Password reset by mail; every session was signed out';
    case 'PasswordChanged':
      return 'Password changed';
    case 'ProfileUpdated':
      return 'Profile updated';
    case 'TwoFactorEnabled':
      return 'Two-factor authentication turned on';
    case 'TwoFactorDisabled':
      return 'Two-factor authentication turned off';
    case 'TwoFactorReset':
      return `Two-factor authentication reset by staff, every session signed out: ${event.data.reason}`;
    case 'RecoveryCodesRegenerated':
      return 'New recovery codes made (the old ones stopped working)';
    case 'SecondFactorVerified':
      return event.data.recoveryCode === undefined ? null : 'A recovery code was used';
    case 'AccountLockedOut':
      return `Sign-in paused after ${event.data.failures} failed attempts, until ${event.data.until}`;
    case 'RegistrationAttempted':
      return 'Someone tried to register with this email address';
    case 'SessionsEnded':
      return `${event.data.sessionRefs.length} session${event.data.sessionRefs.length === 1 ? '' : 's'} signed out (${REASONS[event.data.reason] ?? event.data.reason})`;
    default:
      return null;
  }
}
