import type { AreaNav } from '$lib/nav';
import HandCoins from '@lucide/svelte/icons/hand-coins';
import Plus from '@lucide/svelte/icons/plus';
import Wallet from '@lucide/svelte/icons/wallet';

/** The wallet and adding funds for customers; top-up requests for staff. */
export const nav: AreaNav = {
  CUSTOMER: [
    {
      order: 20,
      href: '/wallet',
      label: 'Wallet',
      icon: Wallet,
      feature: 'wallet',
      match: 'exact',
      needs: 'account.view',
    },
    {
      order: 30,
      href: '/wallet/add-funds',
      label: 'Add funds',
      icon: Plus,
      feature: 'wallet',
      needs: 'account.billing',
    },
  ],
  ADMIN: [
    {
      order: 20,
      href: '/admin/top-ups',
      label: 'Top-up requests',
      icon: HandCoins,
      feature: 'wallet',
      needs: 'wallet.view',
    },
  ],
};
