import { z } from 'zod';
import { ticketDecider } from '../../domain/tickets/decider.ts';
import { ticketStreamId } from '../../domain/tickets/events.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import {
  attachmentsSchema,
  authorizeOnTicket,
  isStaffActor,
  messageIdFor,
  messageText,
  storeAttachments,
  ticketIdText,
  type TicketDeps,
} from './shared.ts';

const schema = z.object({
  commandId,
  ticketId: ticketIdText,
  message: messageText,
  attachments: attachmentsSchema,
});

/** A reply: staff (tickets.manage) answer the customer; the customer's side answers staff. */
export async function replyToTicket(deps: TicketDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(schema, { ...(input as object), commandId: ctx.commandId });
  await authorizeOnTicket(deps, ctx, cmd.ticketId);
  const messageId = messageIdFor(ctx);
  const attachments = await storeAttachments(deps, ctx.tenantId, messageId, cmd.attachments);
  const result = await handleCommand(deps, ctx, {
    streamId: ticketStreamId(cmd.ticketId),
    decider: ticketDecider,
    command: (now) => ({
      type: 'ReplyToTicket' as const,
      messageId,
      authorId: ctx.actor.userId,
      byStaff: isStaffActor(ctx),
      body: cmd.message,
      attachments,
      now,
    }),
  });
  return { ticketId: cmd.ticketId, position: result.position };
}
