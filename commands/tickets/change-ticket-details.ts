import { z } from 'zod';
import { badInput } from '../../domain/shared/decider.ts';
import { ticketDecider } from '../../domain/tickets/decider.ts';
import {
  TICKET_PRIORITIES,
  ticketStreamId,
  type TicketPriority,
} from '../../domain/tickets/events.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { loadDesk, loadTicket, ticketIdText, type TicketDeps } from './shared.ts';

const schema = z.object({
  commandId,
  ticketId: ticketIdText,
  departmentId: z
    .string()
    .max(100)
    .nullish()
    .transform((v) => v ?? null),
  priority: z
    .enum(TICKET_PRIORITIES as [TicketPriority, ...TicketPriority[]])
    .nullish()
    .transform((v) => v ?? null),
});

/** Staff: move to another (active) department and/or change the priority. */
export async function changeTicketDetails(deps: TicketDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'tickets.manage');
  const cmd = parseInput(schema, { ...(input as object), commandId: ctx.commandId });
  await loadTicket(deps, ctx.tenantId, cmd.ticketId);
  if (
    cmd.departmentId &&
    !(await loadDesk(deps, ctx.tenantId)).departments.get(cmd.departmentId)?.active
  )
    throw badInput('departmentId', 'Choose one of the active departments.');
  const result = await handleCommand(deps, ctx, {
    streamId: ticketStreamId(cmd.ticketId),
    decider: ticketDecider,
    command: (now) => ({
      type: 'ChangeTicketDetails' as const,
      departmentId: cmd.departmentId,
      priority: cmd.priority,
      by: ctx.actor.userId,
      now,
    }),
  });
  return { ticketId: cmd.ticketId, position: result.position };
}
