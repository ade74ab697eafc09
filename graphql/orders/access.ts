import { DomainError } from '../../domain/shared/decider.ts';
import type { Viewer } from '../context.ts';
import { accountOf } from '../../commands/shared/authorize.ts';

/**
 * Who may read orders: customers with the account's billing permission (an order is money
 * owed) and staff holding orders.manage.
 */
export function mayReadOrders(viewer: Viewer): boolean {
  if (viewer.role === 'customer')
    return (viewer.accountPermissions ?? []).includes('account.billing');
  return viewer.permissions.includes('orders.manage');
}

export function requireOrderReader(viewer: Viewer): Viewer {
  if (!mayReadOrders(viewer))
    throw new DomainError(
      'FORBIDDEN',
      viewer.role === 'customer'
        ? 'Your role on this account does not allow this (account.billing).'
        : 'This needs the orders.manage permission.',
    );
  return viewer;
}

/** Whether the viewer may see the orders of `customerId` (others are "not found"). */
export function seesOrdersOf(viewer: Viewer, customerId: string): boolean {
  if (!mayReadOrders(viewer)) return false;
  return viewer.role === 'admin' || customerId === accountOf(viewer);
}
