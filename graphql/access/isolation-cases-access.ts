import { input, SIGNED_OUT, stillSignedIn, type IsolationCase } from './isolation-kit.ts';

const RESET_2FA = 'mutation($input: ResetUserTwoFactorInput!) { resetUserTwoFactor(input: $input) { id } }';

/** Roles, users, impersonation and teams (graphql/access). */
export function accessMutationCases(): Record<string, IsolationCase> {
  return {
    defineRole: {
      why: 'defines a role in the caller’s tenant only (no tenant id is taken)',
      attempts: (w) => [
        { as: 'bOnA', query: 'mutation($input: DefineRoleInput!) { defineRole(input: $input) { id } }', variables: input(w, { name: 'Rogue', permissions: ['wallet.view'] }), refused: SIGNED_OUT },
        { as: 'x', query: 'mutation($input: DefineRoleInput!) { defineRole(input: $input) { id } }', variables: input(w, { name: 'Rogue', permissions: ['wallet.view'] }), refused: ['FORBIDDEN'] },
      ],
    },
    changeRole: {
      why: 'another tenant’s role is not found',
      attempts: (w) => [
        { as: 'adminA', query: 'mutation($input: ChangeRoleInput!) { changeRole(input: $input) { id } }', variables: input(w, { roleId: w.roleB, name: 'Taken', permissions: ['wallet.view', 'users.manage'] }) },
        { as: 'adminB', query: 'mutation($input: ChangeRoleInput!) { changeRole(input: $input) { id } }', variables: input(w, { roleId: w.roleA, name: 'Taken', permissions: ['wallet.view'] }) },
      ],
    },
    addStaffMember: {
      why: 'a role of another tenant is unknown here',
      attempts: (w) => [
        { as: 'adminA', query: 'mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { initialPassword } }', variables: input(w, { email: 'rogue@akashone.com', name: 'Rogue', staffRole: w.roleB }), refused: ['BAD_USER_INPUT'] },
        { as: 'adminB', query: 'mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { initialPassword } }', variables: input(w, { email: 'rogue@kloudnests.example', name: 'Rogue', staffRole: 'super_admin' }), refused: ['BAD_USER_INPUT'] },
      ],
    },
    assignStaffRole: {
      why: 'a user or role of another tenant is not found',
      attempts: (w) => [
        { as: 'adminA', query: 'mutation($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { id } }', variables: input(w, { userId: w.staffB.id, staffRole: 'support' }) },
        { as: 'adminA', query: 'mutation($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { id } }', variables: input(w, { userId: w.staffA.support.id, staffRole: w.roleB }), refused: ['BAD_USER_INPUT'] },
        { as: 'adminB', query: 'mutation($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { id } }', variables: input(w, { userId: w.staffB.id, staffRole: 'super_admin' }), refused: ['BAD_USER_INPUT'] },
      ],
    },
    suspendUser: {
      why: 'a user of another tenant is not found; customers may not suspend',
      attempts: (w) => [
        { as: 'adminA', query: 'mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }', variables: input(w, { userId: w.z.id, reason: 'cross-tenant' }), after: stillSignedIn('B', (w) => w.z) },
        { as: 'superA', query: 'mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }', variables: input(w, { userId: w.adminB.id, reason: 'cross-tenant' }), after: stillSignedIn('B', (w) => w.adminB) },
        { as: 'x', query: 'mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }', variables: input(w, { userId: w.y.id, reason: 'neighbour' }), after: stillSignedIn('A', (w) => w.y) },
      ],
    },
    reactivateUser: {
      why: 'as suspendUser',
      attempts: (w) => [{ as: 'adminA', query: 'mutation($input: ReactivateUserInput!) { reactivateUser(input: $input) { id } }', variables: input(w, { userId: w.z.id }) }],
    },
    resetUserTwoFactor: {
      why: 'a user of another tenant is not found (Z keeps two-factor and their session); customers may not reset',
      attempts: (w) => [
        { as: 'adminA', query: RESET_2FA, variables: input(w, { userId: w.z.id, reason: 'cross-tenant' }), after: stillSignedIn('B', (w) => w.z) },
        { as: 'superA', query: RESET_2FA, variables: input(w, { userId: w.z.id, reason: 'cross-tenant' }), after: stillSignedIn('B', (w) => w.z) },
        { as: 'adminB', query: RESET_2FA, variables: input(w, { userId: w.y.id, reason: 'cross-tenant' }), after: stillSignedIn('A', (w) => w.y) },
        { as: 'x', query: RESET_2FA, variables: input(w, { userId: w.y.id, reason: 'neighbour' }), after: stillSignedIn('A', (w) => w.y) },
        { as: 'bOnA', query: RESET_2FA, variables: input(w, { userId: w.y.id, reason: 'foreign session' }), refused: SIGNED_OUT },
      ],
    },
    impersonateCustomer: {
      why: 'a customer of another tenant is not found; only staff with users.impersonate may',
      attempts: (w) => [
        { as: 'adminA', query: 'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }', variables: input(w, { customerId: w.z.id }) },
        { as: 'superA', query: 'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }', variables: input(w, { customerId: w.z.id }) },
        { as: 'adminB', query: 'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }', variables: input(w, { customerId: w.y.id }) },
        { as: 'x', query: 'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }', variables: input(w, { customerId: w.y.id }) },
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
        { as: 'zOnA', query: 'mutation($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { id } }', variables: input(w, { email: 'rogue@example.com', name: 'Rogue', role: 'viewer' }), refused: SIGNED_OUT },
        { as: 'adminA', query: 'mutation($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { id } }', variables: input(w, { email: 'rogue@example.com', name: 'Rogue', role: 'viewer' }), refused: ['FORBIDDEN'] },
      ],
    },
    cancelTeamInvitation: {
      why: 'an invitation of another account is not found (it is looked for in the caller’s team)',
      attempts: (w) => [
        { as: 'x', query: 'mutation($input: CancelTeamInvitationInput!) { cancelTeamInvitation(input: $input) { id } }', variables: input(w, { invitationId: w.invitationY.id }) },
        { as: 'x', query: 'mutation($input: CancelTeamInvitationInput!) { cancelTeamInvitation(input: $input) { id } }', variables: input(w, { invitationId: w.invitationZ.id }) },
      ],
    },
    changeTeamMemberRole: {
      why: 'a member of another account is not found',
      attempts: (w) => [
        { as: 'x', query: 'mutation($input: ChangeTeamMemberRoleInput!) { changeTeamMemberRole(input: $input) { id } }', variables: input(w, { memberId: w.memberY, role: 'viewer' }) },
        { as: 'x', query: 'mutation($input: ChangeTeamMemberRoleInput!) { changeTeamMemberRole(input: $input) { id } }', variables: input(w, { memberId: w.memberZ, role: 'viewer' }) },
      ],
    },
    removeTeamMember: {
      why: 'a member of another account is not found',
      attempts: (w) => [
        { as: 'x', query: 'mutation($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) }', variables: input(w, { memberId: w.memberY }) },
        { as: 'adminA', query: 'mutation($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) }', variables: input(w, { memberId: w.memberZ }) },
      ],
    },
    acceptInvitation: {
      why: 'a token is looked up within the host’s tenant only',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { email } }', variables: { input: { token: w.invitationZ.token, password: 'rogue-password-123' } }, refused: ['NOT_FOUND'] }],
    },
  };
}
