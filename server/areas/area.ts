import type { Sql } from 'postgres';
import type { EventStore } from '../../eventstore/types.ts';
import type { Projector } from '../../projections/shared/projector.ts';
import type { ActivityDescriber } from '../../projections/activity/describer.ts';
import type { SchemaPart } from '../../graphql/schema.ts';
import type { Reactor } from '../../integrations/reactor.ts';
import type { MailTransports } from '../../integrations/mail/transport.ts';
import type { PermissionDeclarations } from '../../domain/identity/permissions.ts';
import type { AreaRows } from '../../graphql/access/testing/rows.ts';
import type { ServicePorts } from '../../commands/services/module-port.ts';
import type { AutomationPorts } from '../../commands/automation/ports.ts';

/** What the composition root hands an area's reactors. */
export interface ReactorDeps {
  store: EventStore;
  now: () => Date;
  /** Read models (owner connection). */
  sql: Sql;
  /** Where mail leaves, and the key that opens a queued mail's sealed text. */
  mail: { transports: MailTransports; key: Buffer };
  /** Provisioning modules and the credentials' seal key (the provisioning worker). */
  services: ServicePorts;
  /**
   * Billing automation's facts and lock (the platform's), and whether this process runs the
   * hourly scheduler (not in the test suites, which tick it themselves).
   */
  automation: AutomationPorts & { schedule: boolean };
  log: (msg: string, extra?: object) => void;
  /** The tenant's public origin for links in mails (domain/tenancy/public-url.ts). */
  linkBase: (tenantId: string) => Promise<string>;
}

/**
 * One business area, as the composition root sees it: everything the area brings, listed once,
 * each part from the area's own layer folders. server/areas/index.ts is the list of areas; the
 * schema, the read models, the activity log, the reactors and the CLI take their parts from it.
 */
export interface Area {
  /** The area's folder name in each layer (domain/<name>, projections/<name>, …). */
  name: string;
  /** Its read models, in the order they are applied within a batch. */
  projectors?: readonly Projector[];
  /** Its SDL files and resolvers (graphql/<name>/). */
  graphql?: SchemaPart;
  /** Its lines in the account activity log (projections/<name>/activity.ts). */
  activity?: ActivityDescriber;
  /**
   * Its staff permissions (domain/<name>/permissions.ts, which also adds their names to the
   * Permission type): name, description, which system roles hold it.
   */
  permissions?: PermissionDeclarations;
  /** Its reactors and process managers, started after the read models. */
  reactors?: (deps: ReactorDeps) => Reactor[];
  /**
   * Its rows in the access suites (graphql/<name>/isolation.ts): an isolation case and a
   * permission-matrix row for each operation of its SDL. Imported only when a suite asks, so
   * vitest and the rows stay out of start-up.
   */
  testing?: () => Promise<AreaRows>;
}
