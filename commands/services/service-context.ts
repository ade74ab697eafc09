/**
 * What every services command shares: its dependencies, the seal key, the service as its
 * stream says (NOT_FOUND for another tenant's), who may act on it, and the one way a command
 * is applied to a service stream.
 */
import { hkdfSync } from 'node:crypto';
import type { AccountPermission } from '../../domain/access/account-roles.ts';
import type { Permission } from '../../domain/identity/permissions.ts';
import {
  serviceDecider,
  type ServiceCommand,
  type ServiceState,
} from '../../domain/services/decider.ts';
import { serviceStreamId, type ServiceEvent } from '../../domain/services/events.ts';
import { DomainError, fold, notFound } from '../../domain/shared/decider.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';
import { open, seal } from '../identity/secret-box.ts';
import { accountOf, requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import {
  handleCommand,
  type CommandContext,
  type CommandDeps,
  type CommandResult,
} from '../shared/handler.ts';
import { ModuleError, type ServicePorts } from './module-port.ts';

/** What the services commands need: the log and the clock, the modules, the probe and the seal key. */
export type ServiceCommandDeps = CommandDeps & ServicePorts;

/** What a services command answers: the service it wrote to and the position for read-your-writes. */
export interface ServiceResult {
  serviceId: string;
  position: Position | null;
}

/**
 * The key that seals service credentials (SSH and control-panel passwords, the tenant's
 * CloudStack secret): HKDF-SHA256 from the key that seals authenticator secrets in keys.json,
 * like `mailKey`, so it is backed up with it yet opens nothing else.
 */
export const servicesKey = (keys: { totp: Buffer }) =>
  Buffer.from(hkdfSync('sha256', keys.totp, Buffer.alloc(0), 'service credentials v1', 32));

/** A credential sealed for its service: copied onto another service it does not open. */
export const sealCredential = (key: Buffer, serviceId: string, secret: string) =>
  seal(key, secret, serviceId);
export const openCredential = (key: Buffer, serviceId: string, sealed: string) =>
  open(key, sealed, serviceId);

/** A tenant's CloudStack secret key, sealed for its tenant (context = tenantId). */
export const sealCloudStackSecret = (key: Buffer, tenantId: string, secret: string) =>
  seal(key, secret, tenantId);
export const openCloudStackSecret = (key: Buffer, tenantId: string, sealed: string) =>
  open(key, sealed, tenantId);

/** The service as its stream says now; NOT_FOUND for none, or another tenant's. */
export async function loadService(
  store: EventStore,
  tenantId: string,
  serviceId: string,
): Promise<ServiceState> {
  const events = await store.readStream(serviceStreamId(serviceId));
  const state = fold(serviceDecider, events as unknown as ServiceEvent[]);
  if (state.status === 'NONE' || state.tenantId !== tenantId) throw notFound('service');
  return state;
}

export const isStaff = (ctx: CommandContext) =>
  ctx.actor.role === 'admin' || ctx.actor.role === 'system';

/**
 * Who may act on a service: staff holding `staff` (the system always), or a customer on the
 * account they act for holding `account` (null: staff only). A customer is refused FORBIDDEN
 * for a role without the permission, NOT_FOUND for another account's service (as for one that
 * does not exist: nothing is told about other accounts).
 */
export async function authorizeService(
  deps: CommandDeps,
  ctx: CommandContext,
  serviceId: string,
  need: { staff: Permission; account: AccountPermission | null },
): Promise<{ service: ServiceState; as: 'CUSTOMER' | 'STAFF' }> {
  if (isStaff(ctx) || need.account === null) {
    requirePermission(ctx, need.staff);
    return { service: await loadService(deps.store, ctx.tenantId, serviceId), as: 'STAFF' };
  }
  const account = requireAccountPermission(ctx, need.account);
  const service = await loadService(deps.store, ctx.tenantId, serviceId);
  if (service.customerId !== account) throw notFound('service');
  return { service, as: 'CUSTOMER' };
}

/** The customer's account a context acts for (for messages and checks that need it). */
export const accountOfContext = (ctx: CommandContext) =>
  accountOf({ id: ctx.actor.userId, accountId: ctx.accountId });

/**
 * Applies one command to a service stream (load, decide, append; idempotent by commandId).
 * `perAttempt`: fields that differ between attempts (a password sealed with a fresh IV).
 */
export function applyToService(
  deps: CommandDeps,
  ctx: CommandContext,
  serviceId: string,
  command: (now: string) => ServiceCommand,
  perAttempt?: Record<string, unknown>,
): Promise<CommandResult<ServiceState>> {
  return handleCommand(deps, ctx, {
    streamId: serviceStreamId(serviceId),
    decider: serviceDecider,
    command,
    ...(perAttempt ? { perAttempt: perAttempt as never } : {}),
  });
}

/** Who acts, as the events name them: the user id (null for the platform itself). */
export const actorId = (ctx: CommandContext): string | null =>
  ctx.actor.role === 'system' ? null : ctx.actor.userId;

const running = new Map<string, Promise<unknown>>();

/**
 * Runs the work of one service's module commands one at a time in this process, so two calls
 * at once (a double click, a retry racing the first) do not both reach the module: the second
 * finds the first in the log (`handledBefore`) and answers from it. Across app processes the
 * module's own idempotence (by VM and snapshot name) and the log's revision check remain.
 */
export async function oneAtATime<T>(serviceId: string, work: () => Promise<T>): Promise<T> {
  const before = running.get(serviceId) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  running.set(serviceId, settled);
  try {
    return await run;
  } finally {
    if (running.get(serviceId) === settled) running.delete(serviceId);
  }
}

/**
 * Calls the module, and turns its refusal into one the person can act on: CONFLICT naming what
 * failed, saying "try again" when the module says it may pass later. Nothing is written before
 * the module confirmed, so a failed call leaves the service as it was.
 */
export async function callModule<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ModuleError)
      throw new DomainError(
        'CONFLICT',
        error.retryable
          ? `The server could not ${what} just now (${error.message}); nothing was changed, try again in a moment.`
          : `The server could not ${what}: ${error.message}; nothing was changed.`,
      );
    throw error;
  }
}

/** The module of a service (MANUAL can do nothing on a server). */
export const moduleOf = (deps: ServiceCommandDeps, service: ServiceState) =>
  deps.modules.moduleFor(service.tenantId, service.module);

/** True when this commandId already wrote to the service: a retry, which must not call the module again. */
export async function handledBefore(
  store: EventStore,
  serviceId: string,
  commandId: string,
): Promise<boolean> {
  const events = await store.readStream(serviceStreamId(serviceId));
  return events.some((e) => e.metadata.commandId === commandId);
}

/**
 * The decider's answer without writing it: a refusal (wrong status, bad field) is thrown before
 * the module is called, so a server is never changed for a command the log would refuse.
 */
export function checkFirst(
  service: ServiceState,
  command: ServiceCommand,
): { events: ServiceEvent[]; after: ServiceState } {
  const events = serviceDecider.decide(command, service);
  return { events, after: events.reduce(serviceDecider.evolve, service) };
}
