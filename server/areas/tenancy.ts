import type { Area } from './area.ts';
import { tenancyPermissions } from '../../domain/tenancy/permissions.ts';
import { tenancyResolvers } from '../../graphql/tenancy/resolvers.ts';
import { mailSettingsResolvers } from '../../graphql/tenancy/mail-settings-resolvers.ts';
import { mailTemplatesResolvers } from '../../graphql/tenancy/mail-templates-resolvers.ts';
import { mailHtml } from '../../integrations/mail/compose.ts';

/** Tenants and resellers: brand, legal profile, top-up details, hosts (read model: identity's). */
export const tenancyArea: Area = {
  name: 'tenancy',
  permissions: tenancyPermissions,
  graphql: {
    sdl: [
      new URL('../../graphql/tenancy/tenancy.graphql', import.meta.url),
      new URL('../../graphql/tenancy/mail-settings.graphql', import.meta.url),
      new URL('../../graphql/tenancy/mail-templates.graphql', import.meta.url),
    ],
    // The template preview's HTML part is the sender's own layout.
    resolvers: [tenancyResolvers, mailSettingsResolvers, mailTemplatesResolvers(mailHtml)],
  },
  testing: () => import('../../graphql/tenancy/isolation.ts'),
};
