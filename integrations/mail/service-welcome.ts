import { renderMail, type TemplateOverrides } from '../../commands/mail/templates.ts';
import { loadTemplateOverrides } from '../../commands/mail/template-overrides.ts';
import { queueEventMail } from './event-mail.ts';
import type { Sql } from 'postgres';
import type { ServiceProvisioned } from '../../domain/services/events.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { commandPort, type CommandPort, type Reactor } from '../reactor.ts';
import { tenantBrand, userContact } from '../../projections/identity/queries.ts';
import type { NotifierReads } from './notifier.ts';

export type WelcomeReads = NotifierReads & {
  /** The tenant's public origin for mailed links (domain/tenancy/public-url.ts). */
  linkBase(tenantId: string): Promise<string>;
};

/** The welcome mail's text: the server's name and address, and where to sign in to see its login. Never a credential. */
export function welcomeText(
  d: Pick<ServiceProvisioned['data'], 'serviceId' | 'hostname' | 'ipAddresses'>,
  names: { customer: string; brand: string },
  base: string,
  overrides?: TemplateOverrides,
): { subject: string; text: string } {
  const { subject, text } = renderMail(
    'service-welcome',
    {
      brand: names.brand,
      name: names.customer,
      hostname: d.hostname,
      ipAddress: d.ipAddresses.length > 0 ? d.ipAddresses.join(', ') : 'being assigned',
      link: `${base}/services/${d.serviceId}`,
    },
    overrides,
  );
  return { subject, text };
}

/** Tells a customer their server is ready (when staff or the module asked for the mail). One mail per service. */
export function serviceWelcomeNotifier(
  deps: CommandDeps,
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): Reactor {
  return serviceWelcomeNotifierWith(
    {
      userContact: (id) => userContact(sql, id),
      tenantBrand: async (id) => (await tenantBrand(sql, id)) as { brand: unknown } | undefined,
      linkBase,
      overrides: (id) => loadTemplateOverrides(deps, id),
    },
    commandPort(deps),
  );
}

export function serviceWelcomeNotifierWith(reads: WelcomeReads, issue: CommandPort): Reactor {
  return {
    name: 'mail.service-welcome',
    handles: new Set(['ServiceProvisioned']),
    async react(event: RecordedEvent) {
      const d = event.data as ServiceProvisioned['data'];
      if (!d.sendEmail) return;
      const user = await reads.userContact(d.customerId);
      const tenant = await reads.tenantBrand(event.metadata.tenantId);
      if (!user || !tenant)
        throw new Error(`welcome mail: customer or tenant of event ${event.id} not projected yet`);
      const brand = (tenant.brand as { name: string }).name;
      const base = await reads.linkBase(event.metadata.tenantId);
      const overrides = await reads.overrides(event.metadata.tenantId);
      const mail = welcomeText(d, { customer: user.name, brand }, base, overrides);
      await queueEventMail(issue, event, `mail:welcome:${d.serviceId}`, user.email, {
        kind: 'service-welcome',
        ...mail,
      });
    },
  };
}
