import { DomainError } from '../../domain/shared/decider.ts';
import type { Viewer } from '../context.ts';
import { accountOf } from '../../commands/shared/authorize.ts';

/**
 * Who may read services at all: customers who may view the account they act for
 * (account.view: the holder and every team role) and staff holding services.read.
 */
export function mayReadServices(viewer: Viewer): boolean {
  if (viewer.role === 'customer') return (viewer.accountPermissions ?? []).includes('account.view');
  return viewer.permissions.includes('services.read');
}

export function requireServiceReader(viewer: Viewer): Viewer {
  if (!mayReadServices(viewer))
    throw new DomainError(
      'FORBIDDEN',
      viewer.role === 'customer'
        ? 'Your role on this account does not allow this (account.view).'
        : 'This needs the services.read permission.',
    );
  return viewer;
}

/**
 * Whether the viewer may see the services of `customerId`: staff with services.read see their
 * tenant's (row-level security keeps other tenants out), a customer only the account's they
 * act for. Whoever fails it is told "not found", so ids reveal nothing.
 */
export function seesServicesOf(viewer: Viewer, customerId: string): boolean {
  if (!mayReadServices(viewer)) return false;
  return viewer.role === 'admin' || customerId === accountOf(viewer);
}

/** A customer who may act on the account's services (actions, snapshots, reveal, cancellation). */
export const actsOnServices = (viewer: Viewer) =>
  viewer.role === 'customer' && (viewer.accountPermissions ?? []).includes('account.services');
