import type { CancellationWhen, ServiceStatus, SuspensionKind } from '../services/events.ts';
import { cancellationEndsOn } from '../services/decider.ts';
import { addMonthsAnchored, parseYmd, todayInIndia } from '../services/due-dates.ts';
import { badInput } from '../shared/decider.ts';
import { inr, MoneyError, parseInr, type Dec } from '../shared/money.ts';
import { dayNumber } from './days.ts';
import type { AutomationSettings } from './settings.ts';

/**
 * What the scheduler owes one service right now (BILLING.md "Renewal and dunning"), as work
 * items with deterministic command ids: running the same facts at any later instant yields the
 * same id for the same effect, so a repeated or concurrent run is deduplicated by the command
 * store. Pure: the facts and the instant come in; days are Indian calendar days.
 */

export type ReminderKind = 'BEFORE_DUE' | 'ON_DUE' | `OVERDUE_${number}`;

export type RenewalInvoiceStatus = 'UNPAID' | 'PARTLY_PAID' | 'PAID' | 'CANCELLED';

/** A renewal invoice (proforma) issued for one period of the service. */
export interface RenewalInvoiceFact {
  invoiceId: string;
  /** The period it bills starts on this day, which is also the invoice's due date. */
  periodStart: string;
  status: RenewalInvoiceStatus;
  /** What is still to pay, "0.00" when paid. */
  amountDue: string;
  /** The instant it was paid in full, null until then. */
  paidAt: string | null;
  remindersSent: readonly ReminderKind[];
}

export interface ServiceFacts {
  serviceId: string;
  /** Whose wallet pays it (services of one customer share it within a run). */
  customerId: string;
  status: ServiceStatus | 'NONE';
  suspension: SuspensionKind | null;
  /** The paid period ends here; the next period starts here. */
  nextDueDate: string;
  anchorDay: number;
  months: number;
  cancellation: { when: CancellationWhen; effectiveOn: string } | null;
  invoices: readonly RenewalInvoiceFact[];
  /** The customer's wallet and auto-pay choice; the tenant's partial-payment setting. */
  wallet: { balance: string; autoPay: boolean; partialPayments: boolean };
}

export type WorkItem =
  | {
      kind: 'RENEWAL_INVOICE';
      commandId: string;
      serviceId: string;
      /** = the due date of the invoice (the service's nextDueDate). */
      periodStart: string;
      /** The next due date once this period is paid. */
      periodEnd: string;
    }
  | { kind: 'AUTO_PAY'; commandId: string; serviceId: string; invoiceId: string; amount: string }
  | {
      kind: 'REMINDER';
      commandId: string;
      serviceId: string;
      invoiceId: string;
      reminder: ReminderKind;
      dueDate: string;
    }
  | { kind: 'SUSPEND'; commandId: string; serviceId: string; invoiceId: string; dueDate: string }
  | { kind: 'TERMINATE'; commandId: string; serviceId: string; invoiceId: string; dueDate: string }
  | { kind: 'UNSUSPEND'; commandId: string; serviceId: string; invoiceId: string }
  | { kind: 'CANCEL_RENEWAL_INVOICE'; commandId: string; serviceId: string; invoiceId: string }
  | { kind: 'END_OF_PERIOD_TERMINATION'; commandId: string; serviceId: string; dueDate: string };

export type WorkKind = WorkItem['kind'];

const OPEN: ReadonlySet<RenewalInvoiceStatus> = new Set(['UNPAID', 'PARTLY_PAID']);

function money(input: string, field: string): Dec {
  try {
    return parseInr(input, field);
  } catch (e) {
    throw badInput(field, (e as MoneyError).message); // parseInr throws only MoneyError
  }
}

/**
 * The next due date once the period starting at `nextDueDate` is paid: counted from the old due
 * date on the service's anchor day, whenever the payment came (`paidAt` is checked, not used).
 */
export function nextDueAfterPayment(
  service: Pick<ServiceFacts, 'nextDueDate' | 'anchorDay' | 'months'>,
  paidAt: string,
): { periodStart: string; nextDueDate: string } {
  todayInIndia(paidAt);
  if (!Number.isSafeInteger(service.months) || service.months < 1)
    throw badInput('months', 'A billing cycle is a whole number of months, at least 1.');
  return {
    periodStart: service.nextDueDate,
    nextDueDate: addMonthsAnchored(service.nextDueDate, service.months, service.anchorDay),
  };
}

