import type { Area, ReactorDeps } from './area.ts';
import { automationPermissions } from '../../domain/automation/permissions.ts';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../domain/automation/settings.ts';
import { automationProjector } from '../../projections/automation/projector.ts';
import { scheduledTenants } from '../../projections/automation/queries.ts';
import { automationResolvers } from '../../graphql/automation/resolvers.ts';
import { runScheduled, type RunDeps } from '../../commands/automation/run.ts';
import type { AutomationReads } from '../../commands/automation/ports.ts';
import { automationReads } from '../../projections/automation/facts.ts';
import {
  automationScheduler,
  renewalProcess,
  type AutomationScheduler,
} from '../../processes/renewals/index.ts';
import { renewalMailNotifier } from '../../integrations/mail/renewal-mail.ts';

/** What the automation commands get in a reactor: the services' deps, the facts and the lock. */
export const automationRunDeps = (deps: ReactorDeps): RunDeps => ({
  store: deps.store,
  now: deps.now,
  ...deps.services,
  reads: deps.automation.reads,
  lock: deps.automation.lock,
});

/**
 * The scheduler of one app process: the tenants from the read model, each due one's run through
 * runScheduled (its id from the tenant and the hour: every process ticking the hour starts one
 * run). Exported for the two-process test, which ticks two of them at once.
 */
export function automationSchedulerOf(deps: ReactorDeps): AutomationScheduler {
  return automationScheduler({
    tenants: () => scheduledTenants(deps.sql, DEFAULT_AUTOMATION_SETTINGS.runEveryHours),
    run: (tenantId, hour) => runScheduled(automationRunDeps(deps), tenantId, hour),
    now: deps.now,
    log: deps.log,
  });
}

/** The read models' facts, checked here against the port they implement. */
export const postgresAutomationReads = (sql: ReactorDeps['sql']): AutomationReads =>
  automationReads(sql);

/**
 * Billing automation (issue 13): settings, runs and their history, the preview, renewals on
 * payment and the hourly scheduler.
 */
export const automationArea: Area = {
  name: 'automation',
  permissions: automationPermissions,
  projectors: [automationProjector],
  graphql: {
    sdl: [new URL('../../graphql/automation/automation.graphql', import.meta.url)],
    resolvers: [automationResolvers],
  },
  // A paid renewal invoice renews its service (and unsuspends it when that settles it); the
  // scheduler runs each tenant's automation every runEveryHours (not in the test suites: they
  // tick it themselves).
  reactors: (deps) => [
    renewalProcess(automationRunDeps(deps), { log: deps.log }),
    // The customer's mails: the renewal invoice, reminders, suspension and termination for non-payment.
    renewalMailNotifier({ store: deps.store, now: deps.now }, deps.sql, deps.linkBase),
    ...(deps.automation.schedule ? [automationSchedulerOf(deps)] : []),
  ],
  testing: () => import('../../graphql/automation/isolation.ts'),
};
