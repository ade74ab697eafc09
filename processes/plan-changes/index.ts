/**
 * The plan-changes process manager (issue 13, BILLING.md "Plan changes"): an upgrade's invoice
 * paid → the module resizes the server and the change is applied (ApplyPlanChange by MODULE), or
 * it waits for staff (MarkPlanChangeAwaitingStaff) when the module cannot; its proforma
 * cancelled → the change is cancelled. Command ids derive from the change
 * (`plan-change-applied:<changeId>`, …), the same ones `changePlan` uses when it applies a change
 * paid from the wallet at once, so the two have one effect. Invoices of other subjects: nothing.
 */
import type { Cause } from '../../commands/invoices/clearing.ts';
import {
  applyPaidPlanChange,
  cancelUnpaidPlanChange,
} from '../../commands/services/plan-change.ts';
import type { ServiceCommandDeps } from '../../commands/services/service-context.ts';
import type { InvoicePaid, ProformaCancelled } from '../../domain/invoices/events.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import type { ProcessManager } from '../invoicing/reactors.ts';

const causeOf = (event: RecordedEvent): Cause => ({
  tenantId: event.metadata.tenantId,
  correlationId: event.metadata.correlationId,
  causationId: event.id,
});

export function planChangeProcess(deps: ServiceCommandDeps): ProcessManager {
  return {
    name: 'plan-changes',
    handles: new Set(['InvoicePaid', 'ProformaCancelled']),
    async react(event) {
      if (event.type === 'InvoicePaid')
        await applyPaidPlanChange(deps, causeOf(event), event.data as InvoicePaid['data']);
      else
        await cancelUnpaidPlanChange(deps, causeOf(event), event.data as ProformaCancelled['data']);
    },
  };
}

/** For an area's `reactors`: `planChangeReactors({ store, now, ...services })`. */
export function planChangeReactors(deps: ServiceCommandDeps): ProcessManager[] {
  return [planChangeProcess(deps)];
}
