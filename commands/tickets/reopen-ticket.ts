import { z } from 'zod';
import { ticketDecider } from '../../domain/tickets/decider.ts';
import { ticketStreamId } from '../../domain/tickets/events.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { authorizeOnTicket, ticketIdText, type TicketDeps } from './shared.ts';

const schema = z.object({ commandId, ticketId: ticketIdText });

/** Reopen a closed ticket within 30 days of closing (the decider checks with `now`). */
export async function reopenTicket(deps: TicketDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(schema, { ...(input as object), commandId: ctx.commandId });
  await authorizeOnTicket(deps, ctx, cmd.ticketId);
  const result = await handleCommand(deps, ctx, {
    streamId: ticketStreamId(cmd.ticketId),
    decider: ticketDecider,
    command: (now) => ({ type: 'ReopenTicket' as const, by: ctx.actor.userId, now }),
  });
  return { ticketId: cmd.ticketId, position: result.position };
}
