import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/**
 * What staff may do with the tenant's catalog (both admins hold it; see
 * domain/identity/permissions.ts). Reading the public catalog needs no permission; this one also
 * shows hidden and retired plans, closed data centres and retired add-ons and systems.
 */
export const catalogPermissions = declarePermissions({
  'catalog.manage': {
    description:
      'Define and change plans, prices, data centres, add-ons and operating systems; see hidden and retired entries',
    heldBy: [],
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof catalogPermissions> {}
}
