import { describe, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import type { TeamEvent } from './events.ts';
import { MAX_TEAM_SIZE, teamDecider } from './team.ts';

const given = specFor(teamDecider);
const now = '2026-04-01T10:00:00.000Z';
const later = '2026-04-09T10:00:00.000Z';
const expiresAt = '2026-04-08T10:00:00.000Z';
const accountId = 'a0000000-0000-4000-8000-000000000001';
const memberId = 'm0000000-0000-4000-8000-000000000002';
const invite = (invitationId = 'i1', email = 'Ravi@Example.com') =>
  ({
    type: 'InviteMember',
    accountId,
    invitationId,
    email,
    name: 'Ravi Kumar',
    role: 'billing',
    tokenHash: `hash-${invitationId}`,
    invitedBy: accountId,
    now,
    expiresAt,
  }) as const;
const invited: TeamEvent = {
  type: 'TeamMemberInvited',
  data: {
    accountId,
    invitationId: 'i1',
    email: 'ravi@example.com',
    name: 'Ravi Kumar',
    role: 'billing',
    tokenHash: 'hash-i1',
    invitedBy: accountId,
    invitedAt: now,
    expiresAt,
  },
};
const accepted: TeamEvent = {
  type: 'TeamInvitationAccepted',
  data: { accountId, invitationId: 'i1', memberId, role: 'billing', acceptedAt: now },
};

describe('team invitations', () => {
  it('invites by normalised email with a role of the account', () => {
    given([]).when(invite()).then([invited]);
    given([])
      .when({ ...invite(), role: 'owner' })
      .thenRefuses('BAD_USER_INPUT');
    given([])
      .when({ ...invite(), email: 'not-an-email' })
      .thenRefuses('BAD_USER_INPUT');
    given([invited]).when(invite('i2', 'ravi@example.com')).thenRefuses('CONFLICT');
    given([invited, accepted]).when(invite('i3', 'ravi@example.com')).thenRefuses('CONFLICT');
  });

  it('caps the team size', () => {
    const many = Array.from({ length: MAX_TEAM_SIZE }, (_, i): TeamEvent => ({
      ...invited,
      data: {
        ...invited.data,
        invitationId: `x${i}`,
        email: `p${i}@example.com`,
        tokenHash: `h${i}`,
      },
    }));
    given(many).when(invite('last', 'last@example.com')).thenRefuses('CONFLICT');
  });

  it('accepts with the right token, once, before it expires', () => {
    const accept = {
      type: 'AcceptInvitation',
      accountId,
      invitationId: 'i1',
      tokenHash: 'hash-i1',
      memberId,
      now,
    } as const;
    given([invited]).when(accept).then([accepted]);
    given([invited, accepted]).when(accept).thenRefuses('NOT_FOUND');
    given([invited])
      .when({ ...accept, tokenHash: 'guess' })
      .thenRefuses('NOT_FOUND');
    given([invited])
      .when({ ...accept, now: later })
      .thenRefuses('BAD_USER_INPUT');
    given([
      invited,
      {
        type: 'TeamInvitationCancelled',
        data: { accountId, invitationId: 'i1', cancelledBy: accountId, cancelledAt: now },
      },
    ])
      .when(accept)
      .thenRefuses('NOT_FOUND');
  });

  it('changes a member’s role and removes members, never oneself', () => {
    given([invited, accepted])
      .when({ type: 'ChangeMemberRole', accountId, memberId, role: 'viewer', by: accountId, now })
      .then([
        {
          type: 'TeamMemberRoleChanged',
          data: {
            accountId,
            memberId,
            role: 'viewer',
            previousRole: 'billing',
            changedBy: accountId,
            changedAt: now,
          },
        },
      ]);
    given([invited, accepted])
      .when({ type: 'ChangeMemberRole', accountId, memberId, role: 'viewer', by: memberId, now })
      .thenRefuses('BAD_USER_INPUT');
    given([invited, accepted])
      .when({ type: 'RemoveMember', accountId, memberId, by: accountId, now })
      .then([
        {
          type: 'TeamMemberRemoved',
          data: { accountId, memberId, removedBy: accountId, removedAt: now },
        },
      ]);
    given([invited])
      .when({ type: 'RemoveMember', accountId, memberId, by: accountId, now })
      .thenRefuses('NOT_FOUND');
  });
});
