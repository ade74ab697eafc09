import { gql } from '$lib/graphql/client';
import type { DateTime } from '$lib/graphql/scalars';
import type { Role, Viewer } from '$lib/identity/api';

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  staffRole: string | null;
  staffRoleName: string | null;
  status: string;
  registeredAt: DateTime;
  memberOf: string | null;
}

export interface ActivityPerson {
  id: string;
  name: string | null;
  email: string | null;
}

export interface ActivityEntry {
  id: string;
  kind: string;
  detail: string | null;
  at: DateTime;
  ip: string | null;
  actor: ActivityPerson | null;
  impersonator: ActivityPerson | null;
}

export interface TeamMember {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  joinedAt: DateTime;
}

export interface TeamInvitation {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  invitedAt: DateTime;
  expiresAt: DateTime;
}

export interface StaffRole {
  id: string;
  name: string;
  system: boolean;
  permissions: string[];
  holders: number;
}

export interface PermissionInfo {
  key: string;
  description: string;
}

const userFields = 'id email name role staffRole staffRoleName status registeredAt memberOf';
const activityFields =
  'id kind detail at ip actor { id name email } impersonator { id name email }';
const memberFields = 'id email name role status joinedAt';
const invitationFields = 'id email name role status invitedAt expiresAt';
const roleFields = 'id name system permissions holders';
const viewerFields =
  'id email name role tenantId staffRole permissions accountId accountRole accountPermissions impersonator { id name email }';

type CommandInput<T> = { input: T & { commandId: string } };

export const UsersQuery = gql<
  { users: { items: UserSummary[]; total: number } },
  {
    filter?: { search?: string | null; role?: Role | null; status?: string | null };
    first?: number;
    offset?: number;
  }
>(`
  query Users($filter: UserFilter, $first: Int, $offset: Int) {
    users(filter: $filter, first: $first, offset: $offset) { total items { ${userFields} } }
  }
`);

export interface UserAccountDetails {
  company: string | null;
  phone: string | null;
  address: string | null;
  gstin: string | null;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
}

export const UserQuery = gql<
  {
    user: {
      user: UserSummary;
      account: UserAccountDetails | null;
      activity: ActivityEntry[];
      team: TeamMember[];
    };
  },
  { id: string }
>(`
  query User($id: ID!) {
    user(id: $id) {
      user { ${userFields} }
      account { company phone address gstin emailVerified twoFactorEnabled }
      activity(first: 100) { ${activityFields} }
      team { ${memberFields} }
    }
  }
`);

export const AccountActivityQuery = gql<{ accountActivity: ActivityEntry[] }, { first?: number }>(`
  query AccountActivity($first: Int) { accountActivity(first: $first) { ${activityFields} } }
`);

export const StaffRolesQuery = gql<
  { staffRoles: StaffRole[]; permissionCatalog: PermissionInfo[] },
  Record<string, never>
>(`
  query StaffRoles { staffRoles { ${roleFields} } permissionCatalog { key description } }
`);

export const DefineRoleMutation = gql<
  { defineRole: StaffRole },
  CommandInput<{ name: string; permissions: string[] }>
>(`
  mutation DefineRole($input: DefineRoleInput!) { defineRole(input: $input) { ${roleFields} } }
`);

export const ChangeRoleMutation = gql<
  { changeRole: StaffRole },
  CommandInput<{ roleId: string; name: string; permissions: string[] }>
>(`
  mutation ChangeRole($input: ChangeRoleInput!) { changeRole(input: $input) { ${roleFields} } }
`);

export const AddStaffMemberMutation = gql<
  { addStaffMember: { user: UserSummary; initialPassword: string | null } },
  CommandInput<{ email: string; name: string; staffRole: string }>
>(`
  mutation AddStaffMember($input: AddStaffMemberInput!) { addStaffMember(input: $input) { user { ${userFields} } initialPassword } }
`);

