import type { Sql } from 'postgres';
import { renderMail } from '../../commands/mail/templates.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import { formatInr } from '../../domain/shared/money.ts';
import type { TopUpMethod, TopUpRequested } from '../../domain/wallet/events.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { commandPort, type CommandPort, type Reactor } from '../reactor.ts';
import { queueEventMail } from './event-mail.ts';
import { addresseeOf, customerMailReads, type CustomerMailReads } from './mail-reads.ts';

const METHODS: Record<TopUpMethod, string> = {
  BANK_TRANSFER: 'bank transfer',
  CRYPTO: 'crypto',
};

/** Tells the customer their top-up request arrived and waits for staff (approval and rejection: notifier.ts). */
export function topUpReceivedNotifier(
  deps: CommandDeps,
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): Reactor {
  return topUpReceivedNotifierWith(customerMailReads(deps, sql, linkBase), commandPort(deps));
}

export function topUpReceivedNotifierWith(reads: CustomerMailReads, issue: CommandPort): Reactor {
  return {
    name: 'mail.top-up-received',
    // Added to running platforms: it mails the requests from its first start, not the past ones.
    firstStart: 'HEAD',
    handles: new Set(['TopUpRequested']),
    async react(event: RecordedEvent) {
      const d = event.data as TopUpRequested['data'];
      const who = await addresseeOf(reads, event, d.customerId, 'top-up received mail');
      const mail = renderMail(
        'top-up-received',
        {
          ...who.vars,
          amount: formatInr(d.amount),
          method: METHODS[d.method] ?? d.method,
          reference: d.reference,
          link: `${who.base}/wallet`,
        },
        who.overrides,
      );
      await queueEventMail(issue, event, `mail:top-up-received:${d.topUpId}`, who.to, mail);
    },
  };
}