/** The reminder kinds in the order they fall, each with its day relative to the due date. */
export function reminderSchedule(
  settings: AutomationSettings,
): { kind: ReminderKind; offset: number }[] {
  const out: { kind: ReminderKind; offset: number }[] = [
    { kind: 'BEFORE_DUE', offset: -settings.reminderDaysBefore },
  ];
  if (settings.remindOnDueDate) out.push({ kind: 'ON_DUE', offset: 0 });
  for (const d of settings.overdueNoticeDays) out.push({ kind: `OVERDUE_${d}`, offset: d });
  return out;
}

/**
 * The reminder due on `today` for a due date: the latest kind whose day has come, unless it was
 * sent. A kind whose successor's day has come is stale (a run missed it) and is never sent late.
 */
function reminderDue(
  settings: AutomationSettings,
  sinceDue: number,
  sent: readonly ReminderKind[],
): ReminderKind | null {
  const current = reminderSchedule(settings)
    .filter((r) => r.offset <= sinceDue)
    .at(-1)?.kind;
  return current !== undefined && !sent.includes(current) ? current : null;
}

function autoPayAmount(facts: ServiceFacts, due: Dec): Dec | null {
  const balance = money(facts.wallet.balance, 'wallet.balance');
  if (balance.gte(due)) return due;
  if (facts.wallet.partialPayments && balance.gt(0)) return balance;
  return null;
}

/**
 * The work due for one service at instant `asOf`. Rules:
 * - only ACTIVE and SUSPENDED services are billed and chased; other states owe nothing;
 * - one renewal invoice per period (one not CANCELLED for periodStart = nextDueDate), issued
 *   from `renewalDaysBefore` days before the due date (late runs catch up);
 * - an end-of-period cancellation issues no renewal, cancels an open renewal invoice and
 *   terminates on its effective day (or at the end of a later period paid meanwhile);
 * - auto-pay comes first; when it pays the invoice in full nothing else is due for it this run;
 * - dunning needs an open invoice for the current period: suspend from due + suspendAfterDays,
 *   terminate from due + terminateAfterDays (then no suspension first), reminders per kind once;
 * - a service suspended for NON_PAYMENT whose period covering today is paid is unsuspended.
 */
