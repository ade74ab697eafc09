import type { DomainEvent } from '../shared/decider.ts';

/**
 * Events on a user's stream about their access, decided by `accountAccessDecider`
 * (kept apart from sign-up, sign-in and the account's own settings, decided on the same
 * stream by other deciders). Like the others, each names its `userId` and `at`.
 */
export type UserSuspended = DomainEvent<
  'UserSuspended',
  { userId: string; reason: string; suspendedBy: string; at: string }
>;
export type UserReactivated = DomainEvent<
  'UserReactivated',
  { userId: string; reactivatedBy: string; at: string }
>;
export type StaffRoleAssigned = DomainEvent<
  'StaffRoleAssigned',
  { userId: string; staffRole: string; previousRole: string; assignedBy: string; at: string }
>;
/** An admin signs in as this customer; what follows carries both identities. */
export type ImpersonationStarted = DomainEvent<
  'ImpersonationStarted',
  { userId: string; impersonatorId: string; sessionRef: string; at: string }
>;
export type ImpersonationEnded = DomainEvent<
  'ImpersonationEnded',
  { userId: string; impersonatorId: string; sessionRef: string; at: string }
>;

export type AccountAccessEvent =
  UserSuspended | UserReactivated | StaffRoleAssigned | ImpersonationStarted | ImpersonationEnded;

export const accountAccessEventTypes = [
  'UserSuspended',
  'UserReactivated',
  'StaffRoleAssigned',
  'ImpersonationStarted',
  'ImpersonationEnded',
] as const satisfies readonly AccountAccessEvent['type'][];
