import { z } from 'zod';
import { ticketDecider } from '../../domain/tickets/decider.ts';
import { TICKET_STATUSES, ticketStreamId, type TicketStatus } from '../../domain/tickets/events.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { loadTicket, ticketIdText, type TicketDeps } from './shared.ts';

const schema = z.object({
  commandId,
  ticketId: ticketIdText,
  status: z.enum(TICKET_STATUSES as [TicketStatus, ...TicketStatus[]]),
});

/** Staff: set any status (CLOSED closes; a closed ticket is reopened first). */
export async function changeTicketStatus(deps: TicketDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'tickets.manage');
  const cmd = parseInput(schema, { ...(input as object), commandId: ctx.commandId });
  await loadTicket(deps, ctx.tenantId, cmd.ticketId);
  const result = await handleCommand(deps, ctx, {
    streamId: ticketStreamId(cmd.ticketId),
    decider: ticketDecider,
    command: (now) => ({
      type: 'ChangeTicketStatus' as const,
      status: cmd.status,
      by: ctx.actor.userId,
      now,
    }),
  });
  return { ticketId: cmd.ticketId, position: result.position };
}
