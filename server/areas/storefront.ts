import type { Area } from './area.ts';
import { storefrontResolvers } from '../../graphql/storefront/resolvers.ts';

/**
 * The public store on each tenant's host (issue 20): a plan's GST for the visitor's state and
 * the states to choose from. Its plans are the catalog's public part; its contact details the
 * brand's. No events, read models or permissions of its own.
 */
export const storefrontArea: Area = {
  name: 'storefront',
  graphql: {
    sdl: [new URL('../../graphql/storefront/storefront.graphql', import.meta.url)],
    resolvers: [storefrontResolvers],
  },
  testing: () => import('../../graphql/storefront/isolation.ts'),
};
