import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/** What staff may do with a tenant's settings, and (the operator's only) with other tenants. */
export const tenancyPermissions = declarePermissions({
  'settings.manage': {
    description: 'Change the brand, legal profile, top-up details, features and roles',
    heldBy: [],
  },
  // Only the operator's super admins reach other tenants: never in a reseller's tenant, never
  // in a custom role.
  'tenants.manage': {
    description: 'Create and manage tenants (operator only)',
    heldBy: [],
    operatorOnly: true,
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof tenancyPermissions> {}
}
