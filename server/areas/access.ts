import type { Area } from './area.ts';
import { accessPermissions } from '../../domain/access/permissions.ts';
import { accessProjector } from '../../projections/access/projector.ts';
import { accessActivity } from '../../projections/access/activity.ts';
import { accessResolvers } from '../../graphql/access/resolvers.ts';
import { accessFeatureGates } from '../../graphql/access/features.ts';

/** Staff roles and permissions, customer teams and invitations, feature switches, impersonation. */
export const accessArea: Area = {
  name: 'access',
  permissions: accessPermissions,
  projectors: [accessProjector],
  graphql: {
    sdl: [new URL('../../graphql/access/access.graphql', import.meta.url)],
    resolvers: accessResolvers,
    features: accessFeatureGates,
  },
  activity: accessActivity,
  testing: () => import('../../graphql/access/isolation.ts'),
};
