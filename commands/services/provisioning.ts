import { z } from 'zod';
import { orderDecider } from '../../domain/orders/decider.ts';
import { orderStreamId, type OrderEvent } from '../../domain/orders/events.ts';
import type { ProvisioningError } from '../../domain/services/events.ts';
import { conflict, fold } from '../../domain/shared/decider.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { requirePermission } from '../shared/authorize.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';
import {
  controlPanelInput,
  credentialsStandIn,
  ipAddressesInput,
  notesInput,
  sealControlPanel,
  sealSsh,
  sshInput,
} from './inputs.ts';
import type { DeployedServer, DeployProgress } from './module-port.ts';
import {
  actorId,
  applyToService,
  loadService,
  sealCredential,
  type ServiceResult,
} from './service-context.ts';

const provisionSchema = z.object({
  commandId,
  serviceId: uuid,
  ipAddresses: ipAddressesInput,
  hostname: z.string().max(253, 'At most 253 characters.'),
  ssh: sshInput,
  controlPanel: controlPanelInput.nullish().transform((c) => c ?? null),
  notes: notesInput,
  sendEmail: z
    .boolean()
    .nullish()
    .transform((s) => s ?? true),
});

/** True when the order behind the service is paid (the service may be provisioned). */
async function orderPaid(store: EventStore, orderId: string): Promise<boolean> {
  const events = await store.readStream(orderStreamId(orderId));
  const order = fold(orderDecider, events as unknown as OrderEvent[]);
  return order.status === 'PAID' || order.status === 'FULFILLED';
}

/**
 * Staff (services.manage) provision a waiting service by hand (the Provision dialog): the
 * server's addresses, host name and logins, the passwords sealed for the service. Only a paid
 * service waiting (PENDING, or PROVISIONING_FAILED); refused for one already provisioned, for
 * a deploy under way, and NOT_FOUND for another tenant's.
 */
export async function provisionService(
  deps: CommandDeps & { sealKey: Buffer },
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(provisionSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'services.manage');
  const service = await loadService(deps.store, ctx.tenantId, cmd.serviceId);
  if (service.origin?.kind === 'ORDER' && !(await orderPaid(deps.store, service.origin.orderId)))
    throw conflict('The order of this service is not paid; it cannot be provisioned yet.');
  const ssh = sealSsh(deps.sealKey, cmd.serviceId, cmd.ssh);
  const controlPanel = sealControlPanel(deps.sealKey, cmd.serviceId, cmd.controlPanel);
  const result = await applyToService(
    deps,
    ctx,
    cmd.serviceId,
    (now) => ({
      type: 'ProvisionByHand',
      provisionedBy: ctx.actor.userId,
      hostname: cmd.hostname,
      ipAddresses: cmd.ipAddresses,
      ssh,
      controlPanel,
      notes: cmd.notes,
      sendEmail: cmd.sendEmail,
      now,
    }),
    { ssh: credentialsStandIn(ssh), controlPanel: credentialsStandIn(controlPanel) },
  );
  return { serviceId: cmd.serviceId, position: result.position };
}

const retrySchema = z.object({ commandId, serviceId: uuid });

/**
 * Staff (services.manage) deploy a failed service again through its module, at any time after
 * it failed (also once it needs attention): ProvisioningStarted with the next attempt, which the
 * provisioning worker picks up. The module finds the machine it made for the service, if any.
 */
export async function retryProvisioning(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<ServiceResult> {
  const cmd = parseInput(retrySchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'services.manage');
  await loadService(deps.store, ctx.tenantId, cmd.serviceId);
  const result = await applyToService(deps, ctx, cmd.serviceId, (now) => ({
    type: 'StartProvisioning',
    startedBy: actorId(ctx),
    now,
  }));
  return { serviceId: cmd.serviceId, position: result.position };
}

/** A deploy of one attempt of a service (what the worker works on). */
export interface ProvisioningJobRef {
  tenantId: string;
  serviceId: string;
  attempt: number;
}

/** The worker's reports: the platform's, with a command id from the step, the service and the attempt. */
const workerContext = (job: ProvisioningJobRef, step: string): CommandContext => ({
  tenantId: job.tenantId,
  actor: { userId: 'system', role: 'system' },
  commandId: `${step}:${job.serviceId}:${job.attempt}`,
});

/** The module accepted the deploy (a restarted worker resumes this job). A repeat is a no-op. */
export async function recordProvisioningJob(
  deps: CommandDeps,
  job: ProvisioningJobRef,
  progress: DeployProgress,
): Promise<ServiceResult> {
  const result = await applyToService(
    deps,
    workerContext(job, 'provisioning-job'),
    job.serviceId,
    (now) => ({
      type: 'AcceptProvisioningJob',
      attempt: job.attempt,
      vmId: progress.vmId,
      jobId: progress.jobId,
      now,
    }),
  );
  return { serviceId: job.serviceId, position: result.position };
}

/** The module confirmed the server running: ACTIVE, the password it set sealed for the service. */
export async function recordProvisioned(
  deps: CommandDeps & { sealKey: Buffer },
  job: ProvisioningJobRef,
  server: DeployedServer,
): Promise<ServiceResult> {
  const passwordSealed =
    server.password === null ? null : sealCredential(deps.sealKey, job.serviceId, server.password);
  const result = await applyToService(
    deps,
    workerContext(job, 'provisioned'),
    job.serviceId,
    (now) => ({
      type: 'RecordProvisioned',
      attempt: job.attempt,
      vmId: server.vmId,
      ipAddresses: server.ipAddresses,
      username: server.username,
      sshPort: server.sshPort,
      passwordSealed,
      now,
    }),
    // Sealed afresh on each attempt; the password itself is never hashed into metadata.
    { passwordSealed: server.password === null ? null : 'sealed' },
  );
  return { serviceId: job.serviceId, position: result.position };
}

/** The deploy failed: retried after 1, 10 and 60 minutes when it may pass, else it needs attention. */
export async function recordProvisioningFailed(
  deps: CommandDeps,
  job: ProvisioningJobRef,
  error: ProvisioningError,
): Promise<ServiceResult> {
  const result = await applyToService(
    deps,
    workerContext(job, 'provisioning-failed'),
    job.serviceId,
    (now) => ({ type: 'RecordProvisioningFailed', attempt: job.attempt, error, now }),
  );
  return { serviceId: job.serviceId, position: result.position };
}