export function dueWork(
  facts: ServiceFacts,
  settings: AutomationSettings,
  asOf: string,
): WorkItem[] {
  const today = dayNumber(todayInIndia(asOf));
  const { serviceId, status } = facts;
  if (status !== 'ACTIVE' && status !== 'SUSPENDED') return [];
  const due = facts.nextDueDate;
  parseYmd(due, 'nextDueDate');
  const sinceDue = today - dayNumber(due);
  const invoice = facts.invoices.find((i) => i.periodStart === due && i.status !== 'CANCELLED');
  const open = invoice !== undefined && OPEN.has(invoice.status) ? invoice : null;
  const work: WorkItem[] = [];

  const unsuspend = unsuspendDue(facts, today, invoice);
  if (unsuspend) work.push(unsuspend);

  const cancellation = facts.cancellation;
  if (cancellation !== null) {
    if (cancellation.when === 'IMMEDIATE') return work;
    if (open)
      work.push({
        kind: 'CANCEL_RENEWAL_INVOICE',
        commandId: `cancel-renewal:${open.invoiceId}`,
        serviceId,
        invoiceId: open.invoiceId,
      });
    dayNumber(cancellation.effectiveOn, 'cancellation.effectiveOn');
    const endsOn = cancellationEndsOn({ nextDueDate: due, cancellation });
    if (today >= dayNumber(endsOn))
      work.push({
        kind: 'END_OF_PERIOD_TERMINATION',
        commandId: `terminate:${serviceId}:${endsOn}`,
        serviceId,
        dueDate: endsOn,
      });
    return work;
  }

  if (invoice === undefined) {
    // A period whose invoice was cancelled (a withdrawn end-of-period cancellation) is billed
    // again under a new id: the old id is spent in the command store.
    const cancelled = facts.invoices.filter((i) => i.periodStart === due).length;
    if (sinceDue >= -settings.renewalDaysBefore)
      work.push({
        kind: 'RENEWAL_INVOICE',
        commandId: `renew:${serviceId}:${due}${cancelled > 0 ? `:${cancelled}` : ''}`,
        serviceId,
        periodStart: due,
        periodEnd: nextDueAfterPayment(facts, asOf).nextDueDate,
      });
    return work;
  }
  if (open === null) return work;

  const invoiceId = open.invoiceId;
  // A full auto-payment settles the period: no reminder, suspension or termination this run
  // (the peers' "suspended although the money was there"). A partial one leaves dunning on.
  if (settings.autoPay && facts.wallet.autoPay) {
    const amountDue = money(open.amountDue, 'amountDue');
    const amount = amountDue.gt(0) ? autoPayAmount(facts, amountDue) : null;
    if (amount !== null) {
      work.push({
        kind: 'AUTO_PAY',
        commandId: `autopay:${invoiceId}:${inr(amountDue)}`,
        serviceId,
        invoiceId,
        amount: inr(amount),
      });
      if (amount.eq(amountDue)) return work;
    }
  }

  if (sinceDue >= settings.terminateAfterDays) {
    work.push({
      kind: 'TERMINATE',
      commandId: `terminate:${serviceId}:${due}`,
      serviceId,
      invoiceId,
      dueDate: due,
    });
    return work;
  }

  const reminder = reminderDue(settings, sinceDue, open.remindersSent);
  if (reminder !== null)
    work.push({
      kind: 'REMINDER',
      commandId: `remind:${invoiceId}:${reminder}`,
      serviceId,
      invoiceId,
      reminder,
      dueDate: due,
    });

  if (status === 'ACTIVE' && sinceDue >= settings.suspendAfterDays)
    work.push({
      kind: 'SUSPEND',
      commandId: `suspend:${serviceId}:${due}`,
      serviceId,
      invoiceId,
      dueDate: due,
    });
  return work;
}

/** Where a cancellation at the end of the period ends (the services' rule, for the automation's callers). */
export { cancellationEndsOn };

/**
 * Suspended for NON_PAYMENT and nothing owed up to today: the current period's invoice is paid
 * (the due date not moved yet), or the due date lies ahead (the late payment moved it). The id
 * names the paid invoice that ended the suspension.
 */
function unsuspendDue(
  facts: ServiceFacts,
  today: number,
  current: RenewalInvoiceFact | undefined,
): WorkItem | null {
  if (facts.status !== 'SUSPENDED' || facts.suspension !== 'NON_PAYMENT') return null;
  if (current?.status !== 'PAID' && dayNumber(facts.nextDueDate) <= today) return null;
  let paid: RenewalInvoiceFact | null = null;
  for (const i of facts.invoices)
    if (i.status === 'PAID' && (paid === null || i.periodStart > paid.periodStart)) paid = i;
  if (paid === null) return null;
  return {
    kind: 'UNSUSPEND',
    commandId: `unsuspend:${facts.serviceId}:${paid.invoiceId}`,
    serviceId: facts.serviceId,
    invoiceId: paid.invoiceId,
  };
}

/**
 * An unpaid new order is cancelled once it expired: at `expiresAt` (OrderPlaced; the tenant's
 * BillingSettings.unpaidOrderDays set it when the order was placed).
 */
export function unpaidOrderDue(
  order: { orderId: string; expiresAt: string; paid: boolean; cancelled: boolean },
  asOf: string,
): { kind: 'CANCEL_UNPAID_ORDER'; commandId: string; orderId: string } | null {
  if (order.paid || order.cancelled) return null;
  const expires = Date.parse(order.expiresAt);
  if (Number.isNaN(expires))
    throw badInput('expiresAt', `The expiresAt "${order.expiresAt}" is not an instant.`);
  const at = Date.parse(asOf);
  if (Number.isNaN(at)) throw badInput('asOf', `The asOf "${asOf}" is not an instant.`);
  if (at < expires) return null;
  return {
    kind: 'CANCEL_UNPAID_ORDER',
    commandId: `cancel-order:${order.orderId}`,
    orderId: order.orderId,
  };
}

/** For callers that total work by kind (preview and run history). */
export function countByKind(items: readonly { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
  return counts;
}
