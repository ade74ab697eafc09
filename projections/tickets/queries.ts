import type { Sql, TransactionSql } from 'postgres';
import { DEFAULT_DEPARTMENTS } from '../../domain/tickets/desk.ts';
import {
  DEFAULT_AUTO_CLOSE_DAYS,
  type TicketFile,
  type TicketPriority,
  type TicketStatus,
} from '../../domain/tickets/events.ts';

// The tickets read model's queries (tables: projector.ts). Each takes a transaction scoped to
// the request's tenant (projections/shared/scoped.ts `readScoped`) unless it says otherwise.

export interface TicketRow extends Record<string, unknown> {
  id: string;
  number: string;
  account_id: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  department_id: string;
  assignee_id: string | null;
  assignee_name: string | null;
  related_service_id: string | null;
  related_invoice_id: string | null;
  opened_at: Date;
  last_message_at: Date;
  last_customer_message_at: Date | null;
  closed_at: Date | null;
  customer_name: string | null;
  customer_email: string | null;
}

export interface TicketMessageRow extends Record<string, unknown> {
  id: string;
  ticket_id: string;
  author_id: string;
  author_name: string | null;
  kind: 'CUSTOMER' | 'STAFF' | 'NOTE';
  body: string;
  attachments: TicketFile[];
  at: Date;
}

export interface TicketListFilter {
  accountId?: string | null;
  status?: readonly TicketStatus[] | null;
  departmentId?: string | null;
  priority?: TicketPriority | null;
  assigneeId?: string | null;
}

const COLUMNS = (tx: TransactionSql) => tx`
  t.id::text, t.number, t.account_id::text, t.subject, t.status, t.priority, t.department_id,
  t.assignee_id::text, a.name as assignee_name, t.related_service_id::text, t.related_invoice_id::text,
  t.opened_at, t.last_message_at, t.last_customer_message_at, t.closed_at,
  u.name as customer_name, u.email as customer_email`;

/**
 * Tickets by urgency: waiting on staff first (Customer-Reply, Open), then In Progress, On Hold,
 * Answered, Closed; within each the higher priority; then the one waiting longest.
 */
export async function listTickets(tx: TransactionSql, f: TicketListFilter): Promise<TicketRow[]> {
  return tx<TicketRow[]>`
    select ${COLUMNS(tx)}
    from rm_tickets.tickets t
      left join rm_identity.users u on u.id = t.account_id
      left join rm_identity.users a on a.id = t.assignee_id
    where true
      ${f.accountId ? tx`and t.account_id = ${f.accountId}` : tx``}
      ${f.status?.length ? tx`and t.status = any(${f.status as string[]})` : tx``}
      ${f.departmentId ? tx`and t.department_id = ${f.departmentId}` : tx``}
      ${f.priority ? tx`and t.priority = ${f.priority}` : tx``}
      ${f.assigneeId ? tx`and t.assignee_id = ${f.assigneeId}` : tx``}
    order by
      array_position(array['CUSTOMER_REPLY','OPEN','IN_PROGRESS','ON_HOLD','ANSWERED','CLOSED'], t.status),
      array_position(array['URGENT','HIGH','MEDIUM','LOW'], t.priority),
      coalesce(t.last_customer_message_at, t.opened_at), t.id
    limit 500`;
}

export async function ticketById(tx: TransactionSql, id: string): Promise<TicketRow | undefined> {
  const [row] = await tx<TicketRow[]>`
    select ${COLUMNS(tx)}
    from rm_tickets.tickets t
      left join rm_identity.users u on u.id = t.account_id
      left join rm_identity.users a on a.id = t.assignee_id
    where t.id = ${id}`;
  return row;
}

/** The conversation, oldest first; `withNotes` false leaves internal notes out (customers). */
export async function messagesOf(
  tx: TransactionSql,
  ticketId: string,
  withNotes: boolean,
): Promise<TicketMessageRow[]> {
  return tx<TicketMessageRow[]>`
    select m.id::text, m.ticket_id::text, m.author_id, u.name as author_name, m.kind, m.body,
      m.attachments, m.at
    from rm_tickets.ticket_messages m
      left join rm_identity.users u on u.id::text = m.author_id
    where m.ticket_id = ${ticketId} ${withNotes ? tx`` : tx`and m.kind <> 'NOTE'`}
    order by m.at, m.id`;
}

