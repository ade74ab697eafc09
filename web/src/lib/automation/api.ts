import { query } from '$lib/graphql/client';
import * as ops from '$lib/graphql/generated/operations';
import { formatDay } from '$lib/services/api';
import type {
  AutomationItemOutcome,
  AutomationJob,
  AutomationRunTrigger,
  AutomationWorkKind,
} from '$lib/graphql/generated/operations';

/*
 * Billing automation (issue 13): the admin Automation page (preview as of a day, the three run
 * buttons, run history and a run's effects, the settings), the renewal facts on the customer's
 * Billing pages and the auto-pay switch on the Wallet page. The operations live in
 * automation.graphql; `npm run codegen` checks them against graphql/automation/automation.graphql.
 */
export type {
  AutomationItemOutcome,
  AutomationJob,
  AutomationRunTrigger,
  AutomationSettingsInput,
  AutomationWorkKind,
} from '$lib/graphql/generated/operations';

export type AutomationItem = ops.AutomationItemFieldsFragment;
export type AutomationCount = ops.AutomationCountFieldsFragment;
export type AutomationRunRow = ops.AutomationRunRowFieldsFragment;
export type AutomationRunDetail = NonNullable<ops.AutomationRunQuery['automationRun']>;
export type AutomationPreview = ops.AutomationPreviewQuery['automationPreview'];
export type AutomationSettings = ops.AutomationSettingsFieldsFragment;
export type InvoiceRenewal = ops.InvoiceRenewalFieldsFragment;
export type RenewalService = ops.BillingRenewalsQuery['services']['items'][number];

export const AutomationPreviewQuery = ops.AutomationPreviewDocument;
export const AutomationRunsQuery = ops.AutomationRunsDocument;
export const AutomationRunQuery = ops.AutomationRunDocument;
export const AutomationSettingsQuery = ops.AutomationSettingsDocument;
export const RunAutomationMutation = ops.RunAutomationDocument;
export const UpdateAutomationSettingsMutation = ops.UpdateAutomationSettingsDocument;
export const BillingRenewalsQuery = ops.BillingRenewalsDocument;
export const InvoiceRenewalQuery = ops.InvoiceRenewalDocument;
export const InvoiceRenewalServiceQuery = ops.InvoiceRenewalServiceDocument;
export const WalletAutoPayQuery = ops.WalletAutoPayDocument;
export const SetAutoPayMutation = ops.SetAutoPayDocument;

/** Staff permissions of the area (domain/automation/permissions.ts). */
export const AUTOMATION_READ = 'automation.read';
export const AUTOMATION_RUN = 'automation.run';
export const AUTOMATION_SETTINGS = 'automation.settings';

/** Runs of the history shown per page. */
export const runPageSize = 20;

/** Every kind in the order a run does them (the preview's and a run's counts follow it). */
export const workKinds: readonly AutomationWorkKind[] = [
  'RENEWAL_INVOICE',
  'AUTO_PAY',
  'CANCEL_RENEWAL_INVOICE',
  'END_OF_PERIOD_TERMINATION',
  'REMINDER',
  'SUSPEND',
  'TERMINATE',
  'UNSUSPEND',
  'CANCEL_UNPAID_ORDER',
];

export const kindLabels: Record<AutomationWorkKind, string> = {
  RENEWAL_INVOICE: 'Renewal invoice',
  AUTO_PAY: 'Auto-payment',
  CANCEL_RENEWAL_INVOICE: 'Renewal invoice cancelled',
  END_OF_PERIOD_TERMINATION: 'End-of-period termination',
  REMINDER: 'Reminder',
  SUSPEND: 'Suspension',
  TERMINATE: 'Termination',
  UNSUSPEND: 'Unsuspension',
  CANCEL_UNPAID_ORDER: 'Unpaid order cancelled',
};

/** Plural labels for the counts ("3 renewal invoices"). */
export const kindPlurals: Record<AutomationWorkKind, string> = {
  RENEWAL_INVOICE: 'renewal invoices',
  AUTO_PAY: 'auto-payments',
  CANCEL_RENEWAL_INVOICE: 'renewal invoices cancelled',
  END_OF_PERIOD_TERMINATION: 'end-of-period terminations',
  REMINDER: 'reminders',
  SUSPEND: 'suspensions',
  TERMINATE: 'terminations',
  UNSUSPEND: 'unsuspensions',
  CANCEL_UNPAID_ORDER: 'unpaid orders cancelled',
};

export const jobLabels: Record<AutomationJob, string> = {
  RENEWALS: 'Renewals',
  REMINDERS: 'Reminders',
  SUSPENSIONS: 'Suspensions',
  UNPAID_ORDERS: 'Unpaid orders',
  ALL: 'Everything',
};

export const jobs: readonly AutomationJob[] = [
  'ALL',
  'RENEWALS',
  'REMINDERS',
  'SUSPENSIONS',
  'UNPAID_ORDERS',
];

export const outcomeLabels: Record<AutomationItemOutcome, string> = {
  DONE: 'Done',
  ALREADY_DONE: 'Already done',
  SKIPPED: 'Skipped',
  FAILED: 'Failed',
};

export const triggerLabels: Record<AutomationRunTrigger, string> = {
  SCHEDULE: 'Schedule',
  STAFF: 'Staff',
};

/** The three buttons of the page (the product documents' wording), each a job. */
export interface RunButton {
  job: AutomationJob;
  label: string;
  /** What the confirmation says it does. */
  does: string;
  testid: string;
}

