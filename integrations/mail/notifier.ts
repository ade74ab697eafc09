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
}

/** Tells customers what happened to their top-up. One mail per event, whatever the retries. */
export function topUpNotifier(deps: CommandDeps, sql: Sql): Reactor {
  const reads: NotifierReads = {
    userContact: (id) => userContact(sql, id),
    tenantBrand: async (id) => (await tenantBrand(sql, id)) as { brand: unknown } | undefined,
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
      const mail =
        event.type === 'TopUpApproved'
          ? {
              kind: 'top-up-approved',
              subject: `${brand}: ${formatInr((d as TopUpApproved['data']).amount)} added to your wallet`,
              text: `Hello ${user.name},\n\nYour top-up of ${formatInr((d as TopUpApproved['data']).amount)} was approved. Your wallet balance is now ${formatInr((d as TopUpApproved['data']).balanceAfter)}.\n\n— ${brand}`,
            }
          : {
              kind: 'top-up-rejected',
              subject: `${brand}: your top-up request was not approved`,
              text: `Hello ${user.name},\n\nWe could not approve your top-up request.\nReason: ${(d as TopUpRejected['data']).reason}\n\nReply to this mail or open a ticket if you believe this is wrong.\n\n— ${brand}`,
            };
      await queueEventMail(issue, event, `mail:${event.id}`, user.email as string, mail);
    },
  };
}
