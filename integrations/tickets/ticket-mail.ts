import type { Sql } from 'postgres';
import { queueEventMail } from '../mail/event-mail.ts';
import { renderMail, type TemplateOverrides } from '../../commands/mail/templates.ts';
import { loadTemplateOverrides } from '../../commands/mail/template-overrides.ts';
import { loadDesk } from '../../commands/tickets/shared.ts';
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

/** What the ticket mailer reads: users and brands (identity read model), the ticket's own stream, the desk. */
export interface TicketMailReads {
  userContact(userId: string): Promise<{ email: string; name: string } | undefined>;
  tenantBrand(tenantId: string): Promise<{ brand: unknown } | undefined>;
  /** The ticket as opened, its assignee and department now (from its stream). */
  ticket(
    ticketId: string,
  ): Promise<{ opened: TicketOpened['data']; assigneeId: string | null; departmentId: string }>;
  /** A department's name on the tenant's desk (its id when the desk has no such department). */
  departmentName(tenantId: string, departmentId: string): Promise<string>;
  /** The tenant's public origin for mailed links (domain/tenancy/public-url.ts). */
  linkBase(tenantId: string): Promise<string>;
  /** The tenant's own templates (commands/mail/template-overrides.ts). */
  overrides(tenantId: string): Promise<TemplateOverrides>;
}

export function ticketMailer(
  deps: CommandDeps & { store: EventStore },
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): Reactor {
  return ticketMailerWith(
    {
      userContact: (id) => userContact(sql, id),
      tenantBrand: async (id) => (await tenantBrand(sql, id)) as { brand: unknown } | undefined,
      async ticket(ticketId) {
        const events = await deps.store.readStream(ticketStreamId(ticketId));
        const opened = events.find((e) => e.type === 'TicketOpened');
        if (!opened) throw new Error(`ticket mailer: ticket ${ticketId} has no TicketOpened`);
        const data = opened.data as TicketOpened['data'];
        let assigneeId: string | null = null;
        let departmentId = data.departmentId;
        for (const e of events) {
          if (e.type === 'TicketAssigned') assigneeId = e.data.assigneeId as string | null;
          if (e.type === 'TicketDetailsChanged') departmentId = e.data.departmentId as string;
        }
        return { opened: data, assigneeId, departmentId };
      },
      departmentName: async (tenantId, departmentId) =>
        (await loadDesk(deps, tenantId)).departments.get(departmentId)?.name ?? departmentId,
      linkBase,
      overrides: (tenantId) => loadTemplateOverrides(deps, tenantId),
    },
    commandPort(deps),
  );
}

/**
 * Mail both ways (issue 14): opened → confirmation to the customer; staff reply → the customer;
 * customer reply → the assignee, else the tenant's support address; auto-closed → the customer.
 * Internal notes mail no one. The texts are the ticket-* templates (the tenant's own when it
 * edited them); ticket text is plain text, quoted as written.
 */
export function ticketMailerWith(reads: TicketMailReads, issue: CommandPort): Reactor {
  return {
    name: 'tickets.mail',
    handles: new Set(['TicketOpened', 'TicketMessageAdded', 'TicketClosed']),
    firstStart: 'HEAD',
    async react(event: RecordedEvent) {
      const tenantId = event.metadata.tenantId;
      const ticketId = (event.data as { ticketId: string }).ticketId;
      const { opened, assigneeId, departmentId } = await reads.ticket(ticketId);
      const tenant = await reads.tenantBrand(tenantId);
      const customer = await reads.userContact(opened.accountId);
      if (!tenant || !customer)
        throw new Error(`ticket mailer: customer or tenant of event ${event.id} not projected yet`);
      const brand = tenant.brand as { name: string; supportEmail?: string; email?: string };
      const base = await reads.linkBase(tenantId);
      const overrides = await reads.overrides(tenantId);
      const departmentName = await reads.departmentName(tenantId, departmentId);
      const vars = (name: string, message: string, link: string) => ({
        brand: brand.name,
        name,
        ticketNumber: opened.number,
        subject: opened.subject,
        message,
        link,
        customerName: customer.name,
        department: departmentName,
      });
      const customerLink = `${base}/tickets/${ticketId}`;
      const toCustomer = (kind: string, message: string) =>
        queueEventMail(
          issue,
          event,
          `mail:${event.id}`,
          customer.email,
          renderMail(kind, vars(customer.name, message, customerLink), overrides),
        );
      if (event.type === 'TicketOpened') {
        await toCustomer('ticket-opened', opened.message);
        return;
      }
      if (event.type === 'TicketClosed') {
        const d = event.data as TicketClosed['data'];
        if (!d.auto) return;
        await toCustomer('ticket-auto-closed', '');
        return;
      }
      const d = event.data as TicketMessageAdded['data'];
      if (d.kind === 'NOTE') return;
      if (d.kind === 'STAFF') {
        await toCustomer('ticket-staff-reply', d.body);
        return;
      }
      const assignee = assigneeId ? await reads.userContact(assigneeId) : undefined;
      const to = assignee?.email ?? brand.supportEmail ?? brand.email;
      if (!to) return; // no assignee and no support address: the desk list shows it (Customer-Reply first)
      await queueEventMail(
        issue,
        event,
        `mail:${event.id}`,
        to,
        renderMail(
          'ticket-customer-reply',
          vars(
            assignee?.name ?? `${brand.name} support`,
            d.body,
            `${base}/admin/tickets/${ticketId}`,
          ),
          overrides,
        ),
      );
    },
  };
}
