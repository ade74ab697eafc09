import type { ActivityEntry } from './api';

/** Words for activity kinds that carry no detail line of their own. */
const LABELS: Record<string, string> = {
  UserSignedIn: 'Signed in',
  UserSignedOut: 'Signed out',
  EmailVerified: 'Email address confirmed',
  PasswordChanged: 'Password changed',
  PasswordReset: 'Password reset by mail',
  PasswordResetRequested: 'Password reset requested',
  ProfileUpdated: 'Profile updated',
  TwoFactorEnabled: 'Two-factor authentication turned on',
  TwoFactorDisabled: 'Two-factor authentication turned off',
  AccountLockedOut: 'Locked out after too many failed attempts',
  SessionsEnded: 'Sessions ended',
};

/** One line for an activity entry: its own detail, or a label for its kind. */
export function describeActivity(entry: Pick<ActivityEntry, 'kind' | 'detail'>): string {
  return entry.detail ?? LABELS[entry.kind] ?? entry.kind.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** Who acted, as people read it: the admin behind an impersonated action is named with the customer. */
export function actorOf(entry: Pick<ActivityEntry, 'actor' | 'impersonator'>): string {
  const actor = entry.actor?.name ?? entry.actor?.email ?? '—';
  // Starting an impersonation is the admin's own act: name them once.
  if (!entry.impersonator || entry.impersonator.id === entry.actor?.id) return actor;
  return `${entry.impersonator.name ?? entry.impersonator.email ?? 'An admin'} as ${actor}`;
}
