import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OutboxQuery } from '$lib/mail/api';
import { TopUpCountQuery, type TopUpStatus } from '$lib/wallet/api';
import { ServicesNeedingAttentionQuery } from '$lib/services/api';
import type { PageLoad } from './$types';

const count = (status: TopUpStatus) =>
  query(TopUpCountQuery, { filter: { status } }).then((r) => r.topUps.total);

/** Each panel only when the viewer's role may see it (a billing clerk has no outbox, say). */
export const load: PageLoad = async ({ url, depends, parent }) => {
  depends('app:topups', 'app:outbox', 'app:services');
  const { me, brand } = await parent();
  const may = (p: string) => me.permissions?.includes(p) ?? false;
  const topUps = may('wallet.view') && brand.features.includes('wallet');
  const none = Promise.resolve(0);
  return loadData(
    url,
    Promise.all([
      topUps ? count('PENDING') : none,
      topUps ? count('APPROVED') : none,
      topUps ? count('REJECTED') : none,
      may('users.manage')
        ? query(OutboxQuery, { first: 5 }).then((o) => o.outbox)
        : Promise.resolve(null),
      may('services.read')
        ? query(ServicesNeedingAttentionQuery, {}).then((r) => r.services.total)
        : Promise.resolve(null),
    ]).then(([pending, approved, rejected, recentMail, needsAttention]) => ({
      counts: topUps ? { pending, approved, rejected } : null,
      recentMail,
      /** Failed deploys with no retry left (null: the viewer does not see servers). */
      needsAttention,
    })),
  );
};
