/**
 * One item of billing automation (domain/automation/schedule.ts `dueWork`) carried out by the
 * command that does it, as the system actor, under the item's deterministic command id, and what
 * it came to (never thrown: a run records every item and goes on):
 * - DONE: written now; ALREADY_DONE: this command id had run before (a repeated or concurrent
 *   run), nothing written;
 * - SKIPPED: nothing to do any more, checked on the log before acting (the invoice was paid or
 *   cancelled meanwhile, the wallet no longer covers it, the service changed);
 * - FAILED: an error while doing it (the provisioning module, the database): nothing recorded
 *   for it, so the next run finds it due again and retries it.
 */
import { cancellationEndsOn } from '../../domain/automation/schedule.ts';
import { invoiceDecider, type InvoiceState } from '../../domain/invoices/decider.ts';
import { invoiceStreamId, type InvoiceEvent } from '../../domain/invoices/events.ts';
import { orderDecider, type OrderState } from '../../domain/orders/decider.ts';
import { orderStreamId, type OrderEvent } from '../../domain/orders/events.ts';
import { dayText } from '../../domain/services/renewal-lines.ts';
import { serviceDecider, type ServiceState } from '../../domain/services/decider.ts';
import { serviceStreamId, type ServiceEvent } from '../../domain/services/events.ts';
import { DomainError, fold } from '../../domain/shared/decider.ts';
import { D } from '../../domain/shared/money.ts';
import type { Actor, EventStore, Position } from '../../eventstore/types.ts';
import { cancelProforma } from '../invoices/cancel-proforma.ts';
import { payFromWallet } from '../invoices/wallet-payment.ts';
import { loadWallet } from '../invoices/wallet-reads.ts';
import { billingOf, laterPosition, loadTenant } from '../orders/order-context.ts';
import { terminateService, suspendService, unsuspendService } from '../services/lifecycle.ts';
import { invoiceRenewal } from '../services/renewal.ts';
import type { ServiceCommandDeps } from '../services/service-context.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import type { AutomationWork, WorkResult } from './ports.ts';
import { AUTOMATION_USER_ID } from '../../domain/shared/actors.ts';

/** What executing work needs: the services commands' deps (the log, the clock, the modules). */
export type WorkDeps = ServiceCommandDeps;

/** Who billing automation acts as in the events it writes. */
export const AUTOMATION_ACTOR: Actor = { userId: AUTOMATION_USER_ID, role: 'system' };

export interface WorkAt {
  /** The instant the run decides for. */
  asOf: string;
  /** The run it belongs to (the correlation of what it writes). */
  runId: string;
}

/** Nothing to do any more: a reason, not an error. */
class Skip extends Error {}

const result = (
  outcome: WorkResult['outcome'],
  position: Position | null = null,
  extra: Partial<WorkResult> = {},
): WorkResult => ({ outcome, detail: null, position, ...extra });

async function streamOf(store: EventStore, streamId: string) {
  return store.readStream(streamId);
}

const ranBefore = (events: { metadata: { commandId: string } }[], commandId: string) =>
  events.some((e) => e.metadata.commandId === commandId);

async function invoiceOf(store: EventStore, tenantId: string, invoiceId: string) {
  const events = await streamOf(store, invoiceStreamId(invoiceId));
  const state: InvoiceState = fold(invoiceDecider, events as unknown as InvoiceEvent[]);
  if (state.status === 'NONE' || state.tenantId !== tenantId)
    throw new Skip(`invoice ${invoiceId} not found`);
  return { state, events };
}

async function serviceOf(store: EventStore, tenantId: string, serviceId: string) {
  const events = await streamOf(store, serviceStreamId(serviceId));
  const state: ServiceState = fold(serviceDecider, events as unknown as ServiceEvent[]);
  if (state.status === 'NONE' || state.tenantId !== tenantId)
    throw new Skip(`service ${serviceId} not found`);
  return { state, events };
}

/** The renewal invoice still unpaid (a proforma), else SKIPPED saying what became of it. */
function stillUnpaid(invoice: InvoiceState, what: string): void {
  if (invoice.status === 'PROFORMA') return;
  throw new Skip(
    invoice.status === 'CANCELLED'
      ? `the invoice was cancelled; ${what}`
      : `the invoice was paid meanwhile; ${what}`,
  );
}

/**
 * Carries out one item. Never throws: a refusal that means "nothing to do any more" is
 * SKIPPED with its reason, any other error FAILED with its message.
 */
