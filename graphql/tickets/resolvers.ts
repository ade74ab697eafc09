import { notFound } from '../../domain/shared/decider.ts';
import { isUuid } from '../../commands/shared/validate.ts';
import { accountOf } from '../../commands/shared/authorize.ts';
import { DAY_MS, REOPEN_WINDOW_DAYS } from '../../domain/tickets/events.ts';
import type { TicketDeps } from '../../commands/tickets/shared.ts';
import { openTicket } from '../../commands/tickets/open-ticket.ts';
import { replyToTicket } from '../../commands/tickets/reply-to-ticket.ts';
import { addTicketNote } from '../../commands/tickets/add-ticket-note.ts';
import { assignTicket } from '../../commands/tickets/assign-ticket.ts';
import { changeTicketStatus } from '../../commands/tickets/change-ticket-status.ts';
import { changeTicketDetails } from '../../commands/tickets/change-ticket-details.ts';
import { closeTicket } from '../../commands/tickets/close-ticket.ts';
import { reopenTicket } from '../../commands/tickets/reopen-ticket.ts';
import {
  changeTicketSettings,
  deleteCannedReply,
  saveCannedReply,
  saveTicketDepartment,
} from '../../commands/tickets/desk.ts';
import {
  autoCloseDays,
  cannedReplies,
  hasRole,
  relatedOwner,
  listTickets,
  messagesOf,
  ticketById,
  ticketDepartments,
  type TicketDepartmentRow,
  type TicketMessageRow,
  type TicketRow,
} from '../../projections/tickets/queries.ts';
import {
  commandContext,
  readScoped,
  requirePermission,
  requireViewer,
  settle,
  type RequestContext,
  type Viewer,
} from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { activeStaff } from '../../projections/identity/queries.ts';
import { customRoles } from '../../projections/access/queries.ts';
import { staffPermissions } from '../../domain/tenancy/roles.ts';
import type { Platform } from '../platform.ts';
import type { Position } from '../../eventstore/types.ts';

/** The commands' ports, from the platform (files and clock as the wallet's; owners from the read models). */
export function ticketDeps(platform: Platform): TicketDeps {
  const sql = platform.sql;
  return {
    store: platform.store,
    now: platform.wallet.now,
    files: platform.files,
    ownerOf: async (tenantId, kind, id) =>
      isUuid(id) ? relatedOwner(sql, tenantId, kind, id) : null,
    isCustomer: async (tenantId, userId) =>
      isUuid(userId) && hasRole(sql, tenantId, userId, 'customer'),
    isStaff: async (tenantId, userId) => isUuid(userId) && hasRole(sql, tenantId, userId, 'admin'),
  };
}

/** Staff who may read tickets (tickets.read or tickets.manage); customers see their account's. */
const isStaffReader = (v: Viewer) =>
  v.role === 'admin' &&
  (v.permissions.includes('tickets.read') || v.permissions.includes('tickets.manage'));

function reader(ctx: RequestContext): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.role === 'admin' && !isStaffReader(viewer)) requirePermission(ctx, 'tickets.read');
  return viewer;
}

/** A ticket's department from the tenant's list (one it no longer knows shows its id, inactive). */
const departmentOf = (departments: readonly TicketDepartmentRow[], id: string) =>
  departments.find((d) => d.id === id) ?? { id, name: id, active: false };

function toTicket(
  r: TicketRow,
  departments: readonly TicketDepartmentRow[],
  messages: TicketMessageRow[],
) {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    department: departmentOf(departments, r.department_id),
    accountId: r.account_id,
    customerName: r.customer_name ?? '',
    customerEmail: r.customer_email ?? '',
    assignee: r.assignee_id ? { userId: r.assignee_id, name: r.assignee_name ?? 'staff' } : null,
    relatedServiceId: r.related_service_id,
    relatedInvoiceId: r.related_invoice_id,
    openedAt: r.opened_at,
    lastMessageAt: r.last_message_at,
    lastCustomerMessageAt: r.last_customer_message_at,
    closedAt: r.closed_at,
    reopenableUntil: r.closed_at
      ? new Date(r.closed_at.getTime() + REOPEN_WINDOW_DAYS * DAY_MS)
      : null,
    messages: messages.map((m) => ({
      id: m.id,
      author: {
        userId: m.author_id === 'system' ? null : m.author_id,
        name: m.author_name ?? (m.kind === 'CUSTOMER' ? 'customer' : 'staff'),
        staff: m.kind !== 'CUSTOMER',
      },
      body: m.body,
      internal: m.kind === 'NOTE',
      at: m.at,
      attachments: m.attachments.map((a) => ({
        id: a.id,
        fileName: a.fileName,
        contentType: a.contentType,
        size: a.size,
        url: `/files/tickets/${r.id}/attachments/${a.id}`,
      })),
    })),
  };
}

/** A ticket as this viewer may see it: another account's or tenant's is NOT_FOUND; notes for staff only. */
async function loadTicketFor(ctx: RequestContext, id: string) {
  const viewer = reader(ctx);
  if (!isUuid(id)) throw notFound('ticket');
  const staff = viewer.role === 'admin';
  const found = await readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
    const row = await ticketById(tx, id);
    if (!row || (!staff && row.account_id !== accountOf(viewer))) return null;
    return {
      row,
      messages: await messagesOf(tx, id, staff),
      departments: await ticketDepartments(tx),
    };
  });
  if (!found) throw notFound('ticket');
  return toTicket(found.row, found.departments, found.messages);
}

