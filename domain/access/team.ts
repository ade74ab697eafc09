import { badInput, conflict, notFound, type Decider } from '../shared/decider.ts';
import { normaliseEmail } from '../identity/user.ts';
import { isAccountRole } from './account-roles.ts';
import type { TeamEvent } from './events.ts';

interface Invitation {
  email: string;
  role: string;
  tokenHash: string;
  expiresAt: string;
  status: 'PENDING' | 'ACCEPTED' | 'CANCELLED';
  memberId: string | null;
}

export interface TeamState {
  invitations: Record<string, Invitation>;
  /** Current members by user id, with their role. */
  members: Record<string, { role: string; email: string }>;
}

export type TeamCommand =
  | {
      type: 'InviteMember';
      accountId: string;
      invitationId: string;
      email: string;
      name: string;
      role: string;
      tokenHash: string;
      invitedBy: string;
      now: string;
      expiresAt: string;
    }
  | {
      type: 'AcceptInvitation';
      accountId: string;
      invitationId: string;
      tokenHash: string;
      memberId: string;
      now: string;
    }
  | { type: 'CancelInvitation'; accountId: string; invitationId: string; by: string; now: string }
  | {
      type: 'ChangeMemberRole';
      accountId: string;
      memberId: string;
      role: string;
      by: string;
      now: string;
    }
  | { type: 'RemoveMember'; accountId: string; memberId: string; by: string; now: string };

/** A team is people working together, not a mailing list: a cap keeps invites from being spam. */
export const MAX_TEAM_SIZE = 25;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The same answer for a wrong, used or cancelled link: a link tells nothing about others. */
const invalidLink = () => notFound('invitation');

type Cmd<T extends TeamCommand['type']> = Extract<TeamCommand, { type: T }>;

function inviteMember(command: Cmd<'InviteMember'>, state: TeamState): TeamEvent[] {
  if (state.invitations[command.invitationId]) return [];
  const email = normaliseEmail(command.email);
  if (!EMAIL.test(email) || email.length > 254)
    throw badInput('email', 'Enter a valid email address.');
  const name = command.name.trim();
  if (name.length < 1 || name.length > 120)
    throw badInput('name', 'Name must be 1 to 120 characters.');
  if (!isAccountRole(command.role))
    throw badInput('role', 'Choose account_admin, billing or viewer.');
  if (Object.values(state.members).some((m) => m.email === email))
    throw conflict(`The address ${email} is already in this team.`);
  const pending = Object.values(state.invitations).filter(
    (i) => i.status === 'PENDING' && i.expiresAt > command.now,
  );
  if (pending.some((i) => i.email === email))
    throw conflict(`The address ${email} already has an invitation waiting.`);
  if (pending.length + Object.keys(state.members).length >= MAX_TEAM_SIZE)
    throw conflict(`A team has at most ${MAX_TEAM_SIZE} members and invitations.`);
  const { accountId, invitationId, tokenHash, invitedBy, now, expiresAt, role } = command;
  return [
    {
      type: 'TeamMemberInvited',
      data: {
        accountId,
        invitationId,
        email,
        name,
        role,
        tokenHash,
        invitedBy,
        invitedAt: now,
        expiresAt,
      },
    },
  ];
}

function acceptInvitation(command: Cmd<'AcceptInvitation'>, state: TeamState): TeamEvent[] {
  const invitation = state.invitations[command.invitationId];
  if (!invitation || invitation.tokenHash !== command.tokenHash) throw invalidLink();
  // Single use: a second click after success is refused like any used link.
  if (invitation.status !== 'PENDING') throw invalidLink();
  if (invitation.expiresAt <= command.now)
    throw badInput('token', 'This invitation has expired; ask for a new one.');
  const { accountId, invitationId, memberId, now } = command;
  return [
    {
      type: 'TeamInvitationAccepted',
      data: { accountId, invitationId, memberId, role: invitation.role, acceptedAt: now },
    },
  ];
}

