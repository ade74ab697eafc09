import { z } from 'zod';
import type { ServiceState } from '../../domain/services/decider.ts';
import type { CommandContext } from '../shared/handler.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';
import { laterPosition } from '../orders/order-context.ts';
import { loadProvisioningSettings } from './create-services.ts';
import { reasonInput } from './inputs.ts';
import {
  actorId,
  applyToService,
  authorizeService,
  callModule,
  checkFirst,
  handledBefore,
  oneAtATime,
  moduleOf,
  type ServiceCommandDeps,
  type ServiceResult,
} from './service-context.ts';

const reasonSchema = z.object({
  commandId,
  serviceId: uuid,
  reason: reasonInput,
  /** The dunning process (system) suspends for non-payment; staff's suspension is STAFF. */
  kind: z.enum(['STAFF', 'NON_PAYMENT']).nullish(),
});

/** A server the module runs (a MANUAL one is stopped and destroyed by staff outside the platform). */
const onModule = (service: ServiceState) => service.module !== 'MANUAL' && service.vmId !== null;

/**
 * Staff (services.manage), or the dunning process: an ACTIVE service SUSPENDED; the module
 * stops the server first (its customer's actions are locked). Suspended again: nothing.
 */
export async function suspendService(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(reasonSchema, { ...(input as object), commandId: ctx.commandId });
  return oneAtATime(cmd.serviceId, async () => {
    const { service } = await authorizeService(deps, ctx, cmd.serviceId, {
      staff: 'services.manage',
      account: null,
    });
    const kind = ctx.actor.role === 'system' ? (cmd.kind ?? 'NON_PAYMENT') : 'STAFF';
    const command = (now: string) => ({
      type: 'SuspendService' as const,
      kind,
      reason: cmd.reason,
      suspendedBy: actorId(ctx),
      now,
    });
    if (!(await handledBefore(deps.store, cmd.serviceId, ctx.commandId))) {
      const { events } = checkFirst(service, command(deps.now().toISOString()));
      if (events.length === 0) return { serviceId: cmd.serviceId, position: null };
      if (onModule(service)) {
        const module = await moduleOf(deps, service);
        await callModule('stop', () => module.stop(service.vmId!));
      }
    }
    const result = await applyToService(deps, ctx, cmd.serviceId, command);
    return { serviceId: cmd.serviceId, position: result.position };
  });
}

/** Staff (services.manage), or the dunning process once paid: SUSPENDED → ACTIVE, started by its module first. */
export async function unsuspendService(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(reasonSchema, { ...(input as object), commandId: ctx.commandId });
  return oneAtATime(cmd.serviceId, async () => {
    const { service } = await authorizeService(deps, ctx, cmd.serviceId, {
      staff: 'services.manage',
      account: null,
    });
    const command = (now: string) => ({
      type: 'UnsuspendService' as const,
      reason: cmd.reason,
      unsuspendedBy: actorId(ctx),
      now,
    });
    if (!(await handledBefore(deps.store, cmd.serviceId, ctx.commandId))) {
      const { events } = checkFirst(service, command(deps.now().toISOString()));
      if (events.length === 0) return { serviceId: cmd.serviceId, position: null };
      if (onModule(service)) {
        const module = await moduleOf(deps, service);
        await callModule('start', () => module.start(service.vmId!));
      }
    }
    const result = await applyToService(deps, ctx, cmd.serviceId, command);
    return { serviceId: cmd.serviceId, position: result.position };
  });
}

/** The name of the snapshot taken before a server is destroyed (found again on a retry). */
export const finalSnapshotName = (serviceId: string) => `final-${serviceId}`;

/**
 * Destroys the server through its module, after a final snapshot when the tenant's policy asks
 * for one (a retry reuses the snapshot it took). Returns the snapshot's id. MANUAL: no call.
 */
async function destroyServer(
  deps: ServiceCommandDeps,
  service: ServiceState,
): Promise<string | null> {
  if (!onModule(service)) return null;
  const module = await moduleOf(deps, service);
  const vmId = service.vmId!;
  const settings = await loadProvisioningSettings(deps.store, service.tenantId);
  let finalSnapshotId: string | null = null;
  if (settings.finalSnapshot) {
    const name = finalSnapshotName(service.serviceId);
    const taken = await callModule('take its final snapshot', () => module.listSnapshots(vmId));
    finalSnapshotId =
      taken.find((s) => s.name === name)?.id ??
      (await callModule('take its final snapshot', () => module.createSnapshot(vmId, name))).id;
  }
  await callModule('be destroyed', () => module.destroy(vmId));
  return finalSnapshotId;
}

/**
 * Staff (services.manage): an ACTIVE or SUSPENDED service TERMINATED; its module destroys the
 * server first (after a final snapshot when the tenant's policy says so).
 */
export async function terminateService(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(reasonSchema, { ...(input as object), commandId: ctx.commandId });
  return oneAtATime(cmd.serviceId, async () => {
    const { service } = await authorizeService(deps, ctx, cmd.serviceId, {
      staff: 'services.manage',
      account: null,
    });
    return terminate(deps, ctx, service, cmd.reason);
  });
}

