/**
 * Billing automation (BILLING.md "Renewal and dunning"). Two kinds of stream:
 *
 * - `automation-<tenantId>`: the tenant's automation settings, each change an event
 *   (AutomationSettingsChanged carries the whole settings after the change and which fields
 *   changed). No event yet: DEFAULT_AUTOMATION_SETTINGS.
 * - `automation-run-<runId>`: one run of the scheduler or of staff's "Run now": started (job,
 *   as of when, by whom), its items in batches (each effect with the command id it issued, so it
 *   traces to the events that command wrote), finished with its counts. A scheduled run's id
 *   comes from the tenant and the hour it is due, so two app processes starting it at the same
 *   moment write one AutomationRunStarted: the second is refused at the expected revision and
 *   leaves the run to the first.
 */
import type { DomainEvent } from '../shared/decider.ts';
import type { WorkKind } from './schedule.ts';
import type { AutomationSettings } from './settings.ts';

/**
 * What a run does: RENEWALS (renewal invoices, their auto-payment, end-of-period
 * cancellations), REMINDERS (reminders and overdue notices), SUSPENSIONS (suspend, terminate,
 * unsuspend once paid), UNPAID_ORDERS (unpaid new orders cancelled), ALL of them.
 */
export const AUTOMATION_JOBS = [
  'RENEWALS',
  'REMINDERS',
  'SUSPENSIONS',
  'UNPAID_ORDERS',
  'ALL',
] as const;
export type AutomationJob = (typeof AUTOMATION_JOBS)[number];

/** Every kind of effect a run can have. */
export type RunItemKind = WorkKind | 'CANCEL_UNPAID_ORDER';

/**
 * DONE: the command wrote its events now. ALREADY_DONE: its command id had run before (a repeated
 * or concurrent run), nothing written. SKIPPED: its command refused for a reason that is not a
 * failure (the wallet no longer covers it, the invoice was paid meanwhile). FAILED: an error
 * (a module call, the database); retried on the next run, never undoing the others.
 */
export type RunItemOutcome = 'DONE' | 'ALREADY_DONE' | 'SKIPPED' | 'FAILED';

export type RunItem = {
  kind: RunItemKind;
  commandId: string;
  serviceId: string | null;
  invoiceId: string | null;
  orderId: string | null;
  outcome: RunItemOutcome;
  /** Why it was skipped or failed (the error's message); null when DONE. */
  detail: string | null;
};

export type RunTrigger = 'SCHEDULE' | 'STAFF';

export type AutomationSettingsChanged = DomainEvent<
  'AutomationSettingsChanged',
  {
    tenantId: string;
    settings: AutomationSettings;
    changed: (keyof AutomationSettings)[];
    changedBy: string;
    changedAt: string;
  }
>;

export type AutomationRunStarted = DomainEvent<
  'AutomationRunStarted',
  {
    tenantId: string;
    runId: string;
    job: AutomationJob;
    /** The instant the run decides for (now, or an earlier/later date staff chose). */
    asOf: string;
    trigger: RunTrigger;
    startedBy: string | null;
    startedAt: string;
  }
>;

/** At most RUN_ITEMS_PER_EVENT items an event. */
export type AutomationRunItemsRecorded = DomainEvent<
  'AutomationRunItemsRecorded',
  { tenantId: string; runId: string; items: RunItem[] }
>;

export type AutomationRunFinished = DomainEvent<
  'AutomationRunFinished',
  {
    tenantId: string;
    runId: string;
    /** DONE items per kind. */
    counts: Partial<Record<RunItemKind, number>>;
    alreadyDone: number;
    skipped: number;
    failed: number;
    finishedAt: string;
  }
>;

export const RUN_ITEMS_PER_EVENT = 500;

export type AutomationSettingsEvent = AutomationSettingsChanged;
export type AutomationRunEvent =
  AutomationRunStarted | AutomationRunItemsRecorded | AutomationRunFinished;
export type AutomationEvent = AutomationSettingsEvent | AutomationRunEvent;

export const automationEventTypes = [
  'AutomationSettingsChanged',
  'AutomationRunStarted',
  'AutomationRunItemsRecorded',
  'AutomationRunFinished',
] as const satisfies readonly AutomationEvent['type'][];

export const automationStreamId = (tenantId: string) => `automation-${tenantId}`;
export const automationRunStreamId = (runId: string) => `automation-run-${runId}`;
