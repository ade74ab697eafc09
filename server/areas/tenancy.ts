import type { Area } from './area.ts';
import { tenancyPermissions } from '../../domain/tenancy/permissions.ts';
import { tenancyResolvers } from '../../graphql/tenancy/resolvers.ts';
import { mailSettingsResolvers } from '../../graphql/tenancy/mail-settings-resolvers.ts';

/** Tenants and resellers: brand, legal profile, top-up details, hosts (read model: identity's). */
export const tenancyArea: Area = {
  name: 'tenancy',
  permissions: tenancyPermissions,
  graphql: {
    sdl: [
      new URL('../../graphql/tenancy/tenancy.graphql', import.meta.url),
      new URL('../../graphql/tenancy/mail-settings.graphql', import.meta.url),
    ],
    resolvers: [tenancyResolvers, mailSettingsResolvers],
  },
  testing: () => import('../../graphql/tenancy/isolation.ts'),
};
