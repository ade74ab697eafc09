import { declarePermissions, type NamesOf } from '../identity/permissions.ts';

/** What staff may do with wallets (both admins hold every one; see domain/identity/permissions.ts). */
export const walletPermissions = declarePermissions({
  'wallet.view': {
    description: 'See customers’ wallets, ledgers and top-up requests',
    heldBy: ['support', 'billing'],
  },
  'wallet.approve': {
    description: 'Approve or reject top-up requests (moves money)',
    heldBy: ['billing'],
  },
});

declare module '../identity/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the names
  interface PermissionNames extends NamesOf<typeof walletPermissions> {}
}
