import type { RecordedEvent } from '../../eventstore/types.ts';
import type { UserRegistered } from '../../domain/identity/events.ts';
import type { AccountEvent } from '../../domain/identity/account-events.ts';
import type { Projector } from '../shared/projector.ts';

type Tx = Parameters<Projector['apply']>[0];

/**
 * What the identity read model takes from account events: the user's name (profile), password
 * hash and whether the account is still unconfirmed (its activity lines: ./activity.ts).
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
    if (event.type === 'ProfileUpdated')
      await tx`update users set name = ${event.data.name} where id = ${event.data.userId}`;
    if (event.type === 'PasswordChanged' || event.type === 'PasswordReset') {
      await tx`update users set password_hash = ${event.data.passwordHash} where id = ${event.data.userId}`;
    }
    if (event.type === 'EmailVerified' || event.type === 'PasswordReset') {
      await tx`update users set status = 'ACTIVE' where id = ${event.data.userId} and status = 'UNVERIFIED'`;
    }
  }
}
