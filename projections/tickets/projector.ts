import type { TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { ticketEventTypes, type TicketEvent } from '../../domain/tickets/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';
import { applyDeskEvent, deskEventTypes, deskMigration, deskTables } from './desk.ts';

const desk = new Set<string>(deskEventTypes);

type Of<T extends TicketEvent['type']> = Extract<TicketEvent, { type: T }>['data'];

/**
 * Tickets and their messages (internal notes included, kind NOTE: the queries leave them out
 * for customers). Each ticket row keeps the revision of the last event applied, so an event
 * applied twice changes nothing; messages are keyed by their id. The tenant's desk (departments,
 * canned replies, settings) has its tables beside them (desk.ts).
 */
export const ticketsProjector: Projector = {
  name: 'tickets',
  // 2: the desk's tables.
  version: 2,
  handles: new Set<string>([...ticketEventTypes, ...deskEventTypes]),
  tables: [
    { name: 'tickets', orderBy: 'id' },
    { name: 'ticket_messages', orderBy: 'id' },
    ...deskTables,
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table tickets (
        id uuid primary key,
        tenant_id text not null,
        number text not null,
        account_id uuid not null,
        subject text not null,
        status text not null,
        priority text not null,
        department_id text not null,
        assignee_id uuid,
        related_service_id uuid,
        related_invoice_id uuid,
        opened_by uuid not null,
        opened_at timestamptz not null,
        last_message_at timestamptz not null,
        last_customer_message_at timestamptz,
        last_staff_reply_at timestamptz,
        closed_at timestamptz,
        revision bigint not null
      );
      create index tickets_by_tenant on tickets (tenant_id, status, last_message_at);
      create index tickets_by_account on tickets (account_id, last_message_at desc);
      create table ticket_messages (
        id uuid primary key,
        tenant_id text not null,
        ticket_id uuid not null,
        author_id text not null,
        kind text not null check (kind in ('CUSTOMER', 'STAFF', 'NOTE')),
        body text not null,
        attachments jsonb not null,
        at timestamptz not null
      );
      create index ticket_messages_by_ticket on ticket_messages (ticket_id, at, id);
      ${deskMigration}
    `);
    for (const t of ['tickets', 'ticket_messages', ...deskTables.map((d) => d.name)])
      await enableTenantIsolation(tx, t);
  },
  async apply(tx, events) {
    for (const e of events)
      if (desk.has(e.type)) await applyDeskEvent(tx, e);
      else await applyOne(tx, e);
  },
};

async function applyOne(tx: TransactionSql, e: RecordedEvent) {
  const rev = e.revision.toString();
  const tenantId = e.metadata.tenantId;
  const event = { type: e.type, data: e.data } as TicketEvent;
  const update = (id: string, set: Record<string, unknown>) =>
    Object.keys(set).length === 0
      ? tx`update tickets set revision = ${rev} where id = ${id} and revision < ${rev}`
      : tx`update tickets set ${tx(set)}, revision = ${rev} where id = ${id} and revision < ${rev}`;
  switch (event.type) {
    case 'TicketOpened': {
      const d: Of<'TicketOpened'> = event.data;
      await tx`
        insert into tickets (id, tenant_id, number, account_id, subject, status, priority, department_id,
          related_service_id, related_invoice_id, opened_by, opened_at, last_message_at,
          last_customer_message_at, revision)
        values (${d.ticketId}, ${tenantId}, ${d.number}, ${d.accountId}, ${d.subject}, 'OPEN', ${d.priority},
          ${d.departmentId}, ${d.relatedServiceId}, ${d.relatedInvoiceId}, ${d.openedBy}, ${d.openedAt},
          ${d.openedAt}, ${d.byStaff ? null : d.openedAt}, ${rev})
        on conflict (id) do nothing`;
      await insertMessage(tx, tenantId, {
        ticketId: d.ticketId,
        messageId: d.messageId,
        authorId: d.openedBy,
        kind: d.byStaff ? 'STAFF' : 'CUSTOMER',
        body: d.message,
        attachments: d.attachments,
        at: d.openedAt,
      });
      return;
    }
    case 'TicketMessageAdded': {
      const d = event.data;
      await insertMessage(tx, tenantId, d);
      if (d.kind === 'CUSTOMER')
        await update(d.ticketId, { last_message_at: d.at, last_customer_message_at: d.at });
      else if (d.kind === 'STAFF')
        await update(d.ticketId, { last_message_at: d.at, last_staff_reply_at: d.at });
      else await update(d.ticketId, {});
      return;
    }
    case 'TicketAssigned':
      await update(event.data.ticketId, { assignee_id: event.data.assigneeId });
      return;
    case 'TicketStatusChanged':
      await update(event.data.ticketId, { status: event.data.to });
      return;
    case 'TicketDetailsChanged':
      await update(event.data.ticketId, {
        department_id: event.data.departmentId,
        priority: event.data.priority,
      });
      return;
    case 'TicketClosed':
      await update(event.data.ticketId, { status: 'CLOSED', closed_at: event.data.at });
      return;
    case 'TicketReopened':
      await update(event.data.ticketId, { status: 'OPEN', closed_at: null });
      return;
    default:
      return;
  }
}

async function insertMessage(tx: TransactionSql, tenantId: string, d: Of<'TicketMessageAdded'>) {
  await tx`
    insert into ticket_messages (id, tenant_id, ticket_id, author_id, kind, body, attachments, at)
    values (${d.messageId}, ${tenantId}, ${d.ticketId}, ${d.authorId}, ${d.kind}, ${d.body},
      ${tx.json(d.attachments as never)}, ${d.at})
    on conflict (id) do nothing`;
}
