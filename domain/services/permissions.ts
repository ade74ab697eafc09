import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/**
 * What staff may do with services (both admins hold every one; see
 * domain/identity/permissions.ts). Customers act on their own account's services with the
 * account permission `account.services` (domain/access/account-roles.ts).
 */
export const servicePermissions = declarePermissions({
  'services.read': {
    description: 'See every service (server), its status, history and provisioning errors',
    heldBy: ['support', 'billing'],
  },
  'services.manage': {
    description:
      'Provision, allocate, retry, suspend, unsuspend, terminate and cancel services, edit their details and due dates, and set up provisioning (CloudStack)',
    heldBy: [],
  },
  'services.credentials': {
    description: 'Reveal a service’s SSH and control-panel passwords (every reveal is recorded)',
    heldBy: [],
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof servicePermissions> {}
}
