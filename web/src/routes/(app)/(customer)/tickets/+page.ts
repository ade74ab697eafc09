import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TicketsQuery } from '$lib/tickets/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:tickets');
  return loadData(
    url,
    query(TicketsQuery, {}).then((r) => ({ tickets: r.tickets })),
  );
};
