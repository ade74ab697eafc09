import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OutboxQuery } from '$lib/mail/api';
import { AdminDashboardQuery } from '$lib/dashboard/api';
import type { PageLoad } from './$types';

/**
 * The tenant's figures (each part only where the viewer's permissions open it: the API leaves
 * the others out) and, for those who see the outbox, the last mails.
 */
export const load: PageLoad = async ({ url, depends, parent }) => {
  depends('app:topups', 'app:outbox', 'app:services', 'app:dashboard');
  const { me } = await parent();
  const may = (p: string) => me.permissions?.includes(p) ?? false;
  return loadData(
    url,
    Promise.all([
      query(AdminDashboardQuery, {}).then((r) => r.adminDashboard),
      may('users.manage')
        ? query(OutboxQuery, { first: 5 }).then((o) => o.outbox)
        : Promise.resolve(null),
    ]).then(([figures, recentMail]) => ({ figures, recentMail })),
  );
};
