import { renderMail, type TemplateOverrides } from '../../commands/mail/templates.ts';
import { loadTemplateOverrides } from '../../commands/mail/template-overrides.ts';
import { queueEventMail } from './event-mail.ts';
import type { Sql } from 'postgres';
import { formatInr } from '../../domain/shared/money.ts';
import type { TopUpApproved, TopUpRejected } from '../../domain/wallet/events.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { commandPort, type CommandPort, type Reactor } from '../reactor.ts';
import { tenantBrand, userContact } from '../../projections/identity/queries.ts';

/** What the notifier reads: the identity read model in the platform, a table in its spec. */
export interface NotifierReads {
  userContact(customerId: string): Promise<{ email: string; name: string } | undefined>;
  tenantBrand(tenantId: string): Promise<{ brand: unknown } | undefined>;
  /** The tenant's own templates by kind (commands/mail/template-overrides.ts); none: the files'. */
  overrides(tenantId: string): Promise<TemplateOverrides>;
}

/** Tells customers what happened to their top-up. One mail per event, whatever the retries. */
export function topUpNotifier(deps: CommandDeps, sql: Sql): Reactor {
  const reads: NotifierReads = {
    userContact: (id) => userContact(sql, id),
    tenantBrand: async (id) => (await tenantBrand(sql, id)) as { brand: unknown } | undefined,
    overrides: (id) => loadTemplateOverrides(deps, id),
  };
  return topUpNotifierWith(reads, commandPort(deps));
}

/** The notifier on its ports (specs give a recorder for `issue`). */
export function topUpNotifierWith(reads: NotifierReads, issue: CommandPort): Reactor {
  return {
    name: 'mail.top-up-notifier',
    handles: new Set(['TopUpApproved', 'TopUpRejected']),
    async react(event: RecordedEvent) {
      const d = event.data as TopUpApproved['data'] | TopUpRejected['data'];
      const user = await reads.userContact(d.customerId);
      const tenant = await reads.tenantBrand(event.metadata.tenantId);
      if (!user || !tenant)
        throw new Error(
          `top-up notifier: customer or tenant of event ${event.id} not projected yet`,
        );
      const brand = (tenant.brand as { name: string }).name;
      const overrides = await reads.overrides(event.metadata.tenantId);
      const mail =
        event.type === 'TopUpApproved'
          ? renderMail(
              'top-up-approved',
              {
                brand,
                name: user.name,
                amount: formatInr((d as TopUpApproved['data']).amount),
                balance: formatInr((d as TopUpApproved['data']).balanceAfter),
              },
              overrides,
            )
          : renderMail(
              'top-up-rejected',
              { brand, name: user.name, reason: (d as TopUpRejected['data']).reason },
              overrides,
            );
      await queueEventMail(issue, event, `mail:${event.id}`, user.email as string, mail);
    },
  };
}
