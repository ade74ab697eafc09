import type { DomainEvent } from '../shared/decider.ts';

export type UserRole = 'customer' | 'admin';

/** Holds an email for one user within a tenant: the stream exists once (expected no_stream). */
export type EmailReserved = DomainEvent<'EmailReserved', { email: string; userId: string }>;

export type UserRegistered = DomainEvent<
  'UserRegistered',
  {
    userId: string;
    email: string;
    name: string;
    role: UserRole;
    /** Staff only: a system role (super_admin, tenant_admin, support, billing) or a custom role id. */
    staffRole?: string;
    passwordHash: string;
    registeredAt: string;
    /** false when the person registered themselves and must confirm the address; absent: confirmed (created by staff or the system). */
    emailVerified?: boolean;
    /** true when someone else chose the first password (a staff member's initial password): its holder must choose a new one at first sign-in. */
    mustChangePassword?: boolean;
  }
>;

export type UserSignedIn = DomainEvent<
  'UserSignedIn',
  { userId: string; sessionRef: string; ip: string; at: string }
>;
export type UserSignedOut = DomainEvent<
  'UserSignedOut',
  { userId: string; sessionRef: string; at: string }
>;

export type IdentityEvent = EmailReserved | UserRegistered | UserSignedIn | UserSignedOut;

export const userStreamId = (userId: string) => `user-${userId}`;
