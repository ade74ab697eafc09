import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TopUpsQuery, WalletQuery } from '$lib/wallet/api';
import { WalletAutoPayQuery } from '$lib/automation/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:wallet', 'app:topups');
  return loadData(
    url,
    Promise.all([
      query(WalletQuery, { first: 100 }),
      query(TopUpsQuery, { first: 50 }),
      query(WalletAutoPayQuery, {}),
    ]).then(([w, t, a]) => ({
      wallet: w.wallet,
      topUps: t.topUps.items,
      topUpTotal: t.topUps.total,
      autoPay: a.wallet.autoPay,
    })),
  );
};
