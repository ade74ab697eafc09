import type { Area, ReactorDeps } from './area.ts';
import type { Projector } from '../../projections/shared/projector.ts';
import type { Reactor } from '../../integrations/reactor.ts';
import { activityProjector } from '../../projections/activity/projector.ts';
import { schemaOf } from '../../graphql/schema.ts';
import { permissionCatalog } from '../../domain/identity/permissions.ts';
import { identityArea } from './identity.ts';
import { tenancyArea } from './tenancy.ts';
import { accessArea } from './access.ts';
import { walletArea } from './wallet.ts';
import { mailArea } from './mail.ts';
import { catalogArea } from './catalog.ts';
import { ordersArea } from './orders.ts';
import { invoicesArea } from './invoices.ts';
import { servicesArea } from './services.ts';
import { automationArea } from './automation.ts';
import { storefrontArea } from './storefront.ts';
import { ticketsArea } from './tickets.ts';
import { dashboardArea } from './dashboard.ts';

/**
 * THE list of business areas. Adding an area is one line here plus the area's own folders
 * (server/areas/<area>.ts and its layer folders); everything below is derived.
 */
export const areas: readonly Area[] = [
  identityArea,
  tenancyArea,
  accessArea,
  walletArea,
  mailArea,
  catalogArea,
  ordersArea,
  invoicesArea,
  servicesArea,
  automationArea,
  storefrontArea,
  ticketsArea,
  dashboardArea,
];

/** The account activity log, fed by every area's description of its events. */
export const activity = activityProjector(areas.flatMap((a) => (a.activity ? [a.activity] : [])));

/** Every read model the platform keeps, in the order they are applied within a batch. */
export const allProjectors: Projector[] = [...areas.flatMap((a) => a.projectors ?? []), activity];

/** The GraphQL API: base.graphql and every area's SDL and resolvers. */
export const schema = schemaOf(areas.flatMap((a) => (a.graphql ? [a.graphql] : [])));

/** Every staff permission, from each area's declarations (permissionsOf, the roles page, custom roles). */
export const permissions = permissionCatalog(
  areas.flatMap((a) => (a.permissions ? [a.permissions] : [])),
);

/** Every area's reactors and process managers. */
export const reactorsOf = (deps: ReactorDeps): Reactor[] =>
  areas.flatMap((a) => a.reactors?.(deps) ?? []);
