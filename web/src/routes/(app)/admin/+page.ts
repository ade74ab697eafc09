import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OutboxQuery } from '$lib/identity/api';
import { TopUpCountQuery, type TopUpStatus } from '$lib/wallet/api';
import type { PageLoad } from './$types';

const count = (status: TopUpStatus) => query(TopUpCountQuery, { filter: { status } }).then((r) => r.topUps.total);

export const load: PageLoad = ({ url, depends }) => {
  depends('app:topups', 'app:outbox');
  return loadData(
    url,
    Promise.all([count('PENDING'), count('APPROVED'), count('REJECTED'), query(OutboxQuery, { first: 5 })]).then(
      ([pending, approved, rejected, o]) => ({ counts: { pending, approved, rejected }, recentMail: o.outbox }),
    ),
  );
};
