import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/** What staff may do with billing automation (both admins hold every one). */
export const automationPermissions = declarePermissions({
  'automation.read': {
    description: 'See billing automation: its settings, a preview of the work due, and past runs',
    heldBy: ['support', 'billing'],
  },
  'automation.run': {
    description: 'Run billing automation now (renewal invoices, auto-pay, reminders, suspensions)',
    heldBy: ['billing'],
  },
  'automation.settings': {
    description: 'Change the billing automation settings (renewal, reminder and suspension days)',
    heldBy: [],
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof automationPermissions> {}
}
