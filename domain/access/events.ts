import type { DomainEvent } from '../shared/decider.ts';

/** A customer asks someone to join their account; the invite mail carries a single-use link. */
export type TeamMemberInvited = DomainEvent<
  'TeamMemberInvited',
  {
    accountId: string;
    invitationId: string;
    email: string;
    name: string;
    role: string;
    /** sha256 of the link's token: the token itself is only in the mail. */
    tokenHash: string;
    invitedBy: string;
    invitedAt: string;
    expiresAt: string;
  }
>;
export type TeamInvitationAccepted = DomainEvent<
  'TeamInvitationAccepted',
  { accountId: string; invitationId: string; memberId: string; role: string; acceptedAt: string }
>;
export type TeamInvitationCancelled = DomainEvent<
  'TeamInvitationCancelled',
  { accountId: string; invitationId: string; cancelledBy: string; cancelledAt: string }
>;
export type TeamMemberRoleChanged = DomainEvent<
  'TeamMemberRoleChanged',
  {
    accountId: string;
    memberId: string;
    role: string;
    previousRole: string;
    changedBy: string;
    changedAt: string;
  }
>;
export type TeamMemberRemoved = DomainEvent<
  'TeamMemberRemoved',
  { accountId: string; memberId: string; removedBy: string; removedAt: string }
>;

export type TeamEvent =
  | TeamMemberInvited
  | TeamInvitationAccepted
  | TeamInvitationCancelled
  | TeamMemberRoleChanged
  | TeamMemberRemoved;

export const teamEventTypes = [
  'TeamMemberInvited',
  'TeamInvitationAccepted',
  'TeamInvitationCancelled',
  'TeamMemberRoleChanged',
  'TeamMemberRemoved',
] as const satisfies readonly TeamEvent['type'][];

/** One stream per customer account: its invitations and members. */
export const teamStreamId = (accountId: string) => `team-${accountId}`;
