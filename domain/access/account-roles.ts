/**
 * What a person may do on a customer account. The account holder may do everything; team
 * members get a role from ACCOUNT_ROLES when invited. (Staff permissions are separate:
 * domain/identity/permissions.ts.)
 */
export const ACCOUNT_PERMISSIONS = [
  /** See the wallet, ledger, top-ups and the account's activity. */
  'account.view',
  /** Add funds (request top-ups). */
  'account.billing',
  /** Invite, change and remove team members. */
  'account.team',
  /** Reveal a service's credentials, run its actions and snapshots, request its cancellation. */
  'account.services',
] as const;

export type AccountPermission = (typeof ACCOUNT_PERMISSIONS)[number];

export const ACCOUNT_ROLES = {
  account_admin: ['account.view', 'account.billing', 'account.team', 'account.services'],
  billing: ['account.view', 'account.billing'],
  viewer: ['account.view'],
} as const satisfies Record<string, readonly AccountPermission[]>;

export type AccountRole = keyof typeof ACCOUNT_ROLES;

/** The account holder's own role (not assignable to a team member). */
export const ACCOUNT_OWNER = 'owner';

export const isAccountRole = (role: string): role is AccountRole => role in ACCOUNT_ROLES;

export function accountPermissionsOf(role: string): AccountPermission[] {
  if (role === ACCOUNT_OWNER) return [...ACCOUNT_PERMISSIONS];
  return isAccountRole(role) ? [...ACCOUNT_ROLES[role]] : [];
}
