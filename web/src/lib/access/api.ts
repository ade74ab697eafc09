import * as ops from '$lib/graphql/generated/operations';

/*
 * The access area's operations live in access.graphql; `npm run codegen` checks them against
 * the SDL and writes their typed documents. The types below are their results.
 */
export type UserSummary = ops.UserSummaryFieldsFragment;
/** Something that happened on an account; `impersonator` is set when an admin acted as the customer. */
export type ActivityEntry = ops.ActivityEntryFieldsFragment;
export type TeamMember = ops.TeamMemberFieldsFragment;
export type TeamInvitation = ops.TeamInvitationFieldsFragment;
export type StaffRole = ops.StaffRoleFieldsFragment;
export type PermissionInfo = ops.StaffRolesQuery['permissionCatalog'][number];

export const UsersQuery = ops.UsersDocument;
export const UserQuery = ops.UserDocument;
/** A customer's wallet as staff with wallet.view see it. */
export const AdminWalletQuery = ops.AdminWalletDocument;
export const AccountActivityQuery = ops.AccountActivityDocument;
export const StaffRolesQuery = ops.StaffRolesDocument;
export const DefineRoleMutation = ops.DefineRoleDocument;
export const ChangeRoleMutation = ops.ChangeRoleDocument;
export const AddStaffMemberMutation = ops.AddStaffMemberDocument;
export const AssignStaffRoleMutation = ops.AssignStaffRoleDocument;
export const SuspendUserMutation = ops.SuspendUserDocument;
export const ResetUserTwoFactorMutation = ops.ResetUserTwoFactorDocument;
export const ReactivateUserMutation = ops.ReactivateUserDocument;
export const ImpersonateCustomerMutation = ops.ImpersonateCustomerDocument;
export const StopImpersonatingMutation = ops.StopImpersonatingDocument;
export const TeamQuery = ops.TeamDocument;
export const InviteTeamMemberMutation = ops.InviteTeamMemberDocument;
export const CancelTeamInvitationMutation = ops.CancelTeamInvitationDocument;
export const ChangeTeamMemberRoleMutation = ops.ChangeTeamMemberRoleDocument;
export const RemoveTeamMemberMutation = ops.RemoveTeamMemberDocument;
export const InvitationQuery = ops.InvitationDocument;
export const AcceptInvitationMutation = ops.AcceptInvitationDocument;

/** Names people read for the customer team roles. */
export const TEAM_ROLES: { key: string; label: string; description: string }[] = [
  { key: 'account_admin', label: 'Account admin', description: 'Everything, including the team' },
  { key: 'billing', label: 'Billing', description: 'Wallet, top-ups and activity' },
  { key: 'viewer', label: 'Viewer', description: 'Sees the wallet and activity, changes nothing' },
];

export const teamRoleLabel = (key: string) =>
  key === 'owner' ? 'Owner' : (TEAM_ROLES.find((r) => r.key === key)?.label ?? key);
