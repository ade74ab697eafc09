/**
 * The fulfilment steps (BILLING.md "Fulfilment"), each a command with an id derived from what
 * it follows, so running a step twice, or in two processes, has one effect:
 * - a service provisioned for an order's item → that item is fulfilled (`fulfilled:<serviceId>`);
 * - a failed deploy whose retry is due → provisioning starts again (`retry:<serviceId>:<attempt>`);
 * - a never-provisioned service cancelled with a credit → a credit note to the wallet for its
 *   lines of the invoice (`service-credit:<serviceId>`), numbered and credited like any other.
 * Creating the services of a paid order is commands/services' `createServicesForOrder`.
 */
import {
  issueCreditNoteFor,
  storeNumberingReads,
  type Cause,
  type IssueCommand,
} from '../../commands/invoices/clearing.ts';
import type { CommandContext } from '../../commands/shared/handler.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import {
  invoiceStreamId,
  type CreditNoteRaised,
  type InvoiceEvent,
  type ProformaIssued,
} from '../../domain/invoices/events.ts';
import { orderDecider } from '../../domain/orders/decider.ts';
import { orderStreamId } from '../../domain/orders/events.ts';
import { serviceDecider } from '../../domain/services/decider.ts';
import {
  serviceStreamId,
  type ServiceCancelled,
  type ServiceEvent,
} from '../../domain/services/events.ts';
import { fold } from '../../domain/shared/decider.ts';
import type { EventStore } from '../../eventstore/types.ts';

export const stepContext = (cause: Cause, commandId: string): CommandContext => ({
  tenantId: cause.tenantId,
  actor: { userId: 'system', role: 'system' },
  commandId,
  correlationId: cause.correlationId,
  causationId: cause.causationId,
});

async function loadService(store: EventStore, serviceId: string) {
  const events = (await store.readStream(serviceStreamId(serviceId))) as unknown as ServiceEvent[];
  return fold(serviceDecider, events);
}

/** A service of an order's item is running: the item is fulfilled (the last one fulfils the order). */
export async function fulfilOrderItemFor(
  issue: IssueCommand,
  store: EventStore,
  cause: Cause,
  serviceId: string,
): Promise<void> {
  const service = await loadService(store, serviceId);
  if (service.origin?.kind !== 'ORDER') return;
  const { orderId, itemNo } = service.origin;
  await issue(stepContext(cause, `fulfilled:${serviceId}`), {
    streamId: orderStreamId(orderId),
    decider: orderDecider,
    command: (now) => ({ type: 'FulfilOrderItem' as const, itemNo, serviceId, now }),
  });
}

/** A failed deploy whose retry is due starts again (the decider refuses one that is not due). */
export async function retryProvisioningFor(
  issue: IssueCommand,
  cause: Cause,
  job: { serviceId: string; attempt: number },
): Promise<void> {
  await issue(stepContext(cause, `retry:${job.serviceId}:${job.attempt + 1}`), {
    streamId: serviceStreamId(job.serviceId),
    decider: serviceDecider,
    command: (now) => ({ type: 'StartProvisioning' as const, startedBy: null, now }),
  });
}

/** The invoice's line numbers (1-based) that bill a service: its order item's, or all of an allocation's. */
export function linesOfService(
  proforma: ProformaIssued['data'],
  origin: ServiceCancelled['data']['origin'],
): number[] {
  return proforma.sources.flatMap((source, i) =>
    origin.kind === 'ALLOCATION' || source?.itemNo === origin.itemNo ? [i + 1] : [],
  );
}

/** A cancelled service that asks for it: its lines of the invoice credited to the wallet. */
export async function creditCancelledServiceFor(
  issue: IssueCommand,
  store: EventStore,
  cause: Cause,
  cancelled: ServiceCancelled['data'],
): Promise<void> {
  if (!cancelled.creditToWallet) return;
  const invoiceId = cancelled.origin.invoiceId;
  const events = (await store.readStream(invoiceStreamId(invoiceId))) as unknown as InvoiceEvent[];
  const proforma = events.find((e) => e.type === 'ProformaIssued') as ProformaIssued | undefined;
  if (!proforma)
    throw new Error(`invoice ${invoiceId} of service ${cancelled.serviceId} not found`);
  const lineNos = linesOfService(proforma.data, cancelled.origin);
  const creditNoteId = uuidFrom(`credit-note:${cause.tenantId}:service:${cancelled.serviceId}`);
  await issue(stepContext(cause, `service-credit:${cancelled.serviceId}`), {
    streamId: invoiceStreamId(invoiceId),
    decider: invoiceDecider,
    command: (now) => ({
      type: 'RaiseCreditNote' as const,
      creditNoteId,
      scope: { kind: 'lines' as const, lines: lineNos.map((lineNo) => ({ lineNo })) },
      reason: `Service cancelled before it was provisioned: ${cancelled.reason}`,
      destination: 'WALLET' as const,
      raisedBy: cancelled.cancelledBy ?? 'system',
      now,
    }),
  });
  const after = (await store.readStream(invoiceStreamId(invoiceId))) as unknown as InvoiceEvent[];
  const raised = after.find(
    (e) => e.type === 'CreditNoteRaised' && e.data.creditNoteId === creditNoteId,
  ) as CreditNoteRaised | undefined;
  if (raised) await issueCreditNoteFor(issue, storeNumberingReads(store), cause, raised.data);
}

/** Folded state of an invoice (for specs). */
export const invoiceOf = (events: InvoiceEvent[]) => fold(invoiceDecider, events);