function cancelInvitation(command: Cmd<'CancelInvitation'>, state: TeamState): TeamEvent[] {
  const invitation = state.invitations[command.invitationId];
  if (!invitation) throw notFound('invitation');
  if (invitation.status === 'CANCELLED') return [];
  if (invitation.status !== 'PENDING') throw conflict('This invitation was already accepted.');
  return [
    {
      type: 'TeamInvitationCancelled',
      data: {
        accountId: command.accountId,
        invitationId: command.invitationId,
        cancelledBy: command.by,
        cancelledAt: command.now,
      },
    },
  ];
}

function changeMemberRole(command: Cmd<'ChangeMemberRole'>, state: TeamState): TeamEvent[] {
  const member = state.members[command.memberId];
  if (!member) throw notFound('team member');
  if (!isAccountRole(command.role))
    throw badInput('role', 'Choose account_admin, billing or viewer.');
  if (command.memberId === command.by)
    throw badInput('memberId', 'You cannot change your own role.');
  if (member.role === command.role) return [];
  const { accountId, memberId, role, by, now } = command;
  return [
    {
      type: 'TeamMemberRoleChanged',
      data: { accountId, memberId, role, previousRole: member.role, changedBy: by, changedAt: now },
    },
  ];
}

function removeMember(command: Cmd<'RemoveMember'>, state: TeamState): TeamEvent[] {
  if (!state.members[command.memberId]) throw notFound('team member');
  if (command.memberId === command.by) throw badInput('memberId', 'You cannot remove yourself.');
  return [
    {
      type: 'TeamMemberRemoved',
      data: {
        accountId: command.accountId,
        memberId: command.memberId,
        removedBy: command.by,
        removedAt: command.now,
      },
    },
  ];
}

function decide(command: TeamCommand, state: TeamState): TeamEvent[] {
  switch (command.type) {
    case 'InviteMember':
      return inviteMember(command, state);
    case 'AcceptInvitation':
      return acceptInvitation(command, state);
    case 'CancelInvitation':
      return cancelInvitation(command, state);
    case 'ChangeMemberRole':
      return changeMemberRole(command, state);
    case 'RemoveMember':
      return removeMember(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown team command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

function evolve(state: TeamState, event: TeamEvent): TeamState {
  switch (event.type) {
    case 'TeamMemberInvited': {
      const { invitationId, email, role, tokenHash, expiresAt } = event.data;
      return {
        ...state,
        invitations: {
          ...state.invitations,
          [invitationId]: { email, role, tokenHash, expiresAt, status: 'PENDING', memberId: null },
        },
      };
    }
    case 'TeamInvitationAccepted': {
      const invitation = state.invitations[event.data.invitationId]!;
      return {
        invitations: {
          ...state.invitations,
          [event.data.invitationId]: {
            ...invitation,
            status: 'ACCEPTED',
            memberId: event.data.memberId,
          },
        },
        members: {
          ...state.members,
          [event.data.memberId]: { role: event.data.role, email: invitation.email },
        },
      };
    }
    case 'TeamInvitationCancelled': {
      const invitation = state.invitations[event.data.invitationId]!;
      return {
        ...state,
        invitations: {
          ...state.invitations,
          [event.data.invitationId]: { ...invitation, status: 'CANCELLED' },
        },
      };
    }
    case 'TeamMemberRoleChanged':
      return {
        ...state,
        members: {
          ...state.members,
          [event.data.memberId]: { ...state.members[event.data.memberId]!, role: event.data.role },
        },
      };
    case 'TeamMemberRemoved': {
      const { [event.data.memberId]: _gone, ...members } = state.members;
      return { ...state, members };
    }
  }
}

export const teamDecider: Decider<TeamCommand, TeamEvent, TeamState> = {
  initialState: { invitations: {}, members: {} },
  decide,
  evolve,
};