export async function executeWork(
  deps: WorkDeps,
  tenantId: string,
  item: AutomationWork,
  at: WorkAt,
): Promise<WorkResult> {
  const ctx: CommandContext = {
    tenantId,
    actor: AUTOMATION_ACTOR,
    commandId: item.commandId,
    correlationId: at.runId,
    causationId: at.runId,
  };
  try {
    return await execute(deps, ctx, item);
  } catch (error) {
    if (error instanceof Skip) return { ...result('SKIPPED'), detail: error.message };
    const message = error instanceof Error ? error.message : String(error);
    return { ...result('FAILED'), detail: message || 'failed' };
  }
}

/** A DomainError CONFLICT from a log-only command: the rules say there is nothing to do. */
function skipOnConflict(error: unknown): never {
  if (error instanceof DomainError && error.code === 'CONFLICT') throw new Skip(error.message);
  throw error;
}

const step = (ctx: CommandContext, name: string): CommandContext => ({
  ...ctx,
  commandId: `${ctx.commandId}:${name}`,
});

async function execute(
  deps: WorkDeps,
  ctx: CommandContext,
  item: AutomationWork,
): Promise<WorkResult> {
  const { store } = deps;
  const tenantId = ctx.tenantId;
  switch (item.kind) {
    case 'RENEWAL_INVOICE': {
      const r = await invoiceRenewal(deps, ctx, {
        serviceId: item.serviceId,
        periodStart: item.periodStart,
        periodEnd: item.periodEnd,
      }).catch(skipOnConflict);
      return result(r.replayed ? 'ALREADY_DONE' : 'DONE', r.position, {
        issued: { invoiceId: r.invoiceId, total: r.total },
      });
    }

    case 'AUTO_PAY': {
      const { state, events } = await invoiceOf(store, tenantId, item.invoiceId);
      const prior = events.find(
        (e) => e.type === 'InvoicePaymentApplied' && e.metadata.causationId === item.commandId,
      );
      if (prior)
        return result('ALREADY_DONE', prior.position, {
          paid: (prior.data as { amount: string }).amount,
        });
      stillUnpaid(state, 'nothing to pay');
      if (!(await loadWallet(store, state.customerId)).autoPay)
        throw new Skip('the customer turned auto-pay off');
      // payFromWallet, not payInvoiceFromWallet: the item's id carries the amount ("autopay:…:12.50").
      const partialAllowed = billingOf(await loadTenant(store, tenantId)).partialPayments;
      const paid = await payFromWallet(deps, ctx, {
        invoiceId: item.invoiceId,
        amount: new D(item.amount),
        partialAllowed,
      }).catch((e: unknown) => {
        // The facts were older than the invoice (another payment came): not this run's to pay.
        if (e instanceof DomainError && e.code === 'BAD_USER_INPUT') throw new Skip(e.message);
        return skipOnConflict(e);
      });
      return result('DONE', paid.position, { paid: paid.paid });
    }

    case 'REMINDER': {
      const r = await handleCommand(deps, ctx, {
        streamId: invoiceStreamId(item.invoiceId),
        decider: invoiceDecider,
        command: (now) => ({
          type: 'RecordReminder' as const,
          reminder: item.reminder,
          dueDate: item.dueDate,
          now,
        }),
      }).catch(skipOnConflict);
      if (r.replayed) return result('ALREADY_DONE', r.position);
      if (r.events.length === 0) throw new Skip(`the ${item.reminder} reminder was already sent`);
      return result('DONE', r.position);
    }

    case 'SUSPEND': {
      const { state: service, events } = await serviceOf(store, tenantId, item.serviceId);
      if (ranBefore(events, item.commandId)) return result('ALREADY_DONE');
      stillUnpaid((await invoiceOf(store, tenantId, item.invoiceId)).state, 'not suspended');
      if (service.status !== 'ACTIVE')
        throw new Skip(`the service is ${service.status.toLowerCase()}; not suspended`);
      if (service.nextDueDate !== item.dueDate)
        throw new Skip(`the service is paid up to ${service.nextDueDate}; not suspended`);
      const r = await suspendService(deps, ctx, {
        serviceId: item.serviceId,
        kind: 'NON_PAYMENT',
        reason: `The invoice due on ${dayText(item.dueDate)} is unpaid`,
      });
      return result(r.position === null ? 'SKIPPED' : 'DONE', r.position);
    }

    case 'TERMINATE': {
      const { state: service, events } = await serviceOf(store, tenantId, item.serviceId);
      const invoice = await invoiceOf(store, tenantId, item.invoiceId);
      const cancelId = step(ctx, 'cancel-invoice');
      if (ranBefore(events, item.commandId)) {
        if (ranBefore(invoice.events, cancelId.commandId) || invoice.state.status !== 'PROFORMA')
          return result('ALREADY_DONE');
      } else {
        stillUnpaid(invoice.state, 'not terminated');
        if (service.status !== 'ACTIVE' && service.status !== 'SUSPENDED')
          throw new Skip(`the service is ${service.status.toLowerCase()}; not terminated`);
        if (service.nextDueDate !== item.dueDate)
          throw new Skip(`the service is paid up to ${service.nextDueDate}; not terminated`);
      }
      const terminated = await terminateService(deps, ctx, {
        serviceId: item.serviceId,
        reason: `The invoice due on ${dayText(item.dueDate)} is unpaid`,
      });
      // The unpaid renewal proforma goes with the service (any part paid back to the wallet).
      let cancelled: Position | null;
      try {
        cancelled = await cancelProforma(
          deps,
          cancelId,
          item.invoiceId,
          'The service was terminated for non-payment',
        );
      } catch (e) {
        return {
          ...result('FAILED', terminated.position),
          detail: `terminated, but its invoice could not be cancelled: ${(e as Error).message}`,
        };
      }
      return result('DONE', laterPosition(terminated.position, cancelled));
    }

    case 'END_OF_PERIOD_TERMINATION': {
      const { state: service, events } = await serviceOf(store, tenantId, item.serviceId);
      if (ranBefore(events, item.commandId)) return result('ALREADY_DONE');
      if (service.cancellation?.when !== 'END_OF_PERIOD')
        throw new Skip('the cancellation was withdrawn; not terminated');
      // Paid beyond the cancellation's day meanwhile: it runs to the end of the paid period.
      if (cancellationEndsOn({ ...service, cancellation: service.cancellation }) !== item.dueDate)
        throw new Skip(`the service is paid up to ${service.nextDueDate}; not terminated`);
      if (service.status !== 'ACTIVE' && service.status !== 'SUSPENDED')
        throw new Skip(`the service is ${service.status.toLowerCase()}; not terminated`);
      const r = await terminateService(deps, ctx, {
        serviceId: item.serviceId,
        reason: `Cancelled at the end of its period (${dayText(item.dueDate)})`,
      });
      return result('DONE', r.position);
    }

    case 'UNSUSPEND': {
      const { state: service, events } = await serviceOf(store, tenantId, item.serviceId);
      if (ranBefore(events, item.commandId)) return result('ALREADY_DONE');
      if (service.status !== 'SUSPENDED' || service.suspension !== 'NON_PAYMENT')
        throw new Skip(
          service.status === 'SUSPENDED'
            ? 'suspended by staff: staff unsuspend it'
            : `the service is ${service.status.toLowerCase()}`,
        );
      const r = await unsuspendService(deps, ctx, {
        serviceId: item.serviceId,
        reason: 'The overdue invoice was paid',
      });
      return result(r.position === null ? 'SKIPPED' : 'DONE', r.position);
    }

    case 'CANCEL_RENEWAL_INVOICE': {
      const { state, events } = await invoiceOf(store, tenantId, item.invoiceId);
      if (ranBefore(events, item.commandId)) return result('ALREADY_DONE');
      stillUnpaid(state, 'not cancelled');
      const position = await cancelProforma(
        deps,
        ctx,
        item.invoiceId,
        'The service is cancelled at the end of its period: it is not renewed',
      ).catch(skipOnConflict);
      return result('DONE', position);
    }

    case 'CANCEL_UNPAID_ORDER': {
      const events = await streamOf(store, orderStreamId(item.orderId));
      const order: OrderState = fold(orderDecider, events as unknown as OrderEvent[]);
      if (order.status === 'NONE' || order.tenantId !== tenantId)
        throw new Skip(`order ${item.orderId} not found`);
      if (ranBefore(events, item.commandId)) return result('ALREADY_DONE');
      if (order.status !== 'PENDING')
        throw new Skip(`the order is ${order.status.toLowerCase()}; not cancelled`);
      if (Date.parse(deps.now().toISOString()) < Date.parse(order.expiresAt))
        throw new Skip(`the order stays open until ${order.expiresAt}`);
      // The proforma first (the authority on payments: refused once paid), then the order.
      const invoice = await cancelProforma(
        deps,
        step(ctx, 'invoice'),
        order.invoiceId,
        'The order was not paid in time',
      ).catch(skipOnConflict);
      const cancelled = await handleCommand(deps, ctx, {
        streamId: orderStreamId(item.orderId),
        decider: orderDecider,
        command: (now) => ({
          type: 'CancelOrder' as const,
          reason: 'EXPIRED' as const,
          cancelledBy: null,
          note: 'Not paid in time',
          now,
        }),
      });
      return result(
        cancelled.replayed ? 'ALREADY_DONE' : 'DONE',
        laterPosition(invoice, cancelled.position),
      );
    }

    default: {
      const unknown: never = item;
      throw new Error(`unknown kind of automation work ${(unknown as { kind: string }).kind}`);
    }
  }
}
