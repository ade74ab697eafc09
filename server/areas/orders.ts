import type { Area } from './area.ts';
import { orderPermissions } from '../../domain/orders/permissions.ts';
import { ordersProjector } from '../../projections/orders/projector.ts';
import { orderActivity } from '../../projections/orders/activity.ts';
import { orderResolvers } from '../../graphql/orders/resolvers.ts';
import { orderMailNotifier } from '../../integrations/mail/billing-mail.ts';

/** Orders: quote, place (with its proforma), cancel; the admin and customer order lists. */
export const ordersArea: Area = {
  name: 'orders',
  permissions: orderPermissions,
  projectors: [ordersProjector],
  graphql: {
    sdl: [new URL('../../graphql/orders/orders.graphql', import.meta.url)],
    resolvers: [orderResolvers],
  },
  activity: orderActivity,
  reactors: ({ store, now, sql, linkBase }) => [orderMailNotifier({ store, now }, sql, linkBase)],
  testing: () => import('../../graphql/orders/isolation.ts'),
};
