/**
 * The services area's Mutation resolvers: each dispatches one command of commands/services,
 * waits for the read models to include what it wrote (read-your-writes), then reads the answer
 * back through the read side (`ServiceReads`, given in by resolvers.ts: the Service row and the
 * provisioning settings as staff see them). Refusals are the commands' (BAD_USER_INPUT naming
 * the field, NOT_FOUND, FORBIDDEN, CONFLICT).
 */
import {
  createSnapshot,
  deleteSnapshot,
  revertSnapshot,
  serviceAction,
} from '../../commands/services/actions.ts';
import { allocateServer } from '../../commands/services/allocate.ts';
import { revealServiceCredentials } from '../../commands/services/credentials.ts';
import { changeServiceDueDate, editService } from '../../commands/services/details.ts';
import {
  cancelService,
  requestCancellation,
  suspendService,
  terminateService,
  unsuspendService,
  withdrawCancellation,
} from '../../commands/services/lifecycle.ts';
import { provisionService, retryProvisioning } from '../../commands/services/provisioning.ts';
import type { ServiceCommandDeps, ServiceResult } from '../../commands/services/service-context.ts';
import {
  configureCloudStack,
  removeCloudStack,
  setCloudStackMapping,
  setTerminationPolicy,
} from '../../commands/services/settings.ts';
import type { Position } from '../../eventstore/types.ts';
import { commandContext, settle, type RequestContext } from '../context.ts';
import type {
  MutationResolvers,
  ProvisioningSettings,
  ResolversTypes,
} from '../generated/resolvers.ts';
import { readInvoice } from '../invoices/reads.ts';

/** What the mutations read back once the read models caught up (the read side's functions). */
export interface ServiceReads {
  service(ctx: RequestContext, id: string): Promise<ResolversTypes['Service']>;
  provisioningSettings(ctx: RequestContext): Promise<ProvisioningSettings>;
}

/** What services commands get: the log and the clock, the modules, the probe and the seal key. */
export const serviceCommandDeps = (ctx: RequestContext): ServiceCommandDeps => ({
  store: ctx.platform.store,
  now: ctx.platform.wallet.now,
  ...ctx.platform.services,
});

/** GraphQL's absent optional arguments are null or undefined; commands take them as absent. */
function present<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}

/** The Mutation resolvers, reading their answers through `reads`. */
export function serviceMutations(reads: ServiceReads) {
  /** A command on one service, then the service as the read model has it. */
  async function onService(
    ctx: RequestContext,
    commandId: string,
    run: (
      deps: ServiceCommandDeps,
      command: ReturnType<typeof commandContext>,
    ) => Promise<ServiceResult>,
  ) {
    const result = await run(serviceCommandDeps(ctx), commandContext(ctx, commandId));
    await settle(ctx, result.position);
    return reads.service(ctx, result.serviceId);
  }

  async function onSettings(
    ctx: RequestContext,
    commandId: string,
    run: (
      deps: ServiceCommandDeps,
      command: ReturnType<typeof commandContext>,
    ) => Promise<{ position: Position | null }>,
  ) {
    const result = await run(serviceCommandDeps(ctx), commandContext(ctx, commandId));
    await settle(ctx, result.position);
    return reads.provisioningSettings(ctx);
  }

  return {
    async revealServiceCredentials(_, args, ctx) {
      const r = await revealServiceCredentials(
        serviceCommandDeps(ctx),
        commandContext(ctx, args.commandId),
        { serviceId: args.serviceId },
      );
      // The history shows the reveal once the answer is given.
      await settle(ctx, r.position);
      return {
        sshUsername: r.sshUsername,
        sshPassword: r.sshPassword,
        sshPort: r.sshPort,
        controlPanelUrl: r.controlPanelUrl,
        controlPanelUsername: r.controlPanelUsername,
        controlPanelPassword: r.controlPanelPassword,
        revealedAt: new Date(r.revealedAt),
      };
    },
    provisionService: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => provisionService(deps, c, present(input))),
    async allocateServer(_, { input: { commandId, ...input } }, ctx) {
      const result = await allocateServer(
        serviceCommandDeps(ctx),
        commandContext(ctx, commandId),
        present(input),
      );
      await settle(ctx, result.position);
      return {
        service: await reads.service(ctx, result.serviceId),
        invoice: await readInvoice(ctx, result.invoiceId),
      };
    },
    retryProvisioning: (_, { commandId, serviceId }, ctx) =>
      onService(ctx, commandId, (deps, c) => retryProvisioning(deps, c, { serviceId })),
    cancelService: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => cancelService(deps, c, input)),
    suspendService: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => suspendService(deps, c, input)),
    unsuspendService: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => unsuspendService(deps, c, input)),
    terminateService: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => terminateService(deps, c, input)),
    requestCancellation: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => requestCancellation(deps, c, input)),
    withdrawCancellation: (_, { commandId, serviceId }, ctx) =>
      onService(ctx, commandId, (deps, c) => withdrawCancellation(deps, c, { serviceId })),
    serviceAction: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => serviceAction(deps, c, input)),
    createSnapshot: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => createSnapshot(deps, c, input)),
    revertSnapshot: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => revertSnapshot(deps, c, input)),
    deleteSnapshot: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => deleteSnapshot(deps, c, input)),
    editService: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => editService(deps, c, present(input))),
    changeServiceDueDate: (_, { input: { commandId, ...input } }, ctx) =>
      onService(ctx, commandId, (deps, c) => changeServiceDueDate(deps, c, input)),
    configureCloudStack: (_, { input: { commandId, ...input } }, ctx) =>
      onSettings(ctx, commandId, (deps, c) => configureCloudStack(deps, c, input)),
    removeCloudStack: (_, { commandId }, ctx) =>
      onSettings(ctx, commandId, (deps, c) => removeCloudStack(deps, c, {})),
    setCloudStackMapping: (_, { input: { commandId, ...input } }, ctx) =>
      onSettings(ctx, commandId, (deps, c) => setCloudStackMapping(deps, c, input)),
    setTerminationPolicy: (_, { input: { commandId, ...input } }, ctx) =>
      onSettings(ctx, commandId, (deps, c) => setTerminationPolicy(deps, c, input)),
  } satisfies MutationResolvers;
}
