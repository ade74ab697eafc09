import type { Area } from './area.ts';
import { identityProjector } from '../../projections/identity/projector.ts';
import { accountsProjector } from '../../projections/accounts/projector.ts';
import { identityActivity } from '../../projections/identity/activity.ts';
import { identityResolvers } from '../../graphql/identity/resolvers.ts';
import { accountResolvers } from '../../graphql/identity/account-resolvers.ts';
import { securityResolvers } from '../../graphql/identity/security-resolvers.ts';

/** Sign-in, registration, passwords, two-factor, sessions, profiles; users and tenants by host. */
export const identityArea: Area = {
  name: 'identity',
  projectors: [identityProjector, accountsProjector],
  graphql: {
    sdl: [
      new URL('../../graphql/identity/identity.graphql', import.meta.url),
      new URL('../../graphql/identity/self-service.graphql', import.meta.url),
    ],
    resolvers: [identityResolvers, accountResolvers, securityResolvers],
  },
  activity: identityActivity,
  testing: () => import('../../graphql/identity/isolation.ts'),
};
