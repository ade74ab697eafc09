import type { Area } from './area.ts';
import { ticketPermissions } from '../../domain/tickets/permissions.ts';
import { ticketsProjector } from '../../projections/tickets/projector.ts';
import { ticketsResolvers } from '../../graphql/tickets/resolvers.ts';
import { ticketsFeatureGates } from '../../graphql/tickets/features.ts';
import { ticketMailer } from '../../integrations/tickets/ticket-mail.ts';
import { ticketAutoCloser } from '../../integrations/tickets/auto-close.ts';

/** Support tickets: the customer's Support Tickets and the staff's desk (departments, canned replies). */
export const ticketsArea: Area = {
  name: 'tickets',
  permissions: ticketPermissions,
  projectors: [ticketsProjector],
  graphql: {
    sdl: [new URL('../../graphql/tickets/tickets.graphql', import.meta.url)],
    resolvers: [ticketsResolvers],
    features: ticketsFeatureGates,
  },
  reactors: ({ store, now, sql, automation, log, linkBase }) => [
    ticketMailer({ store, now }, sql, linkBase),
    ticketAutoCloser({ store, now }, sql, { schedule: automation.schedule, log }),
  ],
  testing: () => import('../../graphql/tickets/isolation.ts'),
};
