import type { Area } from './area.ts';
import { tenancyPermissions } from '../../domain/tenancy/permissions.ts';
import { tenancyResolvers } from '../../graphql/tenancy/resolvers.ts';

/** Tenants and resellers: brand, legal profile, top-up details, hosts (read model: identity's). */
export const tenancyArea: Area = {
  name: 'tenancy',
  permissions: tenancyPermissions,
  graphql: {
    sdl: [new URL('../../graphql/tenancy/tenancy.graphql', import.meta.url)],
    resolvers: [tenancyResolvers],
  },
  testing: () => import('../../graphql/tenancy/isolation.ts'),
};
