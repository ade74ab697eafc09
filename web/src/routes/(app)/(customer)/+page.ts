import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { CustomerDashboardQuery, CustomerOpenTicketsQuery } from '$lib/dashboard/api';
import { TopUpCountQuery, WalletBalanceQuery } from '$lib/wallet/api';
import type { PageLoad } from './$types';

/**
 * The account at a glance: its services, unpaid invoices and orders (for anyone who may view
 * the account), the wallet and open tickets where the tenant has them on.
 */
export const load: PageLoad = async ({ url, depends, parent }) => {
  depends('app:wallet', 'app:topups', 'app:services', 'app:invoices', 'app:tickets');
  const { me, brand } = await parent();
  const canView = me.accountPermissions?.includes('account.view') ?? false;
  const walletOn = brand.features.includes('wallet') && canView;
  const ticketsOn = brand.features.includes('tickets') && canView;
  return loadData(
    url,
    Promise.all([
      canView ? query(CustomerDashboardQuery, {}) : Promise.resolve(null),
      walletOn ? query(WalletBalanceQuery, {}).then((w) => w.wallet) : Promise.resolve(null),
      walletOn
        ? query(TopUpCountQuery, { filter: { status: 'PENDING' } }).then((t) => t.topUps.total)
        : Promise.resolve(0),
      ticketsOn
        ? query(CustomerOpenTicketsQuery, {}).then((t) => t.tickets)
        : Promise.resolve(null),
    ]).then(([account, wallet, pendingCount, openTickets]) => ({
      account,
      wallet,
      pendingCount,
      openTickets,
      canPay: walletOn && (me.accountPermissions?.includes('account.billing') ?? false),
    })),
  );
};
