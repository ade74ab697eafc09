import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TopUpCountQuery, TopUpsQuery, WalletBalanceQuery } from '$lib/wallet/api';
import type { PageLoad } from './$types';

/** The wallet panels only when the tenant has the wallet on and the viewer may see it. */
export const load: PageLoad = async ({ url, depends, parent }) => {
  depends('app:wallet', 'app:topups');
  const { me, brand } = await parent();
  if (!brand.features.includes('wallet') || !me.accountPermissions?.includes('account.view')) {
    return { wallet: null, recentTopUps: [], pendingCount: 0, canAddFunds: false };
  }
  return loadData(
    url,
    Promise.all([
      query(WalletBalanceQuery, {}),
      query(TopUpsQuery, { first: 5 }),
      query(TopUpCountQuery, { filter: { status: 'PENDING' } }),
    ]).then(([w, t, pending]) => ({
      wallet: w.wallet,
      recentTopUps: t.topUps.items,
      pendingCount: pending.topUps.total,
      canAddFunds: me.accountPermissions?.includes('account.billing') ?? false,
    })),
  );
};
