import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OutboxQuery } from '$lib/mail/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:outbox');
  return loadData(
    url,
    query(OutboxQuery, { first: 100 }).then((r) => ({ mails: r.outbox })),
  );
};
