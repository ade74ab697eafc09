/**
 * Renewals (issue 13, BILLING.md "Renewal and dunning"):
 * - `invoiceRenewal`: the next period of a service invoiced, once: RenewalInvoiced on the
 *   service stream (the service's rules: active or suspended, not cancelled, the period starting
 *   on its next due date, one invoice a period) and then its proforma (subject RENEWAL, the
 *   service's recurring lines for the period, GST for the customer). The invoice id and both
 *   steps' command ids derive from the commandId (`renew:<serviceId>:<periodStart>`), so a
 *   retry after a crash between the two issues the proforma the first call recorded, and a
 *   repeat (another run, another app process) is one invoice.
 * - `renewOnPayment`: a renewal invoice paid renews its service (ServiceRenewed, id
 *   `renewed:<invoiceId>`): the next due date moves one cycle from the OLD due date, whenever
 *   the money came. A terminated or cancelled service is not renewed (nothing, no error).
 */
import { z } from 'zod';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { computeInvoiceDocument } from '../../domain/invoices/document.ts';
import {
  invoiceStreamId,
  type InvoicePaid,
  type InvoiceSubject,
} from '../../domain/invoices/events.ts';
import { parseYmd } from '../../domain/services/due-dates.ts';
import { renewalLineInputs } from '../../domain/services/renewal-lines.ts';
import { conflict } from '../../domain/shared/decider.ts';
import { D, inr } from '../../domain/shared/money.ts';
import type { Position } from '../../eventstore/types.ts';
import type { Cause } from '../invoices/clearing.ts';
import { loadInvoice } from '../invoices/wallet-reads.ts';
import { laterPosition } from '../orders/order-context.ts';
import { billingContext } from '../orders/quote-order.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, uuid } from '../shared/validate.ts';
import { applyToService, loadService, type ServiceCommandDeps } from './service-context.ts';

/** The command id the scheduler renews a period under (a replacement invoice adds `:<n>`). */
export const renewalCommandId = (serviceId: string, periodStart: string) =>
  `renew:${serviceId}:${periodStart}`;

/** The renewal proforma's id, from the tenant and the command that issued it. */
export const renewalInvoiceIdOf = (tenantId: string, commandId: string) =>
  uuidFrom(`renewal-invoice:${tenantId}:${commandId}`);

/** The command id a paid renewal invoice renews its service under. */
export const renewedCommandId = (invoiceId: string) => `renewed:${invoiceId}`;

