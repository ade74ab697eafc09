import { expect } from 'vitest';
import {
  input,
  ownOnly,
  SIGNED_OUT,
  stillSignedIn,
  type IsolationCase,
} from './testing/isolation-kit.ts';
import { m, NO_ID, OWNERS, q, STAFF, USERS_MANAGE, type MatrixRow } from './testing/matrix-kit.ts';

/**
 * Roles, users, impersonation and teams (access.graphql): how each operation is kept
 * within the caller's tenant and account (isolation, graphql/access/isolation.int.test.ts) and
 * which roles may call it (matrix, graphql/access/permission-matrix.int.test.ts). Registered by
 * server/areas/access.ts; a new operation in this area's SDL without both rows fails those suites.
 */
const RESET_2FA =
  'mutation($input: ResetUserTwoFactorInput!) { resetUserTwoFactor(input: $input) { id } }';

export const isolation: Record<string, IsolationCase> = {
  permissionCatalog: {
    why: 'a fixed list; no object',
    attempts: () => [{ as: 'x', query: '{ permissionCatalog { key } }', refused: ['FORBIDDEN'] }],
  },
  staffRoles: {
    why: 'the tenant’s own custom roles (row-level security)',
    attempts: (w) => [
      { as: 'adminA', query: '{ staffRoles { id } }', answers: ownOnly([w.roleB]) },
      { as: 'adminB', query: '{ staffRoles { id } }', answers: ownOnly([w.roleA]) },
      { as: 'x', query: '{ staffRoles { id } }', refused: ['FORBIDDEN'] },
    ],
  },
  users: {
    why: 'row-level security shows the tenant’s own users',
    attempts: (w) => [
      {
        as: 'adminA',
        query: '{ users(first: 200) { items { id } } }',
        answers: ownOnly([w.z.id, w.adminB.id, w.staffB.id]),
      },
      {
        as: 'adminB',
        query: '{ users(first: 200) { items { id } } }',
        answers: ownOnly([w.y.id, w.x.id, w.superA.id]),
      },
      { as: 'x', query: '{ users { total } }', refused: ['FORBIDDEN'] },
    ],
  },
  user: {
    why: 'a user of another tenant is not found; customers may not look users up',
    attempts: (w) => [
      {
        as: 'adminA',
        query: 'query($id: ID!) { user(id: $id) { user { id } } }',
        variables: { id: w.z.id },
      },
      {
        as: 'superA',
        query: 'query($id: ID!) { user(id: $id) { user { id } } }',
        variables: { id: w.adminB.id },
      },
      {
        as: 'adminB',
        query: 'query($id: ID!) { user(id: $id) { user { id } } }',
        variables: { id: w.y.id },
      },
      {
        as: 'x',
        query: 'query($id: ID!) { user(id: $id) { user { id } } }',
        variables: { id: w.y.id },
      },
    ],
  },
  accountActivity: {
    why: 'the activity of the account the session acts for, nobody else’s',
    attempts: (w) => [
      {
        as: 'x',
        query: '{ accountActivity(first: 200) { id actor { id } impersonator { id } } }',
        answers: ownOnly([w.y.id, w.z.id, w.memberY]),
      },
      { as: 'bOnA', query: '{ accountActivity { id } }', refused: SIGNED_OUT },
    ],
  },
  team: {
    why: 'the team of the account the session acts for',
    attempts: (w) => [
      {
        as: 'x',
        query: '{ team { accountId members { id } invitations { id } } }',
        answers: (d) => {
          expect(d.team.accountId).toBe(w.x.id);
          ownOnly([w.memberY, w.memberZ, w.invitationY.id, w.invitationZ.id])(d, w);
        },
      },
      { as: 'zOnA', query: '{ team { accountId } }', refused: SIGNED_OUT },
    ],
  },
  invitation: {
    why: 'a token is looked up within the host’s tenant only',
    attempts: (w) => [
      {
        as: 'anonymous',
        query: 'query($t: String!) { invitation(token: $t) { email } }',
        variables: { t: w.invitationZ.token },
        refused: ['NOT_FOUND'],
      },
      {
        as: 'x',
        query: 'query($t: String!) { invitation(token: $t) { email } }',
        variables: { t: w.invitationZ.token },
        refused: ['NOT_FOUND'],
      },
    ],
  },
  defineRole: {
    why: 'defines a role in the caller’s tenant only (no tenant id is taken)',
    attempts: (w) => [
      {
        as: 'bOnA',
        query: 'mutation($input: DefineRoleInput!) { defineRole(input: $input) { id } }',
        variables: input(w, { name: 'Rogue', permissions: ['wallet.view'] }),
        refused: SIGNED_OUT,
      },
      {
        as: 'x',
        query: 'mutation($input: DefineRoleInput!) { defineRole(input: $input) { id } }',
        variables: input(w, { name: 'Rogue', permissions: ['wallet.view'] }),
        refused: ['FORBIDDEN'],
      },
    ],
  },
  changeRole: {
    why: 'another tenant’s role is not found',
    attempts: (w) => [
      {
        as: 'adminA',
        query: 'mutation($input: ChangeRoleInput!) { changeRole(input: $input) { id } }',
        variables: input(w, {
          roleId: w.roleB,
          name: 'Taken',
          permissions: ['wallet.view', 'users.manage'],
        }),
      },
      {
        as: 'adminB',
        query: 'mutation($input: ChangeRoleInput!) { changeRole(input: $input) { id } }',
        variables: input(w, { roleId: w.roleA, name: 'Taken', permissions: ['wallet.view'] }),
      },
    ],
  },
  addStaffMember: {
    why: 'a role of another tenant is unknown here',
    attempts: (w) => [
      {
        as: 'adminA',
        query:
          'mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { initialPassword } }',
        variables: input(w, { email: 'rogue@akashone.com', name: 'Rogue', staffRole: w.roleB }),
        refused: ['BAD_USER_INPUT'],
      },
      {
        as: 'adminB',
        query:
          'mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { initialPassword } }',
        variables: input(w, {
          email: 'rogue@kloudnests.example',
          name: 'Rogue',
          staffRole: 'super_admin',
        }),
        refused: ['BAD_USER_INPUT'],
      },
    ],
  },
  assignStaffRole: {
    why: 'a user or role of another tenant is not found',
    attempts: (w) => [
      {
        as: 'adminA',
        query: 'mutation($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { id } }',
        variables: input(w, { userId: w.staffB.id, staffRole: 'support' }),
      },
      {
        as: 'adminA',
        query: 'mutation($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { id } }',
        variables: input(w, { userId: w.staffA.support.id, staffRole: w.roleB }),
        refused: ['BAD_USER_INPUT'],
      },
      {
        as: 'adminB',
        query: 'mutation($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { id } }',
        variables: input(w, { userId: w.staffB.id, staffRole: 'super_admin' }),
        refused: ['BAD_USER_INPUT'],
      },
    ],
  },
  suspendUser: {
    why: 'a user of another tenant is not found; customers may not suspend',
    attempts: (w) => [
      {
        as: 'adminA',
        query: 'mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }',
        variables: input(w, { userId: w.z.id, reason: 'cross-tenant' }),
        after: stillSignedIn('B', (w) => w.z),
      },
      {
        as: 'superA',
        query: 'mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }',
        variables: input(w, { userId: w.adminB.id, reason: 'cross-tenant' }),
        after: stillSignedIn('B', (w) => w.adminB),
      },
      {
        as: 'x',
        query: 'mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }',
        variables: input(w, { userId: w.y.id, reason: 'neighbour' }),
        after: stillSignedIn('A', (w) => w.y),
      },
    ],
  },
  reactivateUser: {
    why: 'as suspendUser',
    attempts: (w) => [
      {
        as: 'adminA',
        query: 'mutation($input: ReactivateUserInput!) { reactivateUser(input: $input) { id } }',
        variables: input(w, { userId: w.z.id }),
      },
    ],
  },
  resetUserTwoFactor: {
    why: 'a user of another tenant is not found (Z keeps two-factor and their session); customers may not reset',
    attempts: (w) => [
      {
        as: 'adminA',
        query: RESET_2FA,
        variables: input(w, { userId: w.z.id, reason: 'cross-tenant' }),
        after: stillSignedIn('B', (w) => w.z),
      },
      {
        as: 'superA',
        query: RESET_2FA,
        variables: input(w, { userId: w.z.id, reason: 'cross-tenant' }),
        after: stillSignedIn('B', (w) => w.z),
      },
      {
        as: 'adminB',
        query: RESET_2FA,
        variables: input(w, { userId: w.y.id, reason: 'cross-tenant' }),
        after: stillSignedIn('A', (w) => w.y),
      },
      {
        as: 'x',
        query: RESET_2FA,
        variables: input(w, { userId: w.y.id, reason: 'neighbour' }),
        after: stillSignedIn('A', (w) => w.y),
      },
      {
        as: 'bOnA',
        query: RESET_2FA,
        variables: input(w, { userId: w.y.id, reason: 'foreign session' }),
        refused: SIGNED_OUT,
      },
    ],
  },
  impersonateCustomer: {
    why: 'a customer of another tenant is not found; only staff with users.impersonate may',
    attempts: (w) => [
      {
        as: 'adminA',
        query:
          'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }',
        variables: input(w, { customerId: w.z.id }),
      },
      {
        as: 'superA',
        query:
          'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }',
        variables: input(w, { customerId: w.z.id }),
      },
      {
        as: 'adminB',
        query:
          'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }',
        variables: input(w, { customerId: w.y.id }),
      },
      {
        as: 'x',
        query:
          'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }',
        variables: input(w, { customerId: w.y.id }),
      },
    ],
  },
  stopImpersonating: {
    why: 'ends only the caller’s own impersonation session',
    attempts: () => [
      { as: 'x', query: 'mutation { stopImpersonating { id } }', refused: ['BAD_USER_INPUT'] },
      { as: 'bOnA', query: 'mutation { stopImpersonating { id } }', refused: SIGNED_OUT },
    ],
  },
  inviteTeamMember: {
    why: 'invites to the account the session acts for only (no account id is taken)',
    attempts: (w) => [
      {
        as: 'zOnA',
        query:
          'mutation($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { id } }',
        variables: input(w, { email: 'rogue@example.com', name: 'Rogue', role: 'viewer' }),
        refused: SIGNED_OUT,
      },
      {
        as: 'adminA',
        query:
          'mutation($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { id } }',
        variables: input(w, { email: 'rogue@example.com', name: 'Rogue', role: 'viewer' }),
        refused: ['FORBIDDEN'],
      },
    ],
  },
  cancelTeamInvitation: {
    why: 'an invitation of another account is not found (it is looked for in the caller’s team)',
    attempts: (w) => [
      {
        as: 'x',
        query:
          'mutation($input: CancelTeamInvitationInput!) { cancelTeamInvitation(input: $input) { id } }',
        variables: input(w, { invitationId: w.invitationY.id }),
      },
      {
        as: 'x',
        query:
          'mutation($input: CancelTeamInvitationInput!) { cancelTeamInvitation(input: $input) { id } }',
        variables: input(w, { invitationId: w.invitationZ.id }),
      },
    ],
  },
  changeTeamMemberRole: {
    why: 'a member of another account is not found',
    attempts: (w) => [
      {
        as: 'x',
        query:
          'mutation($input: ChangeTeamMemberRoleInput!) { changeTeamMemberRole(input: $input) { id } }',
        variables: input(w, { memberId: w.memberY, role: 'viewer' }),
      },
      {
        as: 'x',
        query:
          'mutation($input: ChangeTeamMemberRoleInput!) { changeTeamMemberRole(input: $input) { id } }',
        variables: input(w, { memberId: w.memberZ, role: 'viewer' }),
      },
    ],
  },
  removeTeamMember: {
    why: 'a member of another account is not found',
    attempts: (w) => [
      {
        as: 'x',
        query: 'mutation($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) }',
        variables: input(w, { memberId: w.memberY }),
      },
      {
        as: 'adminA',
        query: 'mutation($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) }',
        variables: input(w, { memberId: w.memberZ }),
      },
    ],
  },
  acceptInvitation: {
    why: 'a token is looked up within the host’s tenant only',
    attempts: (w) => [
      {
        as: 'anonymous',
        query:
          'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { email } }',
        variables: { input: { token: w.invitationZ.token, password: 'rogue-password-123' } },
        refused: ['NOT_FOUND'],
      },
    ],
  },
};

