import type { Area } from './area.ts';
import { servicePermissions } from '../../domain/services/permissions.ts';
import { servicesProjector } from '../../projections/services/projector.ts';
import { serviceActivity } from '../../projections/services/activity.ts';
import { dueProvisioningRetries, servicesToProvision } from '../../projections/services/queries.ts';
import { serviceResolvers } from '../../graphql/services/resolvers.ts';
import { createServicesForOrder } from '../../commands/services/create-services.ts';
import { fulfilmentReactors } from '../../processes/fulfilment/index.ts';
import { planChangeReactors } from '../../processes/plan-changes/index.ts';
import { provisioningWorker } from '../../integrations/provisioning/worker.ts';
import { serviceWelcomeNotifier } from '../../integrations/mail/service-welcome.ts';
import { serviceMailNotifier } from '../../integrations/mail/service-mail.ts';

/** Services: the rented servers, their provisioning (modules, retries), life cycle and history. */
export const servicesArea: Area = {
  name: 'services',
  permissions: servicePermissions,
  projectors: [servicesProjector],
  graphql: {
    sdl: [new URL('../../graphql/services/services.graphql', import.meta.url)],
    resolvers: [serviceResolvers],
  },
  activity: serviceActivity,
  // Fulfilment: a paid order's services, the order fulfilled, a cancelled service's credit, the
  // retries of failed deploys (due ones from the read model). The worker deploys every service
  // PROVISIONING (the read model's queue on start, then each ProvisioningStarted).
  reactors: ({ store, now, sql, services, log, linkBase }) => [
    ...fulfilmentReactors(
      { store, now },
      {
        createServices: async (cause, orderId) => {
          await createServicesForOrder(
            { store, now, environmentCloudStack: services.environmentCloudStack },
            cause,
            orderId,
          );
        },
        dueRetries: async (at) =>
          (await dueProvisioningRetries(sql, at)).map((s) => ({
            tenantId: s.tenant_id,
            serviceId: s.id,
            attempt: s.attempts,
          })),
        log,
      },
    ),
    // Plan changes: a paid upgrade resized through the module (or left to staff); its proforma
    // cancelled → the change cancelled.
    ...planChangeReactors({ store, now, ...services }),
    // The welcome mail once a server is provisioned (a sign-in link, never the credentials).
    serviceWelcomeNotifier({ store, now }, sql, linkBase),
    // Unsuspended, cancellation confirmed.
    serviceMailNotifier({ store, now }, sql, linkBase),
    provisioningWorker(
      { store, now, services },
      {
        pending: async () =>
          (await servicesToProvision(sql)).map((s) => ({
            tenantId: s.tenant_id,
            serviceId: s.id,
            attempt: s.attempts,
          })),
        log,
      },
    ),
  ],
  testing: () => import('../../graphql/services/isolation.ts'),
};
