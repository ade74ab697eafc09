import type { Area } from './area.ts';
import { catalogPermissions } from '../../domain/catalog/permissions.ts';
import { catalogProjector } from '../../projections/catalog/projector.ts';
import { catalogResolvers } from '../../graphql/catalog/resolvers.ts';

/** What the tenant sells: plans and their prices, data centres, add-ons, operating systems. */
export const catalogArea: Area = {
  name: 'catalog',
  permissions: catalogPermissions,
  projectors: [catalogProjector],
  graphql: {
    sdl: [new URL('../../graphql/catalog/catalog.graphql', import.meta.url)],
    resolvers: [catalogResolvers],
  },
  testing: () => import('../../graphql/catalog/isolation.ts'),
};
