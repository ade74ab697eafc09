import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TopUpsQuery, WalletQuery } from '$lib/wallet/api';
import { entryOrderOf } from '$lib/wallet/entry-order';
import { WalletAutoPayQuery } from '$lib/automation/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:wallet', 'app:topups');
  return loadData(
    url,
    Promise.all([
      // Oldest first asks the server for the wallet's first entries, not the newest 100 reversed.
      query(WalletQuery, { first: 100, oldestFirst: entryOrderOf(url) === 'oldest' }),
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
