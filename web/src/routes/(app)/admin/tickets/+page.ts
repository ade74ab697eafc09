import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { TicketDepartmentsQuery, TicketsQuery } from '$lib/tickets/api';
import { ticketFiltersFromUrl, toTicketFilter } from '$lib/tickets/admin-filters';
import type { PageLoad } from './$types';

/**
 * The tenant's tickets, most urgent first (the API's order), filtered as the URL says. The
 * unfiltered list gives the customer and assignee choices.
 */
export const load: PageLoad = ({ url, depends }) => {
  depends('app:tickets');
  const filters = ticketFiltersFromUrl(url);
  return loadData(
    url,
    Promise.all([
      query(TicketsQuery, { filter: toTicketFilter(filters) }),
      query(TicketsQuery, { filter: {} }),
      query(TicketDepartmentsQuery, {}),
    ]).then(([list, all, d]) => ({
      filters,
      tickets:
        filters.assigneeId === 'none' ? list.tickets.filter((t) => !t.assignee) : list.tickets,
      everyTicket: all.tickets,
      departments: d.ticketDepartments,
    })),
  );
};