/** The TerminateService command of `ctx`, with the final snapshot the module took (if any). */
const terminationOf =
  (ctx: CommandContext, reason: string) => (finalSnapshotId: string | null) => (now: string) => ({
    type: 'TerminateService' as const,
    reason,
    terminatedBy: actorId(ctx),
    finalSnapshotId,
    now,
  });

async function terminate(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  service: ServiceState,
  reason: string,
): Promise<ServiceResult> {
  const command = terminationOf(ctx, reason);
  let finalSnapshotId: string | null = null;
  if (!(await handledBefore(deps.store, service.serviceId, ctx.commandId))) {
    checkFirst(service, command(null)(deps.now().toISOString()));
    finalSnapshotId = await destroyServer(deps, service);
  }
  const result = await applyToService(deps, ctx, service.serviceId, command(finalSnapshotId), {
    finalSnapshotId: undefined,
  });
  return { serviceId: service.serviceId, position: result.position };
}

const cancellationSchema = z.object({
  commandId,
  serviceId: uuid,
  when: z.enum(['END_OF_PERIOD', 'IMMEDIATE'], {
    message: 'Must be END_OF_PERIOD or IMMEDIATE.',
  }),
  reason: reasonInput,
});

/**
 * The owner, a team member with account.services, or staff (services.manage) ask to end a
 * service: at the end of its period (it runs until its next due date and is not renewed), or
 * immediately (the module destroys the server, then the request and the termination are
 * recorded; a module failure writes nothing; no refund unless staff issue a credit note).
 */
export async function requestCancellation(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(cancellationSchema, { ...(input as object), commandId: ctx.commandId });
  return oneAtATime(cmd.serviceId, async () => {
    const { service } = await authorizeService(deps, ctx, cmd.serviceId, {
      staff: 'services.manage',
      account: 'account.services',
    });
    const request = (now: string) => ({
      type: 'RequestCancellation' as const,
      when: cmd.when,
      reason: cmd.reason,
      requestedBy: ctx.actor.userId,
      now,
    });
    if (cmd.when !== 'IMMEDIATE') {
      const requested = await applyToService(deps, ctx, cmd.serviceId, request);
      return { serviceId: cmd.serviceId, position: requested.position };
    }
    // Immediately: the module destroys the server first, then the request and the termination
    // are written (the termination under its own command id from the request's, so a retry
    // after a crash between the two finishes it once).
    const terminateCtx = {
      ...ctx,
      commandId: `${ctx.commandId}:terminate`,
      causationId: ctx.commandId,
    };
    const terminateCommand = terminationOf(terminateCtx, `Cancelled immediately: ${cmd.reason}`);
    let finalSnapshotId: string | null = null;
    if (!(await handledBefore(deps.store, cmd.serviceId, terminateCtx.commandId))) {
      const now = deps.now().toISOString();
      const asked = (await handledBefore(deps.store, cmd.serviceId, ctx.commandId))
        ? service
        : checkFirst(service, request(now)).after;
      checkFirst(asked, terminateCommand(null)(now));
      finalSnapshotId = await destroyServer(deps, asked);
    }
    const requested = await applyToService(deps, ctx, cmd.serviceId, request);
    const terminated = await applyToService(
      deps,
      terminateCtx,
      cmd.serviceId,
      terminateCommand(finalSnapshotId),
      { finalSnapshotId: undefined },
    );
    return {
      serviceId: cmd.serviceId,
      position: laterPosition(requested.position, terminated.position),
    };
  });
}

const serviceOnlySchema = z.object({ commandId, serviceId: uuid });

/** An END_OF_PERIOD cancellation withdrawn before it takes effect (same people as the request). */
export async function withdrawCancellation(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(serviceOnlySchema, { ...(input as object), commandId: ctx.commandId });
  await authorizeService(deps, ctx, cmd.serviceId, {
    staff: 'services.manage',
    account: 'account.services',
  });
  const result = await applyToService(deps, ctx, cmd.serviceId, (now) => ({
    type: 'WithdrawCancellation',
    withdrawnBy: ctx.actor.userId,
    now,
  }));
  return { serviceId: cmd.serviceId, position: result.position };
}

const cancelSchema = z.object({
  commandId,
  serviceId: uuid,
  reason: reasonInput,
  creditToWallet: z.boolean({ message: 'Say whether to credit the wallet.' }),
});

/**
 * Staff (services.manage): a service never provisioned (PENDING or PROVISIONING_FAILED)
 * CANCELLED; with creditToWallet the fulfilment process credits its lines of the invoice back
 * to the customer's wallet (a credit note).
 */
export async function cancelService(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(cancelSchema, { ...(input as object), commandId: ctx.commandId });
  await authorizeService(deps, ctx, cmd.serviceId, { staff: 'services.manage', account: null });
  const result = await applyToService(deps, ctx, cmd.serviceId, (now) => ({
    type: 'CancelService',
    reason: cmd.reason,
    cancelledBy: actorId(ctx),
    creditToWallet: cmd.creditToWallet,
    now,
  }));
  return { serviceId: cmd.serviceId, position: result.position };
}
