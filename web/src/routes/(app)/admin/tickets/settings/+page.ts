import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { CannedRepliesQuery, TicketDepartmentsQuery, TicketSettingsQuery } from '$lib/tickets/api';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:ticket-settings');
  return loadData(
    url,
    Promise.all([
      query(TicketDepartmentsQuery, {}),
      query(CannedRepliesQuery, {}),
      query(TicketSettingsQuery, {}),
    ]).then(([d, c, s]) => ({
      departments: d.ticketDepartments,
      canned: c.cannedReplies,
      settings: s.ticketSettings,
    })),
  );
};
