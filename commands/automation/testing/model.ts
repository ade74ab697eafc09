/**
 * Test support for the billing-automation model test (automation.model.int.test.ts): the
 * invariants of issue 13 ("Exactly once, proven") read from the log itself. `checkLog` folds one
 * tenant's events in their global order and returns every rule broken, as sentences naming the
 * service or invoice, so a counterexample reads by itself. Nothing here writes.
 */
import { dayNumber } from '../../../domain/automation/days.ts';
import { reminderSchedule } from '../../../domain/automation/schedule.ts';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../../domain/automation/settings.ts';
import type {
  InvoicePaid,
  InvoicePaymentApplied,
  InvoicePaymentRefunded,
  InvoiceReminderSent,
  InvoiceSubject,
  ProformaIssued,
  TaxInvoiceIssued,
} from '../../../domain/invoices/events.ts';
import { serviceDecider, type ServiceState } from '../../../domain/services/decider.ts';
import { addMonthsAnchored, todayInIndia } from '../../../domain/services/due-dates.ts';
import type { ServiceEvent, ServiceSuspended } from '../../../domain/services/events.ts';
import { D, inr, type Dec } from '../../../domain/shared/money.ts';
import { walletDecider, type WalletState } from '../../../domain/wallet/decider.ts';
import type { WalletEvent } from '../../../domain/wallet/events.ts';
import type { RecordedEvent } from '../../../eventstore/types.ts';

export const SETTINGS = DEFAULT_AUTOMATION_SETTINGS;

const dayOf = (e: RecordedEvent) => todayInIndia(e.metadata.occurredAt);
const short = (id: string) => id.slice(0, 8);

/** A renewal invoice as its stream says, with where (global index) things happened. */
export interface RenewalView {
  invoiceId: string;
  serviceId: string;
  customerId: string;
  periodStart: string;
  periodEnd: string;
  total: Dec;
  /** Net of refunds. */
  paid: Dec;
  payments: { paymentId: string; walletPaymentId: string | null; amount: Dec; refunded: boolean }[];
  paidAt: number | null;
  cancelledAt: number | null;
  taxInvoiceNumber: string | null;
  reminders: { kind: string; day: string; at: number }[];
}

/** What the log says, folded for the checks and for the test's model. */
export interface LogView {
  services: Map<string, ServiceState>;
  renewals: RenewalView[];
  wallets: Map<string, WalletState>;
  /** Every invoice's applied WALLET payments (order invoices too): walletPaymentId → amount. */
  walletPaymentsApplied: Map<string, { invoiceId: string; amount: Dec; refunded: boolean }>;
  problems: string[];
}

/** The current period's renewal invoice of a service (periodStart = nextDueDate, not cancelled). */
export function currentRenewal(view: LogView, serviceId: string): RenewalView | null {
  const s = view.services.get(serviceId);
  if (!s) return null;
  return (
    view.renewals.find(
      (r) => r.serviceId === serviceId && r.periodStart === s.nextDueDate && r.cancelledAt === null,
    ) ?? null
  );
}

/**
 * One tenant's log folded in global order, with the safety invariants checked at the event
 * where each could break:
 * - one renewal invoice per service and period not cancelled, never two paid;
 * - a suspension for non-payment only ≥ suspendAfterDays after the due date with its invoice
 *   unpaid at that moment; a termination for non-payment only ≥ terminateAfterDays; an
 *   end-of-period termination only on or after its day and never while a later period is paid;
 * - a reminder kind once per invoice, on or after its day, never on a paid or cancelled one;
 * - no wallet below zero, at any event;
 * - an invoice's payments never above its total, a paid one's equal to it, each paid renewal
 *   with its tax invoice number (unique in the tenant);
 * - every applied wallet payment has its wallet debit (same amount, not reversed) and every
 *   wallet debit for an invoice is applied to it or reversed;
 * - a renewal moves the next due date one cycle from the OLD due date, by a paid invoice of that
 *   period; no renewal invoice is paid for a service already terminated.
 */
