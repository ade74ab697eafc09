import { DomainError } from '../../domain/shared/decider.ts';
import type { Viewer } from '../context.ts';
import { accountOf } from '../../commands/shared/authorize.ts';

/**
 * Who may read wallets at all: customers (their own account's) and staff holding wallet.view.
 * Staff without it are refused outright (FORBIDDEN), so they learn they lack the permission.
 */
export function mayReadWallets(viewer: Viewer): boolean {
  return viewer.role === 'customer' || viewer.permissions.includes('wallet.view');
}

export function requireWalletReader(viewer: Viewer): Viewer {
  if (!mayReadWallets(viewer))
    throw new DomainError('FORBIDDEN', 'This needs the wallet.view permission.');
  return viewer;
}

/**
 * Whether the viewer may see the wallet of `customerId`, with its top-ups, proofs and ledger
 * entries: staff with wallet.view see every wallet of their tenant (row-level security keeps
 * other tenants out); a customer sees only the account they act for. The one rule for the
 * resolvers and the proof-file route: whoever fails it is told "not found", so ids reveal nothing.
 */
export function seesWalletOf(viewer: Viewer, customerId: string): boolean {
  if (!mayReadWallets(viewer)) return false;
  return viewer.role === 'admin' || customerId === accountOf(viewer);
}