export const matrix: Record<string, MatrixRow> = {
  permissionCatalog: { allowed: STAFF, call: q('{ permissionCatalog { key } }') },
  staffRoles: { allowed: USERS_MANAGE, call: q('{ staffRoles { id } }') },
  users: { allowed: USERS_MANAGE, call: q('{ users { total } }') },
  user: {
    allowed: USERS_MANAGE,
    call: (w) => ({
      query: 'query($id: ID!) { user(id: $id) { user { id } } }',
      variables: { id: w.x.id },
    }),
  },
  accountActivity: { allowed: ['customer'], call: q('{ accountActivity { id } }') },
  team: { allowed: ['customer'], call: q('{ team { accountId } }') },
  invitation: {
    allowed: 'public',
    call: q('query { invitation(token: "not-a-real-invitation-token-at-all") { email } }'),
  },
  defineRole: {
    allowed: OWNERS,
    call: m('defineRole', 'DefineRoleInput', '{ id }', (_w, r, n) => ({
      name: `Matrix ${r} ${n}`,
      permissions: ['wallet.view'],
    })),
  },
  changeRole: {
    allowed: OWNERS,
    call: m('changeRole', 'ChangeRoleInput', '{ id }', (w) => ({
      roleId: w.roleA,
      name: 'Sales A',
      permissions: ['wallet.view'],
    })),
  },
  addStaffMember: {
    allowed: USERS_MANAGE,
    call: m('addStaffMember', 'AddStaffMemberInput', '{ initialPassword }', (_w, r, n) => ({
      email: `matrix-${r}-${n}@akashone.com`,
      name: 'M',
      staffRole: 'support',
    })),
  },
  assignStaffRole: {
    allowed: USERS_MANAGE,
    call: m('assignStaffRole', 'AssignStaffRoleInput', '{ id }', (w) => ({
      userId: w.target.staff.id,
      staffRole: 'support',
    })),
  },
  suspendUser: {
    allowed: USERS_MANAGE,
    call: m('suspendUser', 'SuspendUserInput', '{ id }', (w) => ({
      userId: w.target.customer.id,
      reason: 'matrix check',
    })),
  },
  reactivateUser: {
    allowed: USERS_MANAGE,
    call: m('reactivateUser', 'ReactivateUserInput', '{ id }', (w) => ({
      userId: w.target.customer.id,
    })),
  },
  resetUserTwoFactor: {
    allowed: USERS_MANAGE,
    call: m('resetUserTwoFactor', 'ResetUserTwoFactorInput', '{ id }', (w) => ({
      userId: w.target.customer.id,
      reason: 'matrix check',
    })),
  },
  impersonateCustomer: {
    allowed: OWNERS,
    call: m('impersonateCustomer', 'ImpersonateCustomerInput', '{ id }', (w) => ({
      customerId: w.y.id,
    })),
  },
  stopImpersonating: { allowed: 'signed-in', call: q('mutation { stopImpersonating { id } }') },

  inviteTeamMember: {
    allowed: ['customer'],
    call: m('inviteTeamMember', 'InviteTeamMemberInput', '{ id }', (_w, r, n) => ({
      email: `matrix-invite-${r}-${n}@example.com`,
      name: 'M',
      role: 'viewer',
    })),
  },
  cancelTeamInvitation: {
    allowed: ['customer'],
    call: m('cancelTeamInvitation', 'CancelTeamInvitationInput', '{ id }', () => ({
      invitationId: NO_ID,
    })),
  },
  changeTeamMemberRole: {
    allowed: ['customer'],
    call: m('changeTeamMemberRole', 'ChangeTeamMemberRoleInput', '{ id }', () => ({
      memberId: NO_ID,
      role: 'viewer',
    })),
  },
  removeTeamMember: {
    allowed: ['customer'],
    call: m('removeTeamMember', 'RemoveTeamMemberInput', '', () => ({ memberId: NO_ID })),
  },
  acceptInvitation: {
    allowed: 'public',
    call: q(
      'mutation { acceptInvitation(input: { token: "not-a-real-invitation-token-at-all", password: "matrix-password-123" }) { email } }',
    ),
  },
};