export function checkLog(all: readonly RecordedEvent[], tenantId: string): LogView {
  const problems: string[] = [];
  const services = new Map<string, ServiceState>();
  const wallets = new Map<string, WalletState>();
  const renewals = new Map<string, RenewalView>();
  const invoiceTotals = new Map<string, { total: Dec; paid: Dec; cleared: boolean }>();
  const walletPaymentsApplied = new Map<
    string,
    { invoiceId: string; amount: Dec; refunded: boolean }
  >();
  const numbers = new Map<string, string>();
  const terminatedAt = new Map<string, number>();

  all.forEach((e, at) => {
    if (e.metadata.tenantId !== tenantId) return;
    const data = e.data as Record<string, unknown>;
    if (e.streamId.startsWith('service-')) {
      const before =
        services.get(e.streamId.slice('service-'.length)) ?? serviceDecider.initialState;
      const after = serviceDecider.evolve(before, e as unknown as ServiceEvent);
      services.set(after.serviceId, after);
      checkServiceEvent(e, before, after, at);
      return;
    }
    if (e.streamId.startsWith('wallet-')) {
      const customerId = e.streamId.slice('wallet-'.length);
      const before = wallets.get(customerId) ?? walletDecider.initialState;
      const after = walletDecider.evolve(before, e as unknown as WalletEvent);
      wallets.set(customerId, after);
      if (after.balance.lt(0))
        problems.push(
          `wallet of ${short(customerId)} below zero (₹${inr(after.balance)}) at ${e.type}`,
        );
      return;
    }
    if (!e.streamId.startsWith('invoice-')) return;
    const invoiceId = data.invoiceId as string;
    if (e.type === 'ProformaIssued') {
      const d = data as ProformaIssued['data'];
      invoiceTotals.set(invoiceId, {
        total: new D(d.document.totals.total),
        paid: new D(0),
        cleared: false,
      });
      const subject = d.subject as InvoiceSubject | null | undefined;
      if (subject?.kind === 'RENEWAL')
        renewals.set(invoiceId, {
          invoiceId,
          serviceId: subject.serviceId,
          customerId: d.customerId,
          periodStart: subject.periodStart,
          periodEnd: subject.periodEnd,
          total: new D(d.document.totals.total),
          paid: new D(0),
          payments: [],
          paidAt: null,
          cancelledAt: null,
          taxInvoiceNumber: null,
          reminders: [],
        });
      return;
    }
    const totals = invoiceTotals.get(invoiceId);
    const r = renewals.get(invoiceId);
    switch (e.type) {
      case 'InvoicePaymentApplied': {
        const d = data as InvoicePaymentApplied['data'];
        const amount = new D(d.amount);
        if (totals) {
          totals.paid = totals.paid.plus(amount);
          if (totals.paid.gt(totals.total))
            problems.push(
              `invoice ${short(invoiceId)} paid ₹${inr(totals.paid)}, more than its ₹${inr(totals.total)}`,
            );
        }
        const walletPaymentId = d.method.kind === 'WALLET' ? d.method.walletPaymentId : null;
        if (walletPaymentId !== null) {
          if (walletPaymentsApplied.has(walletPaymentId))
            problems.push(`wallet payment ${short(walletPaymentId)} applied twice`);
          walletPaymentsApplied.set(walletPaymentId, { invoiceId, amount, refunded: false });
        }
        if (r) {
          r.paid = r.paid.plus(amount);
          r.payments.push({ paymentId: d.paymentId, walletPaymentId, amount, refunded: false });
          if (terminatedAt.has(r.serviceId))
            problems.push(
              `renewal invoice ${short(invoiceId)} (${r.periodStart}) took ₹${inr(amount)} after its service ${short(r.serviceId)} was terminated`,
            );
        }
        return;
      }
      case 'InvoicePaymentRefunded': {
        const d = data as InvoicePaymentRefunded['data'];
        if (totals) totals.paid = totals.paid.minus(d.amount);
        if (d.method.kind === 'WALLET') {
          const applied = walletPaymentsApplied.get(d.method.walletPaymentId);
          if (applied) applied.refunded = true;
        }
        if (r) {
          r.paid = r.paid.minus(d.amount);
          for (const p of r.payments) if (p.paymentId === d.paymentId) p.refunded = true;
        }
        return;
      }
      case 'InvoicePaid': {
        const d = data as InvoicePaid['data'];
        if (totals) {
          totals.cleared = true;
          if (!totals.paid.eq(totals.total))
            problems.push(
              `invoice ${short(invoiceId)} marked paid with ₹${inr(totals.paid)} of ₹${inr(totals.total)}`,
            );
          if (!new D(d.total).eq(totals.total))
            problems.push(`invoice ${short(invoiceId)} paid total ${d.total} ≠ its total`);
        }
        if (r) {
          if (r.cancelledAt !== null)
            problems.push(`invoice ${short(invoiceId)} paid after cancelled`);
          const twin = [...renewals.values()].find(
            (o) =>
              o !== r &&
              o.serviceId === r.serviceId &&
              o.periodStart === r.periodStart &&
              o.paidAt !== null,
          );
          if (twin)
            problems.push(
              `two paid renewal invoices for ${short(r.serviceId)} period ${r.periodStart}: ${short(twin.invoiceId)} and ${short(invoiceId)}`,
            );
          r.paidAt = at;
        }
        return;
      }
      case 'TaxInvoiceIssued': {
        const d = data as TaxInvoiceIssued['data'];
        const prior = numbers.get(d.invoiceNumber);
        if (prior !== undefined && prior !== invoiceId)
          problems.push(`tax invoice number ${d.invoiceNumber} given twice`);
        numbers.set(d.invoiceNumber, invoiceId);
        if (r) {
          if (r.paidAt === null) problems.push(`tax invoice for unpaid ${short(invoiceId)}`);
          r.taxInvoiceNumber = d.invoiceNumber;
        }
        return;
      }
      case 'ProformaCancelled':
        if (r) r.cancelledAt = at;
        return;
      case 'InvoiceReminderSent': {
        if (!r) return;
        const d = data as InvoiceReminderSent['data'];
        const day = dayOf(e);
        if (r.reminders.some((x) => x.kind === d.reminder))
          problems.push(`reminder ${d.reminder} recorded twice for invoice ${short(invoiceId)}`);
        if (r.paidAt !== null || r.cancelledAt !== null)
          problems.push(
            `reminder ${d.reminder} for invoice ${short(invoiceId)} after it was ${r.paidAt !== null ? 'paid' : 'cancelled'}`,
          );
        const kind = reminderSchedule(SETTINGS).find((k) => k.kind === d.reminder);
        if (!kind) problems.push(`unknown reminder kind ${d.reminder}`);
        else if (dayNumber(day) - dayNumber(r.periodStart) < kind.offset)
          problems.push(
            `reminder ${d.reminder} for invoice ${short(invoiceId)} due ${r.periodStart} sent early on ${day}`,
          );
        r.reminders.push({ kind: d.reminder, day, at });
        return;
      }
    }
  });

  function checkServiceEvent(
    e: RecordedEvent,
    before: ServiceState,
    after: ServiceState,
    at: number,
  ) {
    const id = short(after.serviceId);
    const day = dayOf(e);
    const due = before.nextDueDate;
    const current = () =>
      [...renewals.values()].find(
        (r) => r.serviceId === after.serviceId && r.periodStart === due && r.cancelledAt === null,
      );
    switch (e.type) {
      case 'RenewalInvoiced': {
        const d = e.data as { periodStart: string; invoiceId: string };
        const standing = [...renewals.values()].filter(
          (r) =>
            r.serviceId === after.serviceId &&
            r.periodStart === d.periodStart &&
            r.cancelledAt === null &&
            r.invoiceId !== d.invoiceId,
        );
        if (standing.length > 0)
          problems.push(
            `a second renewal invoice for ${id} period ${d.periodStart} while ${short(standing[0]!.invoiceId)} stands`,
          );
        return;
      }
      case 'ServiceSuspended': {
        if ((e.data as ServiceSuspended['data']).kind !== 'NON_PAYMENT') return;
        const late = dayNumber(day) - dayNumber(due);
        if (late < SETTINGS.suspendAfterDays)
          problems.push(`${id} suspended on ${day}, ${late} days after its due date ${due}`);
        const invoice = current();
        if (invoice?.paidAt !== null && invoice?.paidAt !== undefined)
          problems.push(`${id} suspended on ${day} although its invoice for ${due} was paid`);
        return;
      }
      case 'ServiceTerminated': {
        terminatedAt.set(after.serviceId, at);
        const c = before.cancellation;
        if (c?.when === 'IMMEDIATE') return;
        if (c?.when === 'END_OF_PERIOD') {
          // On the cancellation's day, or later when a later period was paid: never cut short.
          if (day < c.effectiveOn || day < due)
            problems.push(
              `${id} terminated on ${day} (cancelled for the end of its period ${c.effectiveOn}) although it is paid up to ${due}`,
            );
          return;
        }
        const late = dayNumber(day) - dayNumber(due);
        if (late < SETTINGS.terminateAfterDays)
          problems.push(`${id} terminated on ${day}, ${late} days after its due date ${due}`);
        const invoice = current();
        if (invoice?.paidAt !== null && invoice?.paidAt !== undefined)
          problems.push(`${id} terminated on ${day} although its invoice for ${due} was paid`);
        return;
      }
      case 'ServiceRenewed': {
        const d = e.data as { invoiceId: string; periodStart: string; nextDueDate: string };
        const r = renewals.get(d.invoiceId);
        if (d.periodStart !== due)
          problems.push(`${id} renewed for ${d.periodStart} while due on ${due}`);
        const expected = addMonthsAnchored(due, before.months, before.anchorDay);
        if (d.nextDueDate !== expected)
          problems.push(
            `${id} renewed to ${d.nextDueDate}; from the old due date ${due} it is ${expected}`,
          );
        if (!r || r.paidAt === null)
          problems.push(`${id} renewed by invoice ${short(d.invoiceId)} that is not paid`);
        return;
      }
    }
  }

  // At the end of the step: each paid renewal numbered; debits and payments reconciled.
  for (const r of renewals.values())
    if (r.paidAt !== null && r.taxInvoiceNumber === null)
      problems.push(
        `renewal invoice ${short(r.invoiceId)} (${r.periodStart}) paid without its tax invoice`,
      );
  for (const [walletPaymentId, applied] of walletPaymentsApplied) {
    if (applied.refunded) continue;
    const customer = [...wallets.values()].find((w) => w.payments.has(walletPaymentId));
    const debit = customer?.payments.get(walletPaymentId);
    if (!debit || debit.reversed || !debit.amount.eq(applied.amount))
      problems.push(
        `invoice ${short(applied.invoiceId)}: wallet payment ${short(walletPaymentId)} of ₹${inr(applied.amount)} has no matching debit`,
      );
  }
  for (const [customerId, w] of wallets)
    for (const [paymentId, debit] of w.payments) {
      if (debit.reversed || !paymentIsForInvoice(all, tenantId, customerId, paymentId)) continue;
      const applied = walletPaymentsApplied.get(paymentId);
      if (!applied || applied.refunded)
        problems.push(
          `wallet of ${short(customerId)} debited ₹${inr(debit.amount)} for an invoice (${short(paymentId)}) that never got it`,
        );
    }
  return {
    services,
    renewals: [...renewals.values()],
    wallets,
    walletPaymentsApplied,
    problems,
  };
}

/** A wallet debit taken by an invoice payment (its description names the invoice). */
function paymentIsForInvoice(
  all: readonly RecordedEvent[],
  tenantId: string,
  customerId: string,
  paymentId: string,
) {
  return all.some(
    (e) =>
      e.metadata.tenantId === tenantId &&
      e.type === 'WalletDebited' &&
      e.streamId === `wallet-${customerId}` &&
      (e.data as { paymentId: string }).paymentId === paymentId &&
      (e.data as { description: string }).description.startsWith('Invoice '),
  );
}
