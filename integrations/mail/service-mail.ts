import type { Sql } from 'postgres';
import { renderMail } from '../../commands/mail/templates.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import {
  serviceStreamId,
  type ServiceCancellationRequested,
  type ServiceSuspended,
  type ServiceUnsuspended,
  type SuspensionKind,
} from '../../domain/services/events.ts';
import { dayText } from '../../domain/services/renewal-lines.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { serviceById } from '../../projections/services/queries.ts';
import { readScoped } from '../../projections/shared/scoped.ts';
import { commandPort, type CommandPort, type Reactor } from '../reactor.ts';
import { queueEventMail } from './event-mail.ts';
import { addresseeOf, customerMailReads, type CustomerMailReads } from './mail-reads.ts';

export type ServiceMailReads = CustomerMailReads & {
  /** The service's owner and host name (the services read model). */
  service(
    tenantId: string,
    serviceId: string,
  ): Promise<{ customerId: string; hostname: string } | undefined>;
  /** The kind of the service's last suspension before stream revision `before` (null: none). */
  suspensionBefore(serviceId: string, before: bigint): Promise<SuspensionKind | null>;
};

export function serviceMailReads(
  deps: { store: EventStore },
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): ServiceMailReads {
  return {
    ...customerMailReads(deps, sql, linkBase),
    service: async (tenantId, serviceId) => {
      const row = await readScoped(sql, tenantId, (tx) => serviceById(tx, serviceId));
      return row && { customerId: row.customer_id, hostname: row.hostname };
    },
    suspensionBefore: async (serviceId, before) => {
      const events = await deps.store.readStream(serviceStreamId(serviceId));
      const last = events
        .filter((e) => e.revision < before && e.type === 'ServiceSuspended')
        .at(-1);
      return last ? (last.data as ServiceSuspended['data']).kind : null;
    },
  };
}

/** When a requested cancellation takes effect, as the mail says it. */
export function cancellationWhen(
  d: Pick<ServiceCancellationRequested['data'], 'when' | 'effectiveOn'>,
) {
  return d.when === 'IMMEDIATE'
    ? `It takes effect today, ${dayText(d.effectiveOn)}: the server is terminated and not renewed.`
    : `It keeps running until ${dayText(d.effectiveOn)}, the end of its paid period, and is not renewed. ` +
        'Until then you can withdraw the cancellation on the service page.';
}

/**
 * Service life-cycle mails (issue 14): a service unsuspended after a suspension for non-payment
 * (the one the customer was mailed about, renewal-mail.ts; staff's holds are staff's to tell,
 * both ways) and a cancellation request confirmed. One mail per event: a service may be
 * unsuspended, or a cancellation requested again after a withdrawal, more than once.
 */
export function serviceMailNotifier(
  deps: CommandDeps,
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): Reactor {
  return serviceMailNotifierWith(serviceMailReads(deps, sql, linkBase), commandPort(deps));
}

export function serviceMailNotifierWith(reads: ServiceMailReads, issue: CommandPort): Reactor {
  const mailer = 'service mail';
  return {
    name: 'mail.service-life-cycle',
    // Added to running platforms: it mails what happens from its first start, not the past.
    firstStart: 'HEAD',
    handles: new Set(['ServiceUnsuspended', 'ServiceCancellationRequested']),
    async react(event: RecordedEvent) {
      const d = event.data as ServiceUnsuspended['data'] | ServiceCancellationRequested['data'];
      if (
        event.type === 'ServiceUnsuspended' &&
        (await reads.suspensionBefore(d.serviceId, event.revision)) !== 'NON_PAYMENT'
      )
        return;
      const service = await reads.service(event.metadata.tenantId, d.serviceId);
      if (!service)
        throw new Error(`${mailer}: service ${d.serviceId} of event ${event.id} not projected yet`);
      const who = await addresseeOf(reads, event, service.customerId, mailer);
      const vars = {
        ...who.vars,
        hostname: service.hostname,
        link: `${who.base}/services/${d.serviceId}`,
      };
      if (event.type === 'ServiceUnsuspended') {
        const mail = renderMail('service-unsuspended', vars, who.overrides);
        await queueEventMail(issue, event, `mail:unsuspended:${event.id}`, who.to, mail);
        return;
      }
      const c = d as ServiceCancellationRequested['data'];
      const mail = renderMail(
        'cancellation-confirmed',
        { ...vars, reason: c.reason, when: cancellationWhen(c) },
        who.overrides,
      );
      await queueEventMail(issue, event, `mail:cancellation:${event.id}`, who.to, mail);
    },
  };
}
