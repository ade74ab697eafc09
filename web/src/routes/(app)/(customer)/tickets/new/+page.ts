import { query } from '$lib/graphql/client';
import { loadData } from '$lib/graphql/load';
import { InvoicesQuery } from '$lib/billing/api';
import { ServicesQuery } from '$lib/services/api';
import { TicketDepartmentsQuery } from '$lib/tickets/api';
import type { PageLoad } from './$types';

/** The departments, and the customer's own services and invoices a ticket may be about. */
export const load: PageLoad = ({ url }) =>
  loadData(
    url,
    Promise.all([
      query(TicketDepartmentsQuery, {}),
      query(ServicesQuery, { first: 100 }),
      query(InvoicesQuery, { first: 100 }),
    ]).then(([d, s, i]) => ({
      departments: d.ticketDepartments.filter((x) => x.active),
      services: s.services.items,
      invoices: i.invoices.items,
    })),
  );
