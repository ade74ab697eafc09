import { z } from 'zod';
import { badInput } from '../../domain/shared/decider.ts';
import { ticketDecider } from '../../domain/tickets/decider.ts';
import { ticketStreamId } from '../../domain/tickets/events.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';
import { loadTicket, ticketIdText, type TicketDeps } from './shared.ts';

const schema = z.object({
  commandId,
  ticketId: ticketIdText,
  assigneeId: uuid.nullish().transform((v) => v ?? null),
});

/** Staff: assign to a staff member of this tenant, or unassign (null). */
export async function assignTicket(deps: TicketDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'tickets.manage');
  const cmd = parseInput(schema, { ...(input as object), commandId: ctx.commandId });
  await loadTicket(deps, ctx.tenantId, cmd.ticketId);
  if (cmd.assigneeId && !(await deps.isStaff(ctx.tenantId, cmd.assigneeId)))
    throw badInput('assigneeId', 'Not a staff member of this tenant.');
  const result = await handleCommand(deps, ctx, {
    streamId: ticketStreamId(cmd.ticketId),
    decider: ticketDecider,
    command: (now) => ({
      type: 'AssignTicket' as const,
      assigneeId: cmd.assigneeId,
      by: ctx.actor.userId,
      now,
    }),
  });
  return { ticketId: cmd.ticketId, position: result.position };
}
