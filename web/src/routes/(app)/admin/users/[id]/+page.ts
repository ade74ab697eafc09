import { ApiError, query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { AdminWalletQuery, StaffRolesQuery, UserQuery } from '$lib/access/api';
import type { PageLoad } from './$types';

/** A user with their activity; for customers also the wallet when the viewer may see wallets. */
export const load: PageLoad = ({ url, params, depends, parent }) => {
  depends('app:user');
  return loadData(
    url,
    (async () => {
      const { me } = await parent();
      const { user } = await query(UserQuery, { id: params.id });
      const roles = user.user.role === 'ADMIN' ? (await query(StaffRolesQuery, {})).staffRoles : [];
      let wallet = null;
      if (
        user.user.role === 'CUSTOMER' &&
        !user.user.memberOf &&
        me.permissions?.includes('wallet.view')
      ) {
        // The wallet feature may be switched off: the page still shows the profile and activity.
        wallet = await query(AdminWalletQuery, { customerId: params.id }).then(
          (r) => r.wallet,
          (e) => (e instanceof ApiError && e.code === 'FORBIDDEN' ? null : Promise.reject(e)),
        );
      }
      return { detail: user, roles, wallet };
    })(),
  );
};
