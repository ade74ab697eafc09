import type { RecordedEvent } from '../../eventstore/types.ts';
import type { UserSignedIn, UserSignedOut } from '../../domain/identity/events.ts';
import {
  accountAccessEventTypes,
  type AccountAccessEvent,
} from '../../domain/identity/access-events.ts';
import type { AccountEvent } from '../../domain/identity/account-events.ts';
import type { ActivityDescriber, ActivityLine } from '../activity/describer.ts';
import { accountsHandledByIdentity } from './accounts.ts';

const REASONS: Record<string, string> = {
  'signed-out-elsewhere': 'signed out elsewhere',
  'password-changed': 'the password was changed',
  'password-reset': 'the password was reset',
  'two-factor-changed': 'two-factor authentication changed',
  'signed-out': 'signed out',
};

/**
 * Identity's lines in the activity log: sign-ins and sign-outs (worded by the page from the
 * kind), the account's own security steps, and what staff did to it (suspension, role,
 * impersonation).
 */
export const identityActivity: ActivityDescriber = {
  area: 'identity',
  version: 1,
  types: [
    'UserSignedIn',
    'UserSignedOut',
    ...accountsHandledByIdentity,
    ...accountAccessEventTypes,
  ],
  describe(e: RecordedEvent): ActivityLine | null {
    const event = e as unknown as UserSignedIn | UserSignedOut | AccountEvent | AccountAccessEvent;
    switch (event.type) {
      case 'UserSignedIn':
        return {
          userId: event.data.userId,
          detail: null,
          at: event.data.at,
          ip: event.data.ip,
          actorId: null,
        };
      case 'UserSignedOut':
        return { userId: event.data.userId, detail: null, at: event.data.at, actorId: null };
      case 'UserSuspended':
        return { userId: event.data.userId, detail: `Account suspended: ${event.data.reason}` };
      case 'UserReactivated':
        return { userId: event.data.userId, detail: 'Account reactivated' };
      case 'StaffRoleAssigned':
        return {
          userId: event.data.userId,
          detail: `Staff role changed from ${event.data.previousRole} to ${event.data.staffRole}`,
        };
      case 'ImpersonationStarted':
        return {
          userId: event.data.userId,
          detail: 'Staff signed in as this customer',
          impersonatorId: event.data.impersonatorId,
        };
      case 'ImpersonationEnded':
        return {
          userId: event.data.userId,
          detail: 'Staff signed out of this customer',
          impersonatorId: event.data.impersonatorId,
        };
      default: {
        const detail = accountLine(event);
        if (detail === null) return null;
        return {
          userId: event.data.userId,
          detail,
          at: event.data.at,
          ip: 'ip' in event.data ? (event.data.ip as string) : null,
        };
      }
    }
  },
};

/** A line for people; null for steps that are not worth a line (a code at each sign-in, a started set-up). */
function accountLine(event: AccountEvent): string | null {
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
