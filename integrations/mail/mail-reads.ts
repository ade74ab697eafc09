import type { Sql } from 'postgres';
import { loadTemplateOverrides } from '../../commands/mail/template-overrides.ts';
import type { TemplateOverrides } from '../../commands/mail/templates.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { tenantBrand, userContact } from '../../projections/identity/queries.ts';
import type { NotifierReads } from './notifier.ts';

/** What every customer mail reads: the customer and brand, the portal's address, the tenant's templates. */
export type CustomerMailReads = NotifierReads & {
  /** The tenant's public origin for mailed links (domain/tenancy/public-url.ts). */
  linkBase(tenantId: string): Promise<string>;
  /** The tenant's own templates by kind (commands/mail/template-overrides.ts); none: the files'. */
  overrides(tenantId: string): Promise<TemplateOverrides>;
};

/** The reads on the platform: the identity read model, the tenant's stream for its templates. */
export function customerMailReads(
  deps: { store: EventStore },
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): CustomerMailReads {
  return {
    userContact: (id) => userContact(sql, id),
    tenantBrand: async (id) => (await tenantBrand(sql, id)) as { brand: unknown } | undefined,
    linkBase,
    overrides: (tenantId) => loadTemplateOverrides(deps, tenantId),
  };
}

/** Who a mail goes to and what every template of it needs. */
export interface MailAddressee {
  to: string;
  /** The `brand` and `name` variables. */
  vars: { brand: string; name: string };
  /** The portal's origin for links. */
  base: string;
  overrides: TemplateOverrides;
}

/**
 * The customer's address and name, the tenant's brand, link base and templates for a mail
 * about `event`; throws (the runner retries) while the customer or tenant is not projected yet.
 */
export async function addresseeOf(
  reads: CustomerMailReads,
  event: RecordedEvent,
  customerId: string,
  mailer: string,
): Promise<MailAddressee> {
  const tenantId = event.metadata.tenantId;
  const user = await reads.userContact(customerId);
  const tenant = await reads.tenantBrand(tenantId);
  if (!user || !tenant)
    throw new Error(`${mailer}: customer or tenant of event ${event.id} not projected yet`);
  return {
    to: user.email,
    vars: { brand: (tenant.brand as { name: string }).name, name: user.name },
    base: await reads.linkBase(tenantId),
    overrides: await reads.overrides(tenantId),
  };
}
