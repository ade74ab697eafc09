import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/** What staff may do with users, staff roles and sessions (both admins hold every one). */
export const accessPermissions = declarePermissions({
  'users.manage': {
    description:
      'Find users, add staff, change roles, suspend and reactivate accounts, read the outbox',
    heldBy: ['support'],
  },
  'users.impersonate': {
    description: 'Log in as a customer (recorded on every action)',
    heldBy: [],
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof accessPermissions> {}
}
