/**
 * The renewals process manager (issue 13, BILLING.md "Renewal and dunning"):
 *
 * - InvoicePaid of a RENEWAL invoice → its service renewed for the period it billed, the next
 *   due date counted from the old one (commands/services/renewal.ts `renewOnPayment`, command id
 *   `renewed:<invoiceId>`). A service suspended for non-payment that this payment brought up to
 *   date is unsuspended at once (through its module), under the id the next run would give it
 *   (`unsuspend:<serviceId>:<invoiceId>`), so the reactor and the run have one effect. Other
 *   invoices, a service terminated meanwhile: nothing.
 * - The scheduler (scheduler.ts): the tenants' runs every `runEveryHours`.
 */
import type { Cause } from '../../commands/invoices/clearing.ts';
import { executeWork, type WorkDeps } from '../../commands/automation/work.ts';
import { renewOnPayment } from '../../commands/services/renewal.ts';
import { loadService } from '../../commands/services/service-context.ts';
import { todayInIndia } from '../../domain/services/due-dates.ts';
import type { InvoicePaid } from '../../domain/invoices/events.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import type { ProcessManager } from '../invoicing/reactors.ts';

export { automationScheduler, type AutomationScheduler, type SchedulerPorts } from './scheduler.ts';

const causeOf = (event: RecordedEvent): Cause => ({
  tenantId: event.metadata.tenantId,
  correlationId: event.metadata.correlationId,
  causationId: event.id,
});

export interface RenewalProcessPorts {
  log(msg: string, extra?: object): void;
}

/**
 * Renews on payment, then unsuspends what the payment settled. An unsuspension the module
 * refuses now is left to the next run (its SUSPENSIONS work finds it again, same id).
 */
export function renewalProcess(deps: WorkDeps, ports: RenewalProcessPorts): ProcessManager {
  return {
    name: 'renewals',
    handles: new Set(['InvoicePaid']),
    async react(event) {
      const cause = causeOf(event);
      const { invoiceId } = event.data as InvoicePaid['data'];
      const renewed = await renewOnPayment(deps, cause, invoiceId);
      if (renewed === null) return;
      const serviceId = await renewedService(deps, event);
      if (serviceId === null) return;
      const service = await loadService(deps.store, cause.tenantId, serviceId);
      const today = todayInIndia(deps.now().toISOString());
      if (
        service.status !== 'SUSPENDED' ||
        service.suspension !== 'NON_PAYMENT' ||
        service.nextDueDate <= today
      )
        return;
      const result = await executeWork(
        deps,
        cause.tenantId,
        {
          kind: 'UNSUSPEND',
          commandId: `unsuspend:${serviceId}:${invoiceId}`,
          serviceId,
          invoiceId,
        },
        { asOf: deps.now().toISOString(), runId: cause.correlationId },
      );
      if (result.outcome === 'FAILED')
        ports.log('unsuspension after payment failed; the next run retries it', {
          serviceId,
          err: result.detail,
        });
    },
  };
}

/** The service a paid renewal invoice billed (its ProformaIssued subject). */
async function renewedService(deps: WorkDeps, paid: RecordedEvent): Promise<string | null> {
  const events = await deps.store.readStream(paid.streamId);
  const issued = events.find((e) => e.type === 'ProformaIssued');
  const subject = (issued?.data as { subject?: { kind: string; serviceId?: string } | null })
    ?.subject;
  return subject?.kind === 'RENEWAL' ? (subject.serviceId ?? null) : null;
}
