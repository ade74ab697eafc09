import type { Sql } from 'postgres';
import { queueEventMail, type EventMail } from '../mail/event-mail.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { commandPort, type CommandPort, type Reactor } from '../reactor.ts';
import { tenantBrand, userContact } from '../../projections/identity/queries.ts';
import {
  ticketStreamId,
  type TicketClosed,
  type TicketMessageAdded,
  type TicketOpened,
} from '../../domain/tickets/events.ts';

/** What the ticket mailer reads: users and brands (identity read model), the ticket's own stream. */
export interface TicketMailReads {
  userContact(userId: string): Promise<{ email: string; name: string } | undefined>;
  tenantBrand(tenantId: string): Promise<{ brand: unknown } | undefined>;
  /** The ticket as opened and its assignee now (from its stream). */
  ticket(ticketId: string): Promise<{ opened: TicketOpened['data']; assigneeId: string | null }>;
}

export function ticketMailer(deps: CommandDeps & { store: EventStore }, sql: Sql): Reactor {
  return ticketMailerWith(
    {
      userContact: (id) => userContact(sql, id),
      tenantBrand: async (id) => (await tenantBrand(sql, id)) as { brand: unknown } | undefined,
      async ticket(ticketId) {
        const events = await deps.store.readStream(ticketStreamId(ticketId));
        const opened = events.find((e) => e.type === 'TicketOpened');
        if (!opened) throw new Error(`ticket mailer: ticket ${ticketId} has no TicketOpened`);
        let assigneeId: string | null = null;
        for (const e of events)
          if (e.type === 'TicketAssigned') assigneeId = e.data.assigneeId as string | null;
        return { opened: opened.data as TicketOpened['data'], assigneeId };
      },
    },
    commandPort(deps),
  );
}

/**
 * Mail both ways (issue 14): opened → confirmation to the customer; staff reply → the customer;
 * customer reply → the assignee, else the tenant's support address; auto-closed → the customer.
 * Internal notes mail no one. The text is written here (no template registry yet); ticket text
 * is plain text, quoted as written.
 */
export function ticketMailerWith(reads: TicketMailReads, issue: CommandPort): Reactor {
  return {
    name: 'tickets.mail',
    handles: new Set(['TicketOpened', 'TicketMessageAdded', 'TicketClosed']),
    firstStart: 'HEAD',
    async react(event: RecordedEvent) {
      const ticketId = (event.data as { ticketId: string }).ticketId;
      const { opened, assigneeId } = await reads.ticket(ticketId);
      const tenant = await reads.tenantBrand(event.metadata.tenantId);
      const customer = await reads.userContact(opened.accountId);
      if (!tenant || !customer)
        throw new Error(`ticket mailer: customer or tenant of event ${event.id} not projected yet`);
      const brand = tenant.brand as { name: string; supportEmail?: string; email?: string };
      const ref = `${opened.number} ${opened.subject}`;
      const toCustomer = (mail: EventMail) =>
        queueEventMail(issue, event, `mail:${event.id}`, customer.email, mail);
      if (event.type === 'TicketOpened') {
        await toCustomer({
          kind: 'ticket-opened',
          subject: `${brand.name}: ticket ${ref} received`,
          text: `Hello ${customer.name},\n\nWe received your ticket ${opened.number} "${opened.subject}" and will answer soon.\n\n— ${brand.name}`,
        });
        return;
      }
      if (event.type === 'TicketClosed') {
        const d = event.data as TicketClosed['data'];
        if (!d.auto) return;
        await toCustomer({
          kind: 'ticket-auto-closed',
          subject: `${brand.name}: ticket ${ref} closed`,
          text: `Hello ${customer.name},\n\nYour ticket ${opened.number} "${opened.subject}" was closed because we had no reply after our last answer. You can reopen it within 30 days.\n\n— ${brand.name}`,
        });
        return;
      }
      const d = event.data as TicketMessageAdded['data'];
      if (d.kind === 'NOTE') return;
      if (d.kind === 'STAFF') {
        await toCustomer({
          kind: 'ticket-staff-reply',
          subject: `${brand.name}: reply to ticket ${ref}`,
          text: `Hello ${customer.name},\n\nWe replied to your ticket ${opened.number}:\n\n${d.body}\n\nAnswer in the portal under Support Tickets.\n\n— ${brand.name}`,
        });
        return;
      }
      const assignee = assigneeId ? await reads.userContact(assigneeId) : undefined;
      const to = assignee?.email ?? brand.supportEmail ?? brand.email;
      if (!to) return; // no assignee and no support address: the desk list shows it (Customer-Reply first)
      await queueEventMail(issue, event, `mail:${event.id}`, to, {
        kind: 'ticket-customer-reply',
        subject: `${brand.name}: ${customer.name} replied to ticket ${ref}`,
        text: `${customer.name} (${customer.email}) replied to ticket ${opened.number}:\n\n${d.body}\n`,
      });
    },
  };
}
