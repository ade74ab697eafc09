import { badInput, conflict, type Decider } from '../shared/decider.ts';
import {
  AUTOMATION_JOBS,
  RUN_ITEMS_PER_EVENT,
  type AutomationJob,
  type AutomationRunEvent,
  type AutomationSettingsEvent,
  type RunItem,
  type RunItemKind,
  type RunItemOutcome,
  type RunTrigger,
} from './events.ts';
import { jobOf } from './jobs.ts';
import {
  DEFAULT_AUTOMATION_SETTINGS,
  automationSettingsOf,
  type AutomationSettings,
} from './settings.ts';

// ---------------------------------------------------------------------------------------------
// The tenant's settings stream `automation-<tenantId>`.

export interface AutomationSettingsState {
  tenantId: string | null;
  settings: AutomationSettings;
}

export type AutomationSettingsCommand = {
  type: 'ChangeAutomationSettings';
  tenantId: string;
  /** The fields to change; an absent (or null) field keeps its value. */
  changes: Partial<AutomationSettings>;
  changedBy: string;
  now: string;
};

export const initialAutomationSettings: AutomationSettingsState = {
  tenantId: null,
  settings: DEFAULT_AUTOMATION_SETTINGS,
};

const SETTING_FIELDS = Object.keys(DEFAULT_AUTOMATION_SETTINGS) as (keyof AutomationSettings)[];

/** Settings are numbers, flags and a list of numbers: their JSON compares them. */
const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function changeAutomationSettings(
  c: AutomationSettingsCommand,
  s: AutomationSettingsState,
): AutomationSettingsEvent[] {
  const given: Partial<Record<keyof AutomationSettings, unknown>> = {};
  for (const [field, value] of Object.entries(c.changes ?? {})) {
    if (!(SETTING_FIELDS as string[]).includes(field))
      throw badInput(field, `There is no automation setting ${field}.`);
    if (value !== undefined && value !== null) given[field as keyof AutomationSettings] = value;
  }
  const settings = automationSettingsOf({ ...s.settings, ...given } as AutomationSettings);
  const changed = SETTING_FIELDS.filter((f) => !sameValue(settings[f], s.settings[f]));
  if (changed.length === 0) return [];
  return [
    {
      type: 'AutomationSettingsChanged',
      data: {
        tenantId: c.tenantId,
        settings,
        changed,
        changedBy: c.changedBy,
        changedAt: c.now,
      },
    },
  ];
}

export const automationSettingsDecider: Decider<
  AutomationSettingsCommand,
  AutomationSettingsEvent,
  AutomationSettingsState
> = {
  initialState: initialAutomationSettings,
  decide: (command, state) => {
    if (command.type !== 'ChangeAutomationSettings')
      throw new Error(`unknown automation settings command ${(command as { type: string }).type}`);
    return changeAutomationSettings(command, state);
  },
  evolve: (state, event) =>
    event.type === 'AutomationSettingsChanged'
      ? { tenantId: event.data.tenantId, settings: event.data.settings }
      : state,
};

// ---------------------------------------------------------------------------------------------
// One run's stream `automation-run-<runId>`.

export interface AutomationRunState {
  status: 'NONE' | 'RUNNING' | 'FINISHED';
  tenantId: string;
  runId: string;
  job: AutomationJob | null;
  asOf: string | null;
  items: RunItem[];
}

export type AutomationRunCommand =
  | {
      type: 'StartRun';
      tenantId: string;
      runId: string;
      job: AutomationJob;
      asOf: string;
      trigger: RunTrigger;
      startedBy: string | null;
      now: string;
    }
  | { type: 'RecordRunItems'; items: RunItem[]; now: string }
  | { type: 'FinishRun'; now: string };

export const initialAutomationRun: AutomationRunState = {
  status: 'NONE',
  tenantId: '',
  runId: '',
  job: null,
  asOf: null,
  items: [],
};

const OUTCOMES: readonly RunItemOutcome[] = ['DONE', 'ALREADY_DONE', 'SKIPPED', 'FAILED'];

function startRun(
  c: Extract<AutomationRunCommand, { type: 'StartRun' }>,
  s: AutomationRunState,
): AutomationRunEvent[] {
  if (s.status !== 'NONE') throw conflict(`Run ${s.runId} was already started.`);
  if (!(AUTOMATION_JOBS as readonly string[]).includes(c.job))
    throw badInput('job', `The job must be one of ${AUTOMATION_JOBS.join(', ')}.`);
  if (c.trigger !== 'SCHEDULE' && c.trigger !== 'STAFF')
    throw badInput('trigger', 'The trigger must be SCHEDULE or STAFF.');
  if (Number.isNaN(Date.parse(c.asOf)))
    throw badInput('asOf', `The asOf "${c.asOf}" is not an instant.`);
  return [
    {
      type: 'AutomationRunStarted',
      data: {
        tenantId: c.tenantId,
        runId: c.runId,
        job: c.job,
        asOf: c.asOf,
        trigger: c.trigger,
        startedBy: c.startedBy,
        startedAt: c.now,
      },
    },
  ];
}

