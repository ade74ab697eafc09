import { z } from 'zod';
import { ticketDeskDecider } from '../../domain/tickets/desk.ts';
import { ticketDeskStreamId } from '../../domain/tickets/events.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, plainText } from '../shared/validate.ts';

// The tenant's desk settings, each one command on the desk stream (staff with tickets.manage).

const departmentSchema = z.object({
  commandId,
  id: z
    .string()
    .max(100)
    .nullish()
    .transform((v) => v ?? null),
  name: plainText(60),
  active: z.boolean(),
});

export async function saveTicketDepartment(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'tickets.manage');
  const cmd = parseInput(departmentSchema, { ...(input as object), commandId: ctx.commandId });
  const departmentId = cmd.id ?? uuidFrom(`ticketdept:${ctx.tenantId}:${ctx.commandId}`);
  const result = await handleCommand(deps, ctx, {
    streamId: ticketDeskStreamId(ctx.tenantId),
    decider: ticketDeskDecider,
    command: (now) => ({
      type: 'SaveTicketDepartment' as const,
      departmentId,
      name: cmd.name,
      active: cmd.active,
      now,
    }),
  });
  return { departmentId, state: result.state, position: result.position };
}

const cannedSchema = z.object({
  commandId,
  id: z
    .string()
    .max(100)
    .nullish()
    .transform((v) => v ?? null),
  title: plainText(120),
  body: plainText(50_000),
});

export async function saveCannedReply(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'tickets.manage');
  const cmd = parseInput(cannedSchema, { ...(input as object), commandId: ctx.commandId });
  const replyId = cmd.id ?? uuidFrom(`ticketcanned:${ctx.tenantId}:${ctx.commandId}`);
  const result = await handleCommand(deps, ctx, {
    streamId: ticketDeskStreamId(ctx.tenantId),
    decider: ticketDeskDecider,
    command: (now) => ({
      type: 'SaveCannedReply' as const,
      replyId,
      title: cmd.title,
      body: cmd.body,
      now,
    }),
  });
  return { replyId, state: result.state, position: result.position };
}

const deleteSchema = z.object({ commandId, id: z.string().max(100) });

export async function deleteCannedReply(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'tickets.manage');
  const cmd = parseInput(deleteSchema, { ...(input as object), commandId: ctx.commandId });
  const result = await handleCommand(deps, ctx, {
    streamId: ticketDeskStreamId(ctx.tenantId),
    decider: ticketDeskDecider,
    command: (now) => ({ type: 'DeleteCannedReply' as const, replyId: cmd.id, now }),
  });
  return { position: result.position };
}

const settingsSchema = z.object({ commandId, autoCloseDays: z.number().int() });

export async function changeTicketSettings(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  requirePermission(ctx, 'tickets.manage');
  const cmd = parseInput(settingsSchema, { ...(input as object), commandId: ctx.commandId });
  const result = await handleCommand(deps, ctx, {
    streamId: ticketDeskStreamId(ctx.tenantId),
    decider: ticketDeskDecider,
    command: (now) => ({
      type: 'ChangeTicketSettings' as const,
      autoCloseDays: cmd.autoCloseDays,
      now,
    }),
  });
  return { state: result.state, position: result.position };
}