type TicketCommand = (
  deps: TicketDeps,
  ctx: ReturnType<typeof commandContext>,
  input: unknown,
) => Promise<{ ticketId: string; position: Position | null }>;

/** Runs a ticket command, waits for the read model, answers with the ticket as the viewer sees it. */
async function onTicket(
  ctx: RequestContext,
  run: TicketCommand,
  commandId: unknown,
  input: unknown,
) {
  const result = await run(ticketDeps(ctx.platform), commandContext(ctx, commandId), input);
  await settle(ctx, result.position);
  return loadTicketFor(ctx, result.ticketId);
}

export const ticketsResolvers = {
  Query: {
    async tickets(_, args, ctx) {
      const viewer = reader(ctx);
      const f = args.filter ?? {};
      const staff = viewer.role === 'admin';
      const { rows, departments } = await readScoped(
        ctx.platform.sql,
        ctx.tenantId,
        async (tx) => ({
          rows: await listTickets(tx, {
            status: f.status ?? null,
            departmentId: f.departmentId ?? null,
            priority: f.priority ?? null,
            assigneeId: f.assigneeId && isUuid(f.assigneeId) ? f.assigneeId : null,
            accountId: staff
              ? f.accountId && isUuid(f.accountId)
                ? f.accountId
                : null
              : accountOf(viewer),
          }),
          departments: await ticketDepartments(tx),
        }),
      );
      return rows.map((r) => toTicket(r, departments, []));
    },
    ticket: (_, args, ctx) => loadTicketFor(ctx, args.id),
    async ticketDepartments(_, __, ctx) {
      const viewer = requireViewer(ctx);
      const departments = await readScoped(ctx.platform.sql, ctx.tenantId, ticketDepartments);
      return departments.filter((d) => d.active || viewer.role === 'admin');
    },
    async cannedReplies(_, __, ctx) {
      requirePermission(ctx, 'tickets.manage');
      return readScoped(ctx.platform.sql, ctx.tenantId, cannedReplies);
    },
    async ticketAssignees(_, __, ctx) {
      requirePermission(ctx, 'tickets.manage');
      const { staff, roles } = await readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => ({
        staff: await activeStaff(tx),
        roles: (await customRoles(tx)).map((r) => ({
          roleId: r.role_id,
          name: r.name,
          permissions: r.permissions,
        })),
      }));
      const tenant = { tenantId: ctx.tenantId, roles };
      return staff
        .filter((s) =>
          staffPermissions(
            ctx.platform.identity.permissions,
            s.staff_role ?? 'tenant_admin',
            tenant,
          )?.includes('tickets.manage'),
        )
        .map((s) => ({ userId: s.id, name: s.name }));
    },
    async ticketSettings(_, __, ctx) {
      requirePermission(ctx, 'tickets.read');
      return { autoCloseDays: await readScoped(ctx.platform.sql, ctx.tenantId, autoCloseDays) };
    },
  },
  Mutation: {
    openTicket: (_, args, ctx) => onTicket(ctx, openTicket, args.input.commandId, args.input),
    replyToTicket: (_, args, ctx) => onTicket(ctx, replyToTicket, args.input.commandId, args.input),
    addTicketNote: (_, args, ctx) => onTicket(ctx, addTicketNote, args.commandId, args),
    assignTicket: (_, args, ctx) => onTicket(ctx, assignTicket, args.commandId, args),
    changeTicketStatus: (_, args, ctx) => onTicket(ctx, changeTicketStatus, args.commandId, args),
    changeTicketDetails: (_, args, ctx) => onTicket(ctx, changeTicketDetails, args.commandId, args),
    closeTicket: (_, args, ctx) => onTicket(ctx, closeTicket, args.commandId, args),
    reopenTicket: (_, args, ctx) => onTicket(ctx, reopenTicket, args.commandId, args),
    async saveTicketDepartment(_, args, ctx) {
      const r = await saveTicketDepartment(
        ticketDeps(ctx.platform),
        commandContext(ctx, args.commandId),
        args,
      );
      await settle(ctx, r.position);
      const departments = await readScoped(ctx.platform.sql, ctx.tenantId, ticketDepartments);
      return departmentOf(departments, r.departmentId);
    },
    async saveCannedReply(_, args, ctx) {
      const r = await saveCannedReply(
        ticketDeps(ctx.platform),
        commandContext(ctx, args.commandId),
        args,
      );
      await settle(ctx, r.position);
      const replies = await readScoped(ctx.platform.sql, ctx.tenantId, cannedReplies);
      const saved = replies.find((c) => c.id === r.replyId);
      if (!saved) throw notFound('canned reply');
      return saved;
    },
    async deleteCannedReply(_, args, ctx) {
      const r = await deleteCannedReply(
        ticketDeps(ctx.platform),
        commandContext(ctx, args.commandId),
        args,
      );
      await settle(ctx, r.position);
      return true;
    },
    async changeTicketSettings(_, args, ctx) {
      const r = await changeTicketSettings(
        ticketDeps(ctx.platform),
        commandContext(ctx, args.commandId),
        args,
      );
      await settle(ctx, r.position);
      return { autoCloseDays: await readScoped(ctx.platform.sql, ctx.tenantId, autoCloseDays) };
    },
  },
} satisfies Resolvers;
