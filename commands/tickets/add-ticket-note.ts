import { z } from 'zod';
import { ticketDecider } from '../../domain/tickets/decider.ts';
import { ticketStreamId } from '../../domain/tickets/events.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { loadTicket, messageIdFor, messageText, ticketIdText, type TicketDeps } from './shared.ts';

const schema = z.object({ commandId, ticketId: ticketIdText, note: messageText });

/** Staff only: a note the customer never sees nor is mailed. */
export async function addTicketNote(deps: TicketDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'tickets.manage');
  const cmd = parseInput(schema, { ...(input as object), commandId: ctx.commandId });
  await loadTicket(deps, ctx.tenantId, cmd.ticketId);
  const messageId = messageIdFor(ctx);
  const result = await handleCommand(deps, ctx, {
    streamId: ticketStreamId(cmd.ticketId),
    decider: ticketDecider,
    command: (now) => ({
      type: 'AddTicketNote' as const,
      messageId,
      authorId: ctx.actor.userId,
      body: cmd.note,
      now,
    }),
  });
  return { ticketId: cmd.ticketId, position: result.position };
}
