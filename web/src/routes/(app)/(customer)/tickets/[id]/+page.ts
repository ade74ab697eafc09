import { error } from '@sveltejs/kit';
import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TicketQuery } from '$lib/tickets/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, params, depends }) => {
  depends('app:ticket');
  return loadData(
    url,
    query(TicketQuery, { id: params.id }).then((r) => {
      if (!r.ticket) error(404, { message: 'No such ticket.', code: 'NOT_FOUND' });
      return { ticket: r.ticket };
    }),
  );
};
