import { z } from 'zod';
import type { ServiceDetailsEdited } from '../../domain/services/events.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';
import {
  controlPanelInput,
  credentialsStandIn,
  ipAddressesInput,
  reasonInput,
  sealControlPanel,
  sealSsh,
  sshInput,
} from './inputs.ts';
import { applyToService, authorizeService, type ServiceResult } from './service-context.ts';

const editSchema = z.object({
  commandId,
  serviceId: uuid,
  hostname: z.string().max(253, 'At most 253 characters.').nullish(),
  ipAddresses: ipAddressesInput.nullish(),
  notes: plainText(2000, 0).nullish(),
  ssh: sshInput.nullish(),
  controlPanel: controlPanelInput.nullish(),
});

type Changes = ServiceDetailsEdited['data']['changes'];

/**
 * Staff (services.manage) correct a service's details: host name, addresses, notes, logins
 * (passwords sealed for the service). Only what is given is changed; nothing different, no event.
 */
export async function editService(
  deps: CommandDeps & { sealKey: Buffer },
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(editSchema, { ...(input as object), commandId: ctx.commandId });
  await authorizeService(deps, ctx, cmd.serviceId, { staff: 'services.manage', account: null });
  const changes: Changes = {
    ...(cmd.hostname != null ? { hostname: cmd.hostname } : {}),
    ...(cmd.ipAddresses != null ? { ipAddresses: cmd.ipAddresses } : {}),
    ...(cmd.notes != null ? { notes: cmd.notes } : {}),
    ...(cmd.ssh != null ? { ssh: sealSsh(deps.sealKey, cmd.serviceId, cmd.ssh) } : {}),
    ...(cmd.controlPanel != null
      ? { controlPanel: sealControlPanel(deps.sealKey, cmd.serviceId, cmd.controlPanel) }
      : {}),
  };
  const standIn: Changes = {
    ...changes,
    ...(changes.ssh ? { ssh: credentialsStandIn(changes.ssh) } : {}),
    ...(changes.controlPanel ? { controlPanel: credentialsStandIn(changes.controlPanel) } : {}),
  };
  const result = await applyToService(
    deps,
    ctx,
    cmd.serviceId,
    (now) => ({ type: 'EditServiceDetails', changes, editedBy: ctx.actor.userId, now }),
    { changes: standIn },
  );
  return { serviceId: cmd.serviceId, position: result.position };
}

const dueDateSchema = z.object({
  commandId,
  serviceId: uuid,
  nextDueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD.'),
  reason: reasonInput,
});

/** Staff (services.manage) move the next due date, with a reason (an event in the history). */
export async function changeServiceDueDate(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(dueDateSchema, { ...(input as object), commandId: ctx.commandId });
  await authorizeService(deps, ctx, cmd.serviceId, { staff: 'services.manage', account: null });
  const result = await applyToService(deps, ctx, cmd.serviceId, (now) => ({
    type: 'ChangeDueDate',
    to: cmd.nextDueDate,
    reason: cmd.reason,
    changedBy: ctx.actor.userId,
    now,
  }));
  return { serviceId: cmd.serviceId, position: result.position };
}
