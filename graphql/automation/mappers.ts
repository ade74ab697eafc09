/**
 * How the automation read model and the commands' plans read in the API: runs, their items and
 * the settings. Functions only: no type here is named like a schema type, so none is a codegen
 * mapper (tooling/codegen/main.ts).
 */
import type { RunItemKind, RunItemOutcome } from '../../domain/automation/events.ts';
import { describeWork } from '../../domain/automation/describe.ts';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../domain/automation/settings.ts';
import type {
  AutomationRunItemRow,
  AutomationRunRow,
  AutomationSettingsRow,
} from '../../projections/automation/queries.ts';
import type {
  AutomationCount,
  AutomationItem,
  AutomationRun,
  AutomationSettings,
} from '../generated/resolvers.ts';

/** The order kinds are listed in (the SDL's enum order). */
const KINDS: readonly RunItemKind[] = [
  'RENEWAL_INVOICE',
  'AUTO_PAY',
  'REMINDER',
  'SUSPEND',
  'TERMINATE',
  'UNSUSPEND',
  'CANCEL_RENEWAL_INVOICE',
  'END_OF_PERIOD_TERMINATION',
  'CANCEL_UNPAID_ORDER',
];

/** Counts per kind, every kind with at least one, in the enum's order. */
export function toCounts(counts: Partial<Record<string, number>>): AutomationCount[] {
  return KINDS.filter((k) => (counts[k] ?? 0) > 0).map((kind) => ({
    kind,
    count: counts[kind]!,
  }));
}

/** The part of a command id after its prefix and the id it names: `remind:<invoice>:<kind>`. */
const lastPart = (commandId: string, prefix: string): string | null =>
  commandId.startsWith(prefix) ? (commandId.split(':')[2] ?? null) : null;

/** A run's item from the read model. */
export function toRunItem(r: AutomationRunItemRow): AutomationItem {
  return {
    kind: r.kind,
    commandId: r.command_id,
    serviceId: r.service_id,
    invoiceId: r.invoice_id,
    orderId: r.order_id,
    customerName: r.customer_name,
    description: describeWork(r.kind, {
      server: r.hostname,
      invoiceNumber: r.invoice_number,
      reminder: r.kind === 'REMINDER' ? lastPart(r.command_id, 'remind:') : null,
      periodStart: r.kind === 'RENEWAL_INVOICE' ? lastPart(r.command_id, 'renew:') : null,
      dueDate:
        r.kind === 'SUSPEND'
          ? lastPart(r.command_id, 'suspend:')
          : r.kind === 'TERMINATE' || r.kind === 'END_OF_PERIOD_TERMINATION'
            ? lastPart(r.command_id, 'terminate:')
            : null,
      amount: r.kind === 'AUTO_PAY' && r.outcome === 'DONE' ? r.auto_paid : null,
    }),
    amount:
      r.kind === 'RENEWAL_INVOICE'
        ? r.recurring_amount
        : r.kind === 'AUTO_PAY' && r.outcome === 'DONE'
          ? r.auto_paid
          : null,
    outcome: r.outcome as RunItemOutcome,
    detail: r.detail,
  };
}

/**
 * A run without its items: `AutomationRun.items` reads them with its own `first`, so the
 * run's resolvers hand an empty list that the field resolver always replaces.
 */
export function toRun(r: AutomationRunRow): AutomationRun {
  return {
    id: r.id,
    job: r.job,
    trigger: r.trigger,
    startedByName: r.started_by_name ?? (r.trigger === 'STAFF' ? r.started_by : null),
    asOf: r.as_of,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: toCounts(r.counts),
    alreadyDone: r.already_done,
    skipped: r.skipped,
    failed: r.failed,
    items: [],
  };
}

/** The settings as they stand (the defaults until the first change) and the unpaid-order days. */
export function toSettings(
  row: AutomationSettingsRow | undefined,
  unpaidOrderDays: number,
): AutomationSettings {
  const s = row?.settings ?? DEFAULT_AUTOMATION_SETTINGS;
  return {
    renewalDaysBefore: s.renewalDaysBefore,
    reminderDaysBefore: s.reminderDaysBefore,
    remindOnDueDate: s.remindOnDueDate,
    overdueNoticeDays: [...s.overdueNoticeDays],
    suspendAfterDays: s.suspendAfterDays,
    terminateAfterDays: s.terminateAfterDays,
    autoPay: s.autoPay,
    runEveryHours: s.runEveryHours,
    unpaidOrderDays,
    updatedAt: row?.updated_at ?? null,
  };
}
