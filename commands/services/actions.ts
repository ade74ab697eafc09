import { z } from 'zod';
import type { ServiceCommand, ServiceState } from '../../domain/services/decider.ts';
import { SERVICE_ACTIONS, type ServiceAction } from '../../domain/services/events.ts';
import { conflict } from '../../domain/shared/decider.ts';
import type { CommandContext } from '../shared/handler.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';
import type { ProvisioningModule } from './module-port.ts';
import {
  applyToService,
  authorizeService,
  callModule,
  checkFirst,
  handledBefore,
  moduleOf,
  oneAtATime,
  sealCredential,
  type ServiceCommandDeps,
  type ServiceResult,
} from './service-context.ts';

const ACTION_WORDS: Record<ServiceAction, string> = {
  START: 'start',
  STOP: 'stop',
  REBOOT: 'reboot',
  RESET_PASSWORD: 'reset its password',
  SNAPSHOTS: 'take snapshots',
};

/**
 * The steps every module action shares: who may (the owner or a team member with
 * account.services, staff with services.manage), what the log allows (checked before the
 * module is called), whether the service's module can, then the module's call and only when it
 * confirmed, the event. A retry of the same commandId answers from the log without calling the
 * module again.
 */
async function moduleAction(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  serviceId: string,
  action: ServiceAction,
  command: (service: ServiceState, now: string) => ServiceCommand,
  call: (module: ProvisioningModule, vmId: string) => Promise<Partial<ServiceCommand>>,
  perAttempt?: Record<string, unknown>,
): Promise<ServiceResult> {
  return oneAtATime(serviceId, async () => {
    const { service } = await authorizeService(deps, ctx, serviceId, {
      staff: 'services.manage',
      account: 'account.services',
    });
    let found: Partial<ServiceCommand> = {};
    if (!(await handledBefore(deps.store, serviceId, ctx.commandId))) {
      checkFirst(service, command(service, deps.now().toISOString()));
      const module = await moduleOf(deps, service);
      if (!module.actions.includes(action) || !service.vmId)
        throw conflict(`This server cannot ${ACTION_WORDS[action]} from here (ask support).`);
      found = await callModule(ACTION_WORDS[action], () => call(module, service.vmId!));
    }
    const result = await applyToService(
      deps,
      ctx,
      serviceId,
      (now) => ({ ...command(service, now), ...found }) as ServiceCommand,
      perAttempt,
    );
    return { serviceId, position: result.position };
  });
}

const actionSchema = z.object({
  commandId,
  serviceId: uuid,
  action: z.enum(SERVICE_ACTIONS, { message: `Must be one of ${SERVICE_ACTIONS.join(', ')}.` }),
});

/**
 * Start, stop, reboot or reset the password of a running server through its module (not while
 * suspended: the customer's actions are locked). RESET_PASSWORD seals the module's new password
 * for the service (reveal it afterwards).
 */
export async function serviceAction(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(actionSchema, { ...(input as object), commandId: ctx.commandId });
  const by = ctx.actor.userId;
  if (cmd.action === 'RESET_PASSWORD')
    return moduleAction(
      deps,
      ctx,
      cmd.serviceId,
      'RESET_PASSWORD',
      (_, now) => ({ type: 'ResetPassword', passwordSealed: 'sealed', resetBy: by, now }),
      async (module, vmId) => ({
        passwordSealed: sealCredential(
          deps.sealKey,
          cmd.serviceId,
          await module.resetPassword(vmId),
        ),
      }),
      { passwordSealed: undefined },
    );
  const action = cmd.action;
  return moduleAction(
    deps,
    ctx,
    cmd.serviceId,
    action,
    (_, now) => ({ type: 'PerformAction', action, performedBy: by, now }),
    async (module, vmId) => {
      if (action === 'START') await module.start(vmId);
      else if (action === 'STOP') await module.stop(vmId);
      else await module.reboot(vmId);
      return {};
    },
  );
}

const createSnapshotSchema = z.object({ commandId, serviceId: uuid, name: plainText(100) });
const snapshotSchema = z.object({ commandId, serviceId: uuid, snapshotId: plainText(100) });

/** A snapshot of a running server, taken by its module; its id is the module's. */
export async function createSnapshot(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(createSnapshotSchema, { ...(input as object), commandId: ctx.commandId });
  return moduleAction(
    deps,
    ctx,
    cmd.serviceId,
    'SNAPSHOTS',
    (_, now) => ({
      type: 'CreateSnapshot',
      snapshotId: 'pending',
      name: cmd.name,
      createdBy: ctx.actor.userId,
      now,
    }),
    async (module, vmId) => ({ snapshotId: (await module.createSnapshot(vmId, cmd.name)).id }),
    // The module names the snapshot: a retry is the same request.
    { snapshotId: undefined },
  );
}

/** Back to one of the service's snapshots. */
export async function revertSnapshot(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(snapshotSchema, { ...(input as object), commandId: ctx.commandId });
  return moduleAction(
    deps,
    ctx,
    cmd.serviceId,
    'SNAPSHOTS',
    (_, now) => ({
      type: 'RevertSnapshot',
      snapshotId: cmd.snapshotId,
      revertedBy: ctx.actor.userId,
      now,
    }),
    async (module, vmId) => {
      await module.revertSnapshot(vmId, cmd.snapshotId);
      return {};
    },
  );
}

/** One of the service's snapshots deleted. */
export async function deleteSnapshot(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(snapshotSchema, { ...(input as object), commandId: ctx.commandId });
  return moduleAction(
    deps,
    ctx,
    cmd.serviceId,
    'SNAPSHOTS',
    (_, now) => ({
      type: 'DeleteSnapshot',
      snapshotId: cmd.snapshotId,
      deletedBy: ctx.actor.userId,
      now,
    }),
    async (module, vmId) => {
      await module.deleteSnapshot(vmId, cmd.snapshotId);
      return {};
    },
  );
}
