import type { Area } from './area.ts';
import { dashboardResolvers } from '../../graphql/dashboard/resolvers.ts';

/**
 * The dashboards' figures (issue 15): read-only, over the other areas' read models
 * (projections/dashboard/queries.ts); no events, commands or tables of its own. Not switched off
 * as a whole: its wallet and tickets parts follow those features (graphql/dashboard/resolvers.ts).
 */
export const dashboardArea: Area = {
  name: 'dashboard',
  graphql: {
    sdl: [new URL('../../graphql/dashboard/dashboard.graphql', import.meta.url)],
    resolvers: [dashboardResolvers],
  },
  testing: () => import('../../graphql/dashboard/isolation.ts'),
};
