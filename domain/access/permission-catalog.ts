import type { Permission } from '../identity/permissions.ts';

/** What each staff permission allows, as the roles page explains it. */
export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'wallet.view': 'See customers’ wallets, ledgers and top-up requests',
  'wallet.approve': 'Approve or reject top-up requests (moves money)',
  'orders.manage': 'Manage orders and services',
  'invoices.issue': 'Issue invoices, credit and debit notes',
  'tickets.manage': 'Answer and close support tickets',
  'users.manage': 'Find users, add staff, change roles, suspend and reactivate accounts, read the outbox',
  'users.impersonate': 'Log in as a customer (recorded on every action)',
  'settings.manage': 'Change the brand, legal profile, top-up details, features and roles',
  'audit.read': 'Read the event log and audit reports',
  'tenants.manage': 'Create and manage tenants (operator only)',
};

/** Names people read for the system roles. */
export const SYSTEM_ROLE_NAMES: Record<string, string> = {
  super_admin: 'Super admin',
  tenant_admin: 'Tenant admin',
  support: 'Support',
  billing: 'Billing',
};
