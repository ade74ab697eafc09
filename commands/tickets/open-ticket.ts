import { z } from 'zod';
import { badInput, DomainError } from '../../domain/shared/decider.ts';
import { ticketDecider } from '../../domain/tickets/decider.ts';
import { ticketDeskDecider } from '../../domain/tickets/desk.ts';
import {
  TICKET_PRIORITIES,
  ticketDeskStreamId,
  ticketStreamId,
  type TicketPriority,
} from '../../domain/tickets/events.ts';
import { requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';
import {
  attachmentsSchema,
  isStaffActor,
  loadDesk,
  messageText,
  storeAttachments,
  subjectText,
  type TicketDeps,
} from './shared.ts';

const schema = z.object({
  commandId,
  departmentId: z.string().min(1, 'Required.').max(100),
  priority: z.enum(TICKET_PRIORITIES as [TicketPriority, ...TicketPriority[]]),
  subject: subjectText,
  message: messageText,
  relatedServiceId: uuid.nullish().transform((v) => v ?? null),
  relatedInvoiceId: uuid.nullish().transform((v) => v ?? null),
  attachments: attachmentsSchema,
  accountId: uuid.nullish().transform((v) => v ?? null),
});

/**
 * A customer (or a team member of the account) opens a ticket for their account; staff with
 * tickets.manage open one for the customer they name. Everything is checked before anything is
 * written: text, department, related service/invoice of the same account, attachments by content.
 * The number comes from the tenant's desk stream at its expected revision (DESIGN rule 7).
 */
export async function openTicket(deps: TicketDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(schema, { ...(input as object), commandId: ctx.commandId });
  let accountId: string;
  if (isStaffActor(ctx)) {
    requirePermission(ctx, 'tickets.manage');
    if (!cmd.accountId) throw badInput('accountId', 'Name the customer the ticket is for.');
    if (!(await deps.isCustomer(ctx.tenantId, cmd.accountId)))
      throw badInput('accountId', 'No such customer.');
    accountId = cmd.accountId;
  } else {
    accountId = requireAccountPermission(ctx, 'account.view');
    if (cmd.accountId && cmd.accountId !== accountId)
      throw new DomainError('FORBIDDEN', 'You may only open tickets for your own account.');
  }
  const desk = await loadDesk(deps, ctx.tenantId);
  const department = desk.departments.get(cmd.departmentId);
  if (!department || !department.active)
    throw badInput('departmentId', 'Choose one of the departments offered.');
  for (const [field, kind, id] of [
    ['relatedServiceId', 'service', cmd.relatedServiceId],
    ['relatedInvoiceId', 'invoice', cmd.relatedInvoiceId],
  ] as const) {
    if (id && (await deps.ownerOf(ctx.tenantId, kind, id)) !== accountId)
      throw badInput(field, `No such ${kind} on this account.`);
  }
  const ticketId = uuidFrom(`ticket:${ctx.tenantId}:${ctx.actor.userId}:${ctx.commandId}`);
  const messageId = uuidFrom(`ticketmsg:${ticketId}:0`);
  const attachments = await storeAttachments(deps, ctx.tenantId, messageId, cmd.attachments);
  const numbered = await handleCommand(deps, ctx, {
    streamId: ticketDeskStreamId(ctx.tenantId),
    decider: ticketDeskDecider,
    command: () => ({ type: 'AllocateTicketNumber' as const, ticketId }),
  });
  const number = numbered.state.numbers.get(ticketId)!;
  const result = await handleCommand(deps, ctx, {
    streamId: ticketStreamId(ticketId),
    decider: ticketDecider,
    command: (now) => ({
      type: 'OpenTicket' as const,
      ticketId,
      number,
      accountId,
      openedBy: ctx.actor.userId,
      byStaff: isStaffActor(ctx),
      departmentId: cmd.departmentId,
      priority: cmd.priority,
      subject: cmd.subject,
      messageId,
      message: cmd.message,
      attachments,
      relatedServiceId: cmd.relatedServiceId,
      relatedInvoiceId: cmd.relatedInvoiceId,
      now,
    }),
  });
  return { ticketId, position: result.position };
}