export const runButtons: readonly RunButton[] = [
  {
    job: 'RENEWALS',
    label: 'Generate renewal invoices',
    does: 'Issues the renewal invoices due, pays them from wallets that cover them (where auto-pay is on) and handles end-of-period cancellations.',
    testid: 'run-renewals',
  },
  {
    job: 'SUSPENSIONS',
    label: 'Suspend overdue services',
    does: 'Suspends services overdue past the suspension days, terminates those overdue past the termination days, and unsuspends those paid since.',
    testid: 'run-suspensions',
  },
  {
    job: 'ALL',
    label: 'Run everything now',
    does: 'Does all the work due: renewals and auto-payments, reminders, suspensions and terminations, and cancels unpaid new orders.',
    testid: 'run-all',
  },
];

/** Reminder kinds as sent (BEFORE_DUE, ON_DUE, OVERDUE_<days>), in words. */
export function reminderLabel(kind: string): string {
  if (kind === 'BEFORE_DUE') return 'Reminder before the due date';
  if (kind === 'ON_DUE') return 'Reminder on the due date';
  const overdue = /^OVERDUE_(\d+)$/.exec(kind);
  if (overdue) {
    const days = Number(overdue[1]);
    return `Overdue notice (${days} ${days === 1 ? 'day' : 'days'} after due)`;
  }
  return kind;
}

/** The non-zero counts in the run order, e.g. for the history's chips. */
export function countsInOrder(counts: readonly AutomationCount[]): AutomationCount[] {
  const by = new Map(counts.map((c) => [c.kind, c.count]));
  return workKinds.flatMap((kind) => {
    const count = by.get(kind) ?? 0;
    return count > 0 ? [{ kind, count }] : [];
  });
}

/** "3 renewal invoices" / "1 renewal invoice". */
export function countText(c: AutomationCount): string {
  return c.count === 1
    ? `1 ${kindLabels[c.kind].toLowerCase()}`
    : `${c.count} ${kindPlurals[c.kind]}`;
}

const indiaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Kolkata',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's 'YYYY-MM-DD' in India (the days of the automation settings are Indian calendar days). */
export function todayInIndia(at: Date = new Date()): string {
  return indiaDay.format(at);
}

/** Whether `value` is a real 'YYYY-MM-DD' day. */
export function isDay(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The instant a preview or run "as of" a day stands at: now for today, else noon of that day in
 * India (any hour of an Indian day does the same work: the settings count whole days).
 */
export function asOfInstant(day: string, at: Date = new Date()): string {
  if (day === todayInIndia(at)) return at.toISOString();
  return new Date(`${day}T12:00:00+05:30`).toISOString();
}

/** Where an effect's events are seen: the service's history, the invoice's trace, the order. */
export function itemLinks(item: AutomationItem): { href: string; label: string }[] {
  const out: { href: string; label: string }[] = [];
  if (item.serviceId) out.push({ href: `/admin/servers/${item.serviceId}`, label: 'Service' });
  if (item.invoiceId) out.push({ href: `/admin/billing/${item.invoiceId}`, label: 'Invoice' });
  if (item.orderId) out.push({ href: `/admin/orders/${item.orderId}`, label: 'Order' });
  return out;
}

/** The settings form's editable fields (unpaidOrderDays is Settings → Billing's). */
export const settingsFields = [
  'renewalDaysBefore',
  'reminderDaysBefore',
  'remindOnDueDate',
  'overdueNoticeDays',
  'suspendAfterDays',
  'terminateAfterDays',
  'autoPay',
  'runEveryHours',
] as const;
export type SettingsField = (typeof settingsFields)[number];

/** "1, 3, 7" → [1, 3, 7]; null when a part is not a whole number (the API checks the rest). */
export function parseDayList(text: string): number[] | null {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.every((p) => /^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** 'YYYY-MM-DD' as "1 Apr 2026" (a calendar day: no time zone shifts it). */
export { formatDay };

/** The days a renewal bills, its end being the day before `periodEnd`: "1 Apr 2026 – 30 Apr 2026". */
export function periodText(periodStart: string, periodEnd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(periodEnd);
  if (!m) return `${formatDay(periodStart)} – ${periodEnd}`;
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) - 1));
  return `${formatDay(periodStart)} – ${formatDay(last.toISOString().slice(0, 10))}`;
}

/** Renewal and plan-change invoices only (an order's invoice has no subject). */
export function isRenewal(inv: InvoiceRenewal): boolean {
  return inv.subject?.kind === 'RENEWAL';
}

/** The Billing page's renewal invoices with their services' host names. */
export async function billingRenewals(): Promise<{
  renewals: InvoiceRenewal[];
  services: Record<string, RenewalService>;
}> {
  const r = await query(BillingRenewalsQuery, { first: 100 });
  return {
    renewals: r.invoices.items.filter(isRenewal),
    services: Object.fromEntries(r.services.items.map((s) => [s.id, s])),
  };
}

/** One invoice's subject, due date and reminders, with its service (when the viewer sees it). */
export async function invoiceRenewal(
  id: string,
): Promise<{ invoice: InvoiceRenewal; service: RenewalService | null }> {
  const invoice = (await query(InvoiceRenewalQuery, { id })).invoice;
  const serviceId = invoice.subject?.serviceId;
  const service = serviceId
    ? await query(InvoiceRenewalServiceQuery, { id: serviceId }).then(
        (s) => s.service,
        () => null,
      )
    : null;
  return { invoice, service };
}
