import type { AreaNav } from '$lib/nav';
import CalendarSync from '@lucide/svelte/icons/calendar-sync';

/** Billing automation for staff: renewals, reminders, suspensions, their runs and settings. */
export const nav: AreaNav = {
  ADMIN: [
    {
      order: 15,
      href: '/admin/automation',
      label: 'Automation',
      icon: CalendarSync,
      needs: 'automation.read',
    },
  ],
};
