import type { TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { ticketDeskEventTypes, type TicketDeskEvent } from '../../domain/tickets/events.ts';

/** The desk events the read model keeps (ticket numbers live on the tickets themselves). */
export const deskEventTypes = ticketDeskEventTypes.filter((t) => t !== 'TicketNumberAllocated');

export const deskTables = [
  { name: 'ticket_departments', orderBy: 'tenant_id, id' },
  { name: 'ticket_canned_replies', orderBy: 'tenant_id, id' },
  { name: 'ticket_settings', orderBy: 'tenant_id' },
];

/**
 * A tenant's desk as tables: only what staff changed. A tenant that never saved a department
 * or its settings has no row; the queries answer the domain's defaults (DEFAULT_DEPARTMENTS,
 * DEFAULT_AUTO_CLOSE_DAYS) for it. Ids are the tenant's own (the default departments share
 * theirs across tenants), so keys are (tenant_id, id). `revision` is the desk stream's revision
 * of the last event applied, so an event applied again changes nothing; `position` is the
 * revision of the first save, the order staff added them in. A deleted canned reply keeps its
 * row, marked deleted, so a save applied again after the delete cannot bring it back.
 */
export const deskMigration = `
  create table ticket_departments (
    tenant_id text not null,
    id text not null,
    name text not null,
    active boolean not null,
    position bigint not null,
    revision bigint not null,
    primary key (tenant_id, id)
  );
  create table ticket_canned_replies (
    tenant_id text not null,
    id text not null,
    title text not null,
    body text not null,
    deleted boolean not null,
    position bigint not null,
    saved_at timestamptz not null,
    revision bigint not null,
    primary key (tenant_id, id)
  );
  create table ticket_settings (
    tenant_id text primary key,
    auto_close_days int not null,
    changed_at timestamptz not null,
    revision bigint not null
  );
`;

/** One desk event (stream `ticketdesk-<tenant>`). */
export async function applyDeskEvent(tx: TransactionSql, e: RecordedEvent): Promise<void> {
  const rev = e.revision.toString();
  const tenantId = e.metadata.tenantId;
  const event = { type: e.type, data: e.data } as TicketDeskEvent;
  switch (event.type) {
    case 'TicketDepartmentSaved': {
      const d = event.data;
      await tx`
        insert into ticket_departments as t (tenant_id, id, name, active, position, revision)
        values (${tenantId}, ${d.departmentId}, ${d.name}, ${d.active}, ${rev}, ${rev})
        on conflict (tenant_id, id) do update
          set name = excluded.name, active = excluded.active, revision = excluded.revision
          where t.revision < excluded.revision`;
      return;
    }
    case 'CannedReplySaved': {
      const d = event.data;
      // Saved again after a delete, it comes back as a new one: last in the list.
      await tx`
        insert into ticket_canned_replies as r
          (tenant_id, id, title, body, deleted, position, saved_at, revision)
        values (${tenantId}, ${d.replyId}, ${d.title}, ${d.body}, false, ${rev}, ${d.at}, ${rev})
        on conflict (tenant_id, id) do update
          set title = excluded.title, body = excluded.body, deleted = false,
            position = case when r.deleted then excluded.position else r.position end,
            saved_at = excluded.saved_at, revision = excluded.revision
          where r.revision < excluded.revision`;
      return;
    }
    case 'CannedReplyDeleted':
      await tx`
        update ticket_canned_replies set deleted = true, revision = ${rev}
        where tenant_id = ${tenantId} and id = ${event.data.replyId} and revision < ${rev}`;
      return;
    case 'TicketSettingsChanged': {
      const d = event.data;
      await tx`
        insert into ticket_settings as s (tenant_id, auto_close_days, changed_at, revision)
        values (${tenantId}, ${d.autoCloseDays}, ${d.at}, ${rev})
        on conflict (tenant_id) do update
          set auto_close_days = excluded.auto_close_days, changed_at = excluded.changed_at,
            revision = excluded.revision
          where s.revision < excluded.revision`;
      return;
    }
    default:
      return;
  }
}
