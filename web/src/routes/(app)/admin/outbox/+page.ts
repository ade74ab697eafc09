import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { OutboxQuery } from '$lib/mail/api';
import { statusFromParam } from '$lib/mail/status';
import type { PageLoad } from './$types';

/** The status filter lives in the URL (`?status=failed`), so a view can be bookmarked. */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:outbox');
  const status = statusFromParam(url.searchParams.get('status'));
  return loadData(
    url,
    query(OutboxQuery, { first: 100, status }).then((r) => ({ status, mails: r.outbox })),
  );
};