export const AssignStaffRoleMutation = gql<
  { assignStaffRole: UserSummary },
  CommandInput<{ userId: string; staffRole: string }>
>(`
  mutation AssignStaffRole($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { ${userFields} } }
`);

export const SuspendUserMutation = gql<
  { suspendUser: UserSummary },
  CommandInput<{ userId: string; reason: string }>
>(`
  mutation SuspendUser($input: SuspendUserInput!) { suspendUser(input: $input) { ${userFields} } }
`);

export const ResetUserTwoFactorMutation = gql<
  { resetUserTwoFactor: UserSummary },
  CommandInput<{ userId: string; reason: string }>
>(`
  mutation ResetUserTwoFactor($input: ResetUserTwoFactorInput!) { resetUserTwoFactor(input: $input) { ${userFields} } }
`);

export const ReactivateUserMutation = gql<
  { reactivateUser: UserSummary },
  CommandInput<{ userId: string }>
>(`
  mutation ReactivateUser($input: ReactivateUserInput!) { reactivateUser(input: $input) { ${userFields} } }
`);

export const ImpersonateCustomerMutation = gql<
  { impersonateCustomer: Viewer },
  CommandInput<{ customerId: string }>
>(`
  mutation ImpersonateCustomer($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { ${viewerFields} } }
`);

export const StopImpersonatingMutation = gql<
  { stopImpersonating: Viewer | null },
  Record<string, never>
>(`
  mutation StopImpersonating { stopImpersonating { ${viewerFields} } }
`);

export const TeamQuery = gql<
  { team: { accountId: string; members: TeamMember[]; invitations: TeamInvitation[] } },
  Record<string, never>
>(`
  query Team { team { accountId members { ${memberFields} } invitations { ${invitationFields} } } }
`);

export const InviteTeamMemberMutation = gql<
  { inviteTeamMember: TeamInvitation },
  CommandInput<{ email: string; name: string; role: string }>
>(`
  mutation InviteTeamMember($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { ${invitationFields} } }
`);

export const CancelTeamInvitationMutation = gql<
  { cancelTeamInvitation: TeamInvitation },
  CommandInput<{ invitationId: string }>
>(`
  mutation CancelTeamInvitation($input: CancelTeamInvitationInput!) { cancelTeamInvitation(input: $input) { ${invitationFields} } }
`);

export const ChangeTeamMemberRoleMutation = gql<
  { changeTeamMemberRole: TeamMember },
  CommandInput<{ memberId: string; role: string }>
>(`
  mutation ChangeTeamMemberRole($input: ChangeTeamMemberRoleInput!) { changeTeamMemberRole(input: $input) { ${memberFields} } }
`);

export const RemoveTeamMemberMutation = gql<
  { removeTeamMember: boolean },
  CommandInput<{ memberId: string }>
>(`
  mutation RemoveTeamMember($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) }
`);

export const InvitationQuery = gql<
  {
    invitation: {
      email: string;
      name: string;
      role: string;
      accountName: string;
      expiresAt: DateTime;
    };
  },
  { token: string }
>(`
  query Invitation($token: String!) { invitation(token: $token) { email name role accountName expiresAt } }
`);

export const AcceptInvitationMutation = gql<
  { acceptInvitation: { email: string } },
  { input: { token: string; password: string } }
>(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { email } }
`);

/** Names people read for the customer team roles. */
export const TEAM_ROLES: { key: string; label: string; description: string }[] = [
  { key: 'account_admin', label: 'Account admin', description: 'Everything, including the team' },
  { key: 'billing', label: 'Billing', description: 'Wallet, top-ups and activity' },
  { key: 'viewer', label: 'Viewer', description: 'Sees the wallet and activity, changes nothing' },
];

export const teamRoleLabel = (key: string) =>
  key === 'owner' ? 'Owner' : (TEAM_ROLES.find((r) => r.key === key)?.label ?? key);
