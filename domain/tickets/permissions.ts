import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/** What staff may do with support tickets (both admins hold every one; see domain/identity/permissions.ts). */
export const ticketPermissions = declarePermissions({
  'tickets.read': {
    description: 'See the tenant’s support tickets, with internal notes',
    heldBy: ['support', 'billing'],
  },
  'tickets.manage': {
    description:
      'Reply to tickets, add internal notes, assign, change status, department and priority; edit departments, canned replies and ticket settings',
    heldBy: ['support'],
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof ticketPermissions> {}
}
