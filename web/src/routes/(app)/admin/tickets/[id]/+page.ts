import { error } from '@sveltejs/kit';
import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import {
  CannedRepliesQuery,
  TicketDepartmentsQuery,
  TicketQuery,
  TicketsQuery,
} from '$lib/tickets/api';
import type { PageLoad } from './$types';

/** The ticket with every message and note, the departments, the canned replies and who works tickets. */
export const load: PageLoad = ({ url, params, depends }) => {
  depends('app:ticket');
  return loadData(
    url,
    Promise.all([
      query(TicketQuery, { id: params.id }),
      query(TicketDepartmentsQuery, {}),
      query(CannedRepliesQuery, {}),
      query(TicketsQuery, { filter: {} }),
    ]).then(([t, d, c, all]) => {
      if (!t.ticket) error(404, { message: 'No such ticket.', code: 'NOT_FOUND' });
      const staff = new Map(
        all.tickets.flatMap((x) =>
          x.assignee ? [[x.assignee.userId, x.assignee.name] as const] : [],
        ),
      );
      return {
        ticket: t.ticket,
        departments: d.ticketDepartments,
        canned: c.cannedReplies,
        staff: [...staff.entries()].map(([userId, name]) => ({ userId, name })),
      };
    }),
  );
};