const ymd = z.string().superRefine((s, ctx) => {
  try {
    parseYmd(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Must be a date YYYY-MM-DD.' });
  }
});

const renewalSchema = z.object({ commandId, serviceId: uuid, periodStart: ymd, periodEnd: ymd });

/**
 * The renewal invoice a commandId would issue for a period, as it would be issued now (its id
 * and total with GST), or as it was issued when it exists. Reads only (the automation preview).
 */
export async function renewalQuote(
  deps: ServiceCommandDeps,
  tenantId: string,
  input: { commandId: string; serviceId: string; periodStart: string; periodEnd: string },
): Promise<{ invoiceId: string; total: string }> {
  const invoiceId = renewalInvoiceIdOf(tenantId, input.commandId);
  const existing = await deps.store.readStream(invoiceStreamId(invoiceId));
  const issued = existing.find((e) => e.type === 'ProformaIssued');
  if (issued)
    return {
      invoiceId,
      total: (issued.data as { document: { totals: { total: string } } }).document.totals.total,
    };
  const service = await loadService(deps.store, tenantId, input.serviceId);
  const { supplier, recipient, billing } = await billingContext(deps, tenantId, service.customerId);
  const document = computeInvoiceDocument({
    lines: renewalLineInputs(service.recurringLines, input.periodStart, input.periodEnd),
    supplier,
    recipient,
    roundOff: billing.roundOff,
  });
  return { invoiceId, total: inr(new D(document.totals.total)) };
}

export interface RenewalInvoiceResult {
  serviceId: string;
  invoiceId: string;
  /** The proforma's total with tax. */
  total: string;
  /** True when this commandId had done all of it before (nothing written now). */
  replayed: boolean;
  position: Position | null;
}

const stepOf = (ctx: CommandContext, name: string): CommandContext => ({
  ...ctx,
  commandId: `${ctx.commandId}:${name}`,
  correlationId: ctx.correlationId ?? ctx.commandId,
  causationId: ctx.commandId,
});

/**
 * The system (the scheduler), or staff with billing.manage: the period of a service starting on
 * its next due date invoiced (RenewalInvoiced, then the proforma). A period whose invoice was
 * cancelled is invoiced again under another commandId, the new invoice replacing the old; one
 * whose invoice stands is refused (CONFLICT): never two invoices for one period.
 */
export async function invoiceRenewal(
  deps: ServiceCommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<RenewalInvoiceResult> {
  const cmd = parseInput(renewalSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'billing.manage');
  const service = await loadService(deps.store, ctx.tenantId, cmd.serviceId);
  const invoiceId = renewalInvoiceIdOf(ctx.tenantId, ctx.commandId);

  const recorded = service.renewals[cmd.periodStart];
  let replaces: string | null = null;
  if (recorded !== undefined) {
    if (recorded.invoiceId === invoiceId) replaces = recorded.replaced.at(-1) ?? null;
    else {
      const prior = await loadInvoice(deps.store, ctx.tenantId, recorded.invoiceId);
      if (prior.state.status !== 'CANCELLED')
        throw conflict(
          `The period starting ${cmd.periodStart} is already invoiced (invoice ${recorded.invoiceId}).`,
        );
      replaces = recorded.invoiceId;
    }
  }

  const renewed = await applyToService(deps, stepOf(ctx, 'service'), cmd.serviceId, (now) => ({
    type: 'InvoiceRenewal',
    invoiceId,
    periodStart: cmd.periodStart,
    periodEnd: cmd.periodEnd,
    replaces,
    now,
  }));

  const { supplier, recipient, billing } = await billingContext(
    deps,
    ctx.tenantId,
    service.customerId,
  );
  const subject: InvoiceSubject = {
    kind: 'RENEWAL',
    serviceId: cmd.serviceId,
    periodStart: cmd.periodStart,
    periodEnd: cmd.periodEnd,
  };
  const lines = renewalLineInputs(service.recurringLines, cmd.periodStart, cmd.periodEnd);
  const issued = await handleCommand(deps, stepOf(ctx, 'invoice'), {
    streamId: invoiceStreamId(invoiceId),
    decider: invoiceDecider,
    command: (now) => ({
      type: 'IssueProforma' as const,
      tenantId: ctx.tenantId,
      invoiceId,
      customerId: service.customerId,
      orderId: null,
      lines,
      supplier,
      recipient,
      roundOff: billing.roundOff,
      subject,
      now,
    }),
    // The invoice is the id and its subject; the lines and parties are as they are when it is
    // first issued (a retry after a plan change or a profile edit is the same invoice).
    perAttempt: {
      lines: undefined,
      supplier: undefined,
      recipient: undefined,
      roundOff: undefined,
    },
  });
  return {
    serviceId: cmd.serviceId,
    invoiceId,
    total: inr(issued.state.total),
    replayed: renewed.replayed && issued.replayed,
    position: laterPosition(renewed.position, issued.position),
  };
}

/**
 * The renewals process on InvoicePaid: a RENEWAL invoice paid → its service renewed for the
 * period it billed (next due date from the old one). Another invoice, a service terminated or
 * cancelled meanwhile: nothing. The same payment again: nothing more.
 */
export async function renewOnPayment(
  deps: ServiceCommandDeps,
  cause: Cause,
  invoiceId: string,
): Promise<Position | null> {
  const events = await deps.store.readStream(invoiceStreamId(invoiceId));
  const issued = events.find((e) => e.type === 'ProformaIssued');
  const subject = (issued?.data as { subject?: InvoiceSubject | null } | undefined)?.subject;
  if (subject?.kind !== 'RENEWAL') return null;
  const paid = events.find((e) => e.type === 'InvoicePaid');
  if (!paid) return null;
  const service = await loadService(deps.store, cause.tenantId, subject.serviceId);
  if (service.status === 'TERMINATED' || service.status === 'CANCELLED') return null;
  const ctx: CommandContext = {
    tenantId: cause.tenantId,
    actor: { userId: 'system', role: 'system' },
    commandId: renewedCommandId(invoiceId),
    correlationId: cause.correlationId,
    causationId: cause.causationId,
  };
  try {
    const result = await applyToService(deps, ctx, subject.serviceId, (now) => ({
      type: 'RenewService',
      invoiceId,
      paidAt: (paid.data as InvoicePaid['data']).paidAt,
      now,
    }));
    return result.position;
  } catch (error) {
    // Terminated between the look and the write: still nothing to renew.
    const now = await loadService(deps.store, cause.tenantId, subject.serviceId);
    if (now.status === 'TERMINATED' || now.status === 'CANCELLED') return null;
    throw error;
  }
}
