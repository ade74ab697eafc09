/**
 * The provisioning worker: deploys the services that are PROVISIONING through their module and
 * reports back by commands (RecordProvisioned / RecordProvisioningFailed, with ids derived from
 * the service and the attempt, so a repeat is a no-op).
 *
 * Its queue is the log: a ProvisioningStarted event wakes it (as a reactor; the reaction only
 * enqueues, so one slow deploy never holds up the next), and at start and every `rescanMs` it
 * asks for every service still PROVISIONING (the services read model, all tenants). So a deploy
 * cut short by a crash or SIGKILL is picked up after the restart; the module finds the machine it
 * already made for the service (the VM name derives from the service id) instead of making a
 * second one. Up to `concurrency` deploys run at once; a deploy's own waiting (async jobs polled
 * by the module) costs nothing here.
 */
import type { CommandDeps } from '../../commands/shared/handler.ts';
import type { DeploySpec, ServicePorts } from '../../commands/services/module-port.ts';
import { ModuleError } from '../../commands/services/module-port.ts';
import { loadProvisioningSettings } from '../../commands/services/create-services.ts';
import {
  recordProvisioned,
  recordProvisioningFailed,
  recordProvisioningJob,
} from '../../commands/services/provisioning.ts';
import { serviceDecider } from '../../domain/services/decider.ts';
import { deploySpecOf } from '../../domain/services/settings.ts';
import {
  serviceStreamId,
  type ProvisioningError,
  type ServiceEvent,
} from '../../domain/services/events.ts';
import { fold, DomainError } from '../../domain/shared/decider.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import type { Reactor } from '../reactor.ts';

/** A service waiting for its deploy: what the read model (or the waking event) names. */
export interface ProvisioningJob {
  tenantId: string;
  serviceId: string;
  attempt: number;
}

export interface WorkerOptions {
  /** Services PROVISIONING now, every tenant (projections/services `servicesToProvision`). */
  pending: () => Promise<ProvisioningJob[]>;
  concurrency?: number;
  rescanMs?: number;
  log?: (msg: string, extra?: object) => void;
}

export type ProvisioningWorker = Reactor & {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Deploys in flight now (for tests and the bench). */
  inFlight(): number;
  /** Resolves when nothing is queued or running (tests, bench). */
  idle(): Promise<void>;
};

/** Why a deploy failed, as the service's history and staff's queue show it. */
export function failureOf(error: unknown): ProvisioningError {
  if (error instanceof ModuleError)
    return { code: error.code, message: error.message, retryable: error.retryable };
  if (error instanceof DomainError)
    return { code: error.code, message: error.message, retryable: false };
  const message = error instanceof Error ? error.message : String(error);
  // An unknown failure (a bug, a cut connection) may well pass on another try.
  return { code: 'UNEXPECTED', message, retryable: true };
}

export function provisioningWorker(
  deps: CommandDeps & { services: ServicePorts },
  options: WorkerOptions,
): ProvisioningWorker {
  const concurrency = options.concurrency ?? 50;
  const log = options.log ?? (() => {});
  const queued = new Map<string, ProvisioningJob>();
  const running = new Map<string, Promise<void>>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const key = (j: ProvisioningJob) => `${j.serviceId}:${j.attempt}`;

  async function deploy(job: ProvisioningJob): Promise<void> {
    const events = await deps.store.readStream(serviceStreamId(job.serviceId));
    const service = fold(serviceDecider, events as unknown as ServiceEvent[]);
    // The log decides: a job that moved on (provisioned, failed, retried) is not ours any more.
    if (service.status !== 'PROVISIONING' || service.attempt !== job.attempt) return;
    try {
      const settings = await loadProvisioningSettings(deps.store, job.tenantId);
      const spec: DeploySpec = deploySpecOf(settings, service);
      const module = await deps.services.modules.moduleFor(job.tenantId, service.module);
      const server = await module.deploy(spec, {
        signal: abort.signal,
        onProgress: async (p) => void (await recordProvisioningJob(deps, job, p)),
      });
      await recordProvisioned({ ...deps, sealKey: deps.services.sealKey }, job, server);
    } catch (error) {
      if (stopped) return; // cut short by stop(): the next start resumes it
      const failure = failureOf(error);
      log(`provisioning of service ${job.serviceId} failed (attempt ${job.attempt})`, failure);
      await recordProvisioningFailed(deps, job, failure);
    }
  }

  function pump(): void {
    if (stopped) return;
    for (const [k, job] of queued) {
      if (running.size >= concurrency) break;
      queued.delete(k);
      const run = deploy(job)
        .catch((error: Error) => {
          // Reporting failed (database away): the rescan finds the service still PROVISIONING.
          log(`provisioning worker: service ${job.serviceId} left for the next scan`, {
            err: error.message,
          });
        })
        .finally(() => {
          running.delete(k);
          pump();
          if (running.size === 0 && queued.size === 0) {
            const w = waiters;
            waiters = [];
            for (const r of w) r();
          }
        });
      running.set(k, run);
    }
  }

  function enqueue(job: ProvisioningJob): void {
    const k = key(job);
    if (running.has(k) || queued.has(k)) return;
    queued.set(k, job);
    pump();
  }

  async function scan(): Promise<void> {
    try {
      for (const job of await options.pending()) enqueue(job);
    } catch (error) {
      log('provisioning worker: cannot list the services to provision; next scan', {
        err: (error as Error).message,
      });
    }
  }

  return {
    name: 'provisioning.worker',
    handles: new Set(['ProvisioningStarted']),
    async react(event: RecordedEvent) {
      const d = event.data as { tenantId: string; serviceId: string; attempt: number };
      enqueue({ tenantId: d.tenantId, serviceId: d.serviceId, attempt: d.attempt });
    },
    async start() {
      await scan();
      timer = setInterval(() => void scan(), options.rescanMs ?? 30_000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      queued.clear();
      abort.abort();
      await Promise.allSettled([...running.values()]);
    },
    inFlight: () => running.size,
    idle: () =>
      running.size === 0 && queued.size === 0
        ? Promise.resolve()
        : new Promise<void>((r) => waiters.push(r)),
  };
}
