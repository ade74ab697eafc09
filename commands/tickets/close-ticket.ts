import { z } from 'zod';
import { ticketDecider } from '../../domain/tickets/decider.ts';
import { ticketStreamId } from '../../domain/tickets/events.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { authorizeOnTicket, ticketIdText, type TicketDeps } from './shared.ts';

const schema = z.object({ commandId, ticketId: ticketIdText });

/** The customer's side or staff close a ticket. */
export async function closeTicket(deps: TicketDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(schema, { ...(input as object), commandId: ctx.commandId });
  await authorizeOnTicket(deps, ctx, cmd.ticketId);
  const result = await handleCommand(deps, ctx, {
    streamId: ticketStreamId(cmd.ticketId),
    decider: ticketDecider,
    command: (now) => ({ type: 'CloseTicket' as const, by: ctx.actor.userId, now }),
  });
  return { ticketId: cmd.ticketId, position: result.position };
}