/** Owner connection (every tenant): Answered tickets and their last staff reply, for auto-close. */
export async function answeredTickets(
  sql: Sql,
): Promise<{ tenantId: string; ticketId: string; lastStaffReplyAt: Date }[]> {
  const rows = await sql<{ tenant_id: string; id: string; last_staff_reply_at: Date }[]>`
    select tenant_id, id::text, last_staff_reply_at from rm_tickets.tickets
    where status = 'ANSWERED' and last_staff_reply_at is not null`;
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    ticketId: r.id,
    lastStaffReplyAt: r.last_staff_reply_at,
  }));
}

/**
 * Owner connection: the account a service or invoice of `tenantId` belongs to (null when none),
 * for a ticket's related service or invoice (commands/tickets/open-ticket.ts).
 */
export async function relatedOwner(
  sql: Sql,
  tenantId: string,
  kind: 'service' | 'invoice',
  id: string,
): Promise<string | null> {
  const rows =
    kind === 'service'
      ? await sql`select customer_id::text as c from rm_services.services where id = ${id} and tenant_id = ${tenantId}`
      : await sql`select customer_id::text as c from rm_invoices.invoices where id = ${id} and tenant_id = ${tenantId}`;
  return (rows[0]?.c as string | undefined) ?? null;
}

/** Owner connection: whether `userId` is a user of `tenantId` with this role ('customer' or 'admin'). */
export async function hasRole(
  sql: Sql,
  tenantId: string,
  userId: string,
  role: 'customer' | 'admin',
): Promise<boolean> {
  const rows =
    await sql`select 1 from rm_identity.users where id = ${userId} and tenant_id = ${tenantId} and role = ${role}`;
  return rows.length > 0;
}

/** One attachment of a ticket's message, with the ticket's account and whether it is on a note. */
export async function attachmentOf(
  tx: TransactionSql,
  ticketId: string,
  attachmentId: string,
): Promise<{ accountId: string; internal: boolean; file: TicketFile } | null> {
  const [row] = await tx<{ account_id: string; kind: string; file: TicketFile }[]>`
    select t.account_id::text, m.kind, a.file
    from rm_tickets.ticket_messages m
      join rm_tickets.tickets t on t.id = m.ticket_id,
      jsonb_array_elements(m.attachments) as a(file)
    where m.ticket_id = ${ticketId} and a.file->>'id' = ${attachmentId}`;
  return row ? { accountId: row.account_id, internal: row.kind === 'NOTE', file: row.file } : null;
}

export interface TicketDepartmentRow {
  id: string;
  name: string;
  active: boolean;
}

/**
 * The tenant's departments: the domain's defaults first, as staff left them (renamed or
 * archived), then the ones staff added, in the order they added them.
 */
export async function ticketDepartments(tx: TransactionSql): Promise<TicketDepartmentRow[]> {
  const rows = await tx<TicketDepartmentRow[]>`
    select id, name, active from rm_tickets.ticket_departments order by position, id`;
  const saved = new Map(rows.map((r) => [r.id, r]));
  const defaults = DEFAULT_DEPARTMENTS.map(
    (d): TicketDepartmentRow => saved.get(d.id) ?? { id: d.id, name: d.name, active: d.active },
  );
  const isDefault = new Set<string>(DEFAULT_DEPARTMENTS.map((d) => d.id));
  return [...defaults, ...rows.filter((r) => !isDefault.has(r.id))];
}

/** The tenant's canned replies (deleted ones left out), in the order they were added. */
export async function cannedReplies(
  tx: TransactionSql,
): Promise<{ id: string; title: string; body: string }[]> {
  return tx<{ id: string; title: string; body: string }[]>`
    select id, title, body from rm_tickets.ticket_canned_replies
    where not deleted order by position, id`;
}

/** Days an Answered ticket waits for the customer before the system closes it. */
export async function autoCloseDays(tx: TransactionSql): Promise<number> {
  const [row] = await tx<{ auto_close_days: number }[]>`
    select auto_close_days from rm_tickets.ticket_settings`;
  return row?.auto_close_days ?? DEFAULT_AUTO_CLOSE_DAYS;
}