function checkItem(item: RunItem, i: number): RunItem {
  jobOfOrRefuse(item.kind, i);
  if (!OUTCOMES.includes(item.outcome))
    throw badInput(
      `items.${i}.outcome`,
      `The outcome must be ${OUTCOMES.join(', ')} (items.${i}.outcome).`,
    );
  if (typeof item.commandId !== 'string' || item.commandId === '')
    throw badInput(`items.${i}.commandId`, `Give the command id (items.${i}.commandId).`);
  return {
    kind: item.kind,
    commandId: item.commandId,
    serviceId: item.serviceId ?? null,
    invoiceId: item.invoiceId ?? null,
    orderId: item.orderId ?? null,
    outcome: item.outcome,
    detail: item.detail ?? null,
  };
}

function jobOfOrRefuse(kind: RunItemKind, i: number): void {
  try {
    jobOf(kind);
  } catch {
    throw badInput(
      `items.${i}.kind`,
      `The kind "${String(kind)}" is no kind of work (items.${i}.kind).`,
    );
  }
}

function recordRunItems(
  c: Extract<AutomationRunCommand, { type: 'RecordRunItems' }>,
  s: AutomationRunState,
): AutomationRunEvent[] {
  if (s.status === 'NONE') throw conflict('This run has not started.');
  if (s.status === 'FINISHED') throw conflict(`Run ${s.runId} is finished.`);
  if (!Array.isArray(c.items)) throw badInput('items', 'Give the items as a list.');
  if (c.items.length > RUN_ITEMS_PER_EVENT)
    throw badInput('items', `At most ${RUN_ITEMS_PER_EVENT} items at a time.`);
  if (c.items.length === 0) return [];
  return [
    {
      type: 'AutomationRunItemsRecorded',
      data: { tenantId: s.tenantId, runId: s.runId, items: c.items.map(checkItem) },
    },
  ];
}

/** What a run's items come to: DONE ones per kind, the others by outcome. */
export function runCounts(items: readonly RunItem[]) {
  const counts: Partial<Record<RunItemKind, number>> = {};
  let alreadyDone = 0;
  let skipped = 0;
  let failed = 0;
  for (const item of items) {
    if (item.outcome === 'DONE') counts[item.kind] = (counts[item.kind] ?? 0) + 1;
    else if (item.outcome === 'ALREADY_DONE') alreadyDone += 1;
    else if (item.outcome === 'SKIPPED') skipped += 1;
    else failed += 1;
  }
  return { counts, alreadyDone, skipped, failed };
}

function finishRun(
  c: Extract<AutomationRunCommand, { type: 'FinishRun' }>,
  s: AutomationRunState,
): AutomationRunEvent[] {
  if (s.status === 'NONE') throw conflict('This run has not started.');
  if (s.status === 'FINISHED') return [];
  return [
    {
      type: 'AutomationRunFinished',
      data: { tenantId: s.tenantId, runId: s.runId, ...runCounts(s.items), finishedAt: c.now },
    },
  ];
}

function decideRun(c: AutomationRunCommand, s: AutomationRunState): AutomationRunEvent[] {
  switch (c.type) {
    case 'StartRun':
      return startRun(c, s);
    case 'RecordRunItems':
      return recordRunItems(c, s);
    case 'FinishRun':
      return finishRun(c, s);
    default: {
      const unknown: never = c;
      throw new Error(`unknown automation run command ${(unknown as { type: string }).type}`);
    }
  }
}

function evolveRun(s: AutomationRunState, e: AutomationRunEvent): AutomationRunState {
  switch (e.type) {
    case 'AutomationRunStarted':
      return {
        ...s,
        status: 'RUNNING',
        tenantId: e.data.tenantId,
        runId: e.data.runId,
        job: e.data.job,
        asOf: e.data.asOf,
      };
    case 'AutomationRunItemsRecorded':
      return { ...s, items: [...s.items, ...e.data.items] };
    case 'AutomationRunFinished':
      return { ...s, status: 'FINISHED' };
    default:
      return s;
  }
}

export const automationRunDecider: Decider<
  AutomationRunCommand,
  AutomationRunEvent,
  AutomationRunState
> = {
  initialState: initialAutomationRun,
  decide: decideRun,
  evolve: evolveRun,
};
