import { error } from '@sveltejs/kit';
import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import {
  CannedRepliesQuery,
  TicketDepartmentsQuery,
  TicketAssigneesQuery,
  TicketQuery,
} from '$lib/tickets/api';
import type { PageLoad } from './$types';

/** The ticket with every message and note, the departments, the canned replies and who works tickets. */
export const load: PageLoad = async ({ url, params, depends, parent }) => {
  depends('app:ticket');
  // Canned replies and assignees are for staff who work tickets; a reader sees the ticket only.
  const { me } = await parent();
  const manages = me?.permissions?.includes('tickets.manage') ?? false;
  return loadData(
    url,
    Promise.all([
      query(TicketQuery, { id: params.id }),
      query(TicketDepartmentsQuery, {}),
      manages ? query(CannedRepliesQuery, {}) : { cannedReplies: [] },
      manages ? query(TicketAssigneesQuery, {}) : { ticketAssignees: [] },
    ]).then(([t, d, c, a]) => {
      if (!t.ticket) error(404, { message: 'No such ticket.', code: 'NOT_FOUND' });
      return {
        ticket: t.ticket,
        departments: d.ticketDepartments,
        canned: c.cannedReplies,
        staff: a.ticketAssignees,
      };
    }),
  );
};
