import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/** What staff may do with orders (both admins hold every one; see domain/identity/permissions.ts). */
export const orderPermissions = declarePermissions({
  'orders.manage': {
    description: 'See every order, place orders for customers and cancel unpaid ones',
    heldBy: ['billing'],
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof orderPermissions> {}
}
