/**
 * The fulfilment process managers (BILLING.md "Fulfilment", DESIGN rule 7): a paid order
 * becomes its services; a provisioned service fulfils its order item; a failed deploy is
 * retried after 1, 10 and 60 minutes (then it waits for staff: "needs attention"); a service
 * cancelled before it ran is credited back to the wallet when staff asked for that. Every
 * command id derives from what it follows, so a repeat has one effect.
 *
 * The deploy itself is integrations/provisioning/worker.ts (it talks to the module and reports
 * ServiceProvisioned or ProvisioningFailed by commands).
 */
import type { Cause, IssueCommand } from '../../commands/invoices/clearing.ts';
import type { OrderPaid } from '../../domain/orders/events.ts';
import type { ServiceCancelled, ServiceProvisioned } from '../../domain/services/events.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import type { ProcessManager } from '../invoicing/reactors.ts';
import { creditCancelledServiceFor, fulfilOrderItemFor, retryProvisioningFor } from './steps.ts';

const causeOf = (event: RecordedEvent): Cause => ({
  tenantId: event.metadata.tenantId,
  correlationId: event.metadata.correlationId,
  causationId: event.id,
});

/** Makes the services of a paid order: commands/services' createServicesForOrder, on its port. */
export type CreateServices = (cause: Cause, orderId: string) => Promise<void>;

/** A paid order → one service per item (a CloudStack plan's starts provisioning at once). */
export function serviceCreationProcess(createServices: CreateServices): ProcessManager {
  return {
    name: 'fulfilment.services',
    handles: new Set(['OrderPaid']),
    async react(event) {
      await createServices(causeOf(event), (event.data as OrderPaid['data']).orderId);
    },
  };
}

/** A service provisioned for an order's item → the item fulfilled. */
export function orderFulfilmentProcess(issue: IssueCommand, store: EventStore): ProcessManager {
  return {
    name: 'fulfilment.order-items',
    handles: new Set(['ServiceProvisioned']),
    async react(event) {
      const d = event.data as ServiceProvisioned['data'];
      await fulfilOrderItemFor(issue, store, causeOf(event), d.serviceId);
    },
  };
}

/** A never-provisioned service cancelled with a credit → its lines credited to the wallet. */
export function cancellationCreditProcess(issue: IssueCommand, store: EventStore): ProcessManager {
  return {
    name: 'fulfilment.cancellation-credit',
    handles: new Set(['ServiceCancelled']),
    async react(event) {
      await creditCancelledServiceFor(
        issue,
        store,
        causeOf(event),
        event.data as ServiceCancelled['data'],
      );
    },
  };
}

/** What the retry sweep reads: failed deploys whose retry time has come (the services read model). */
export type DueRetries = (
  now: Date,
) => Promise<{ tenantId: string; serviceId: string; attempt: number }[]>;

/**
 * Retries failed deploys when their time comes. `sweep(now)` is the whole of it (specs drive it
 * through the clock); in the platform a timer runs it every `everyMs`. One service's refusal
 * never stops the others.
 */
export function retrySweep(
  issue: IssueCommand,
  dueRetries: DueRetries,
  now: () => Date,
  options: { everyMs?: number; log?: (msg: string, extra?: object) => void } = {},
): ProcessManager & { sweep(at: Date): Promise<{ retried: number; failed: number }> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const log = options.log ?? (() => {});
  async function sweep(at: Date) {
    let retried = 0;
    let failed = 0;
    for (const job of await dueRetries(at)) {
      const cause = {
        tenantId: job.tenantId,
        correlationId: `retry:${job.serviceId}`,
        causationId: `retry:${job.serviceId}:${job.attempt + 1}`,
      };
      try {
        await retryProvisioningFor(issue, cause, job);
        retried++;
      } catch (error) {
        failed++;
        log(`provisioning retry of service ${job.serviceId} refused`, {
          err: (error as Error).message,
        });
      }
    }
    return { retried, failed };
  }
  return {
    name: 'fulfilment.retries',
    handles: new Set<string>(),
    async react() {},
    sweep,
    async start() {
      timer = setInterval(() => {
        running = sweep(now()).catch((error: Error) =>
          log('provisioning retry sweep failed; next run', { err: error.message }),
        );
      }, options.everyMs ?? 15_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
