import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TopUpCountQuery, TopUpsQuery, WalletBalanceQuery } from '$lib/wallet/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:wallet', 'app:topups');
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
    })),
  );
};
