import { describe, expect, it } from 'vitest';
import { DomainError, fold, type Decider, type DomainEvent } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import {
  automationRunDecider,
  automationSettingsDecider,
  runCounts,
  type AutomationRunCommand,
  type AutomationSettingsCommand,
} from './decider.ts';
import {
  RUN_ITEMS_PER_EVENT,
  automationRunStreamId,
  automationStreamId,
  type AutomationRunEvent,
  type AutomationSettingsEvent,
  type RunItem,
} from './events.ts';
import { DEFAULT_AUTOMATION_SETTINGS, type AutomationSettings } from './settings.ts';

const now = '2027-02-21T04:30:00.000Z';

/** The refusal's field path (BAD_USER_INPUT issues) and message. */
function refusal<C, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  history: E[],
  command: C,
): { field: string; message: string } {
  try {
    decider.decide(command, fold(decider, history));
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const d = e as DomainError;
    expect(d.code).toBe('BAD_USER_INPUT');
    return { field: d.issues.map((i) => i.path.join('.')).join(), message: d.message };
  }
  throw new Error('expected a refusal');
}

it('lives in automation-<tenant> and automation-run-<run>', () => {
  expect(automationStreamId('t1')).toBe('automation-t1');
  expect(automationRunStreamId('r1')).toBe('automation-run-r1');
});
const later = '2027-02-21T04:31:00.000Z';

describe('automation settings stream', () => {
  const given = specFor(automationSettingsDecider);
  const change = (changes: Partial<AutomationSettings>): AutomationSettingsCommand => ({
    type: 'ChangeAutomationSettings',
    tenantId: 't1',
    changes,
    changedBy: 'admin',
    now,
  });
  const changed = (
    settings: Partial<AutomationSettings>,
    fields: (keyof AutomationSettings)[],
  ): AutomationSettingsEvent => ({
    type: 'AutomationSettingsChanged',
    data: {
      tenantId: 't1',
      settings: { ...DEFAULT_AUTOMATION_SETTINGS, overdueNoticeDays: [1, 3, 7], ...settings },
      changed: fields,
      changedBy: 'admin',
      changedAt: now,
    },
  });

  it('starts at the defaults', () => {
    expect(automationSettingsDecider.initialState.settings).toEqual(DEFAULT_AUTOMATION_SETTINGS);
  });

  it('writes the merged, checked settings and the names of the fields that changed', () => {
    given([])
      .when(change({ renewalDaysBefore: 10, autoPay: false }))
      .then([changed({ renewalDaysBefore: 10, autoPay: false }, ['renewalDaysBefore', 'autoPay'])]);
    const first = changed({ renewalDaysBefore: 10 }, ['renewalDaysBefore']);
    given([first])
      .when(change({ renewalDaysBefore: 10, suspendAfterDays: 5 }))
      .then([changed({ renewalDaysBefore: 10, suspendAfterDays: 5 }, ['suspendAfterDays'])]);
    given([first])
      .when(change({ overdueNoticeDays: [1, 3] }))
      .then([changed({ renewalDaysBefore: 10, overdueNoticeDays: [1, 3] }, ['overdueNoticeDays'])]);
    given([first])
      .when(change({ overdueNoticeDays: [1, 3, 8] }))
      .then([
        changed({ renewalDaysBefore: 10, overdueNoticeDays: [1, 3, 8] }, ['overdueNoticeDays']),
      ]);
    expect(fold(automationSettingsDecider, [first])).toEqual({
      tenantId: 't1',
      settings: first.data.settings,
    });
  });

  it('nothing changed: nothing written; absent and null fields keep their value', () => {
    given([]).when(change({})).then([]);
    given([])
      .when(change({ renewalDaysBefore: 7, overdueNoticeDays: [1, 3, 7] }))
      .then([]);
    given([])
      .when(change({ renewalDaysBefore: undefined, autoPay: null as never }))
      .then([]);
  });

  it('refuses a bad value or an unknown field, naming it', () => {
    given([])
      .when(change({ terminateAfterDays: 2 }))
      .thenRefuses(
        'BAD_USER_INPUT',
        /^Termination \(2 days after due\) must come after suspension/,
      );
    given([])
      .when(change({ cancelUnpaidOrderDays: 3 } as never))
      .thenRefuses('BAD_USER_INPUT', /^There is no automation setting cancelUnpaidOrderDays\.$/);
    expect(
      refusal(automationSettingsDecider, [], change({ cancelUnpaidOrderDays: 3 } as never)).field,
    ).toBe('cancelUnpaidOrderDays');
    expect(refusal(automationSettingsDecider, [], change({ runEveryHours: 0 })).field).toBe(
      'runEveryHours',
    );
    given([])
      .when({ ...change({}), changes: undefined as never })
      .then([]);
  });

  it('an unknown command is a bug', () =>
    expect(() =>
      automationSettingsDecider.decide(
        { type: 'Explode' } as never,
        automationSettingsDecider.initialState,
      ),
    ).toThrow(/unknown automation settings command Explode/));

  it('an event of a later version changes nothing', () => {
    const s = automationSettingsDecider.initialState;
    expect(automationSettingsDecider.evolve(s, { type: 'SomethingNew' } as never)).toBe(s);
  });
});

describe('automation run stream', () => {
  const given = specFor(automationRunDecider);
  const start = (over: Partial<AutomationRunCommand> = {}): AutomationRunCommand =>
    ({
      type: 'StartRun',
      tenantId: 't1',
      runId: 'run-1',
      job: 'ALL',
      asOf: now,
      trigger: 'SCHEDULE',
      startedBy: null,
      now,
      ...over,
    }) as AutomationRunCommand;
  const started: AutomationRunEvent = {
    type: 'AutomationRunStarted',
    data: {
      tenantId: 't1',
      runId: 'run-1',
      job: 'ALL',
      asOf: now,
      trigger: 'SCHEDULE',
      startedBy: null,
      startedAt: now,
    },
  };
  const item = (over: Partial<RunItem> = {}): RunItem => ({
    kind: 'RENEWAL_INVOICE',
    commandId: 'renew:svc-1:2027-02-28',
    serviceId: 'svc-1',
    invoiceId: null,
    orderId: null,
    outcome: 'DONE',
    detail: null,
    ...over,
  });
  const items = [
    item(),
    item({ kind: 'AUTO_PAY', commandId: 'autopay:r1:1180.00', invoiceId: 'r1' }),
    item({ kind: 'AUTO_PAY', commandId: 'autopay:r2:1180.00', outcome: 'SKIPPED', detail: 'low' }),
    item({ kind: 'SUSPEND', commandId: 'suspend:s', outcome: 'FAILED', detail: 'module down' }),
    item({ kind: 'TERMINATE', commandId: 'terminate:s', outcome: 'FAILED', detail: 'down' }),
    item({ kind: 'REMINDER', commandId: 'remind:r1:ON_DUE', outcome: 'ALREADY_DONE' }),
    item({ kind: 'RENEWAL_INVOICE', commandId: 'renew:svc-2:2027-02-28' }),
    item({ kind: 'CANCEL_UNPAID_ORDER', commandId: 'cancel-order:o1', orderId: 'o1' }),
  ];
  const recorded = (list: RunItem[]): AutomationRunEvent => ({
    type: 'AutomationRunItemsRecorded',
    data: { tenantId: 't1', runId: 'run-1', items: list },
  });
  const finished: AutomationRunEvent = {
    type: 'AutomationRunFinished',
    data: {
      tenantId: 't1',
      runId: 'run-1',
      counts: { RENEWAL_INVOICE: 2, AUTO_PAY: 1, CANCEL_UNPAID_ORDER: 1 },
      alreadyDone: 1,
      skipped: 1,
      failed: 2,
      finishedAt: later,
    },
  };

  it('StartRun once; a second start (another process) is refused', () => {
    expect(automationRunDecider.initialState).toEqual({
      status: 'NONE',
      tenantId: '',
      runId: '',
      job: null,
      asOf: null,
      items: [],
    });
    given([]).when(start()).then([started]);
    expect(fold(automationRunDecider, [started])).toEqual({
      status: 'RUNNING',
      tenantId: 't1',
      runId: 'run-1',
      job: 'ALL',
      asOf: now,
      items: [],
    });
    given([started])
      .when(start())
      .thenRefuses('CONFLICT', /Run run-1 was already started/);
    given([started, finished])
      .when(start())
      .thenRefuses('CONFLICT', /already started/);
  });

  it('StartRun checks the job, the trigger and the instant, naming each', () => {
    expect(refusal(automationRunDecider, [], start({ job: 'X' } as never))).toEqual({
      field: 'job',
      message: 'The job must be one of RENEWALS, REMINDERS, SUSPENSIONS, UNPAID_ORDERS, ALL.',
    });
    expect(refusal(automationRunDecider, [], start({ trigger: 'X' } as never))).toEqual({
      field: 'trigger',
      message: 'The trigger must be SCHEDULE or STAFF.',
    });
    expect(refusal(automationRunDecider, [], start({ asOf: 'x' } as never))).toEqual({
      field: 'asOf',
      message: 'The asOf "x" is not an instant.',
    });
    given([])
      .when(start({ job: 'EVERYTHING' } as never))
      .thenRefuses('BAD_USER_INPUT', /job/);
    given([])
      .when(start({ trigger: 'CRON' } as never))
      .thenRefuses('BAD_USER_INPUT', /trigger/);
    given([])
      .when(start({ asOf: 'tomorrow' } as never))
      .thenRefuses('BAD_USER_INPUT', /asOf/);
    given([])
      .when(start({ job: 'RENEWALS', trigger: 'STAFF', startedBy: 'u1' } as never))
      .then([
        {
          ...started,
          data: { ...started.data, job: 'RENEWALS', trigger: 'STAFF', startedBy: 'u1' },
        } as AutomationRunEvent,
      ]);
  });

  it('records items in batches while running', () => {
    given([started])
      .when({ type: 'RecordRunItems', items, now })
      .then([recorded(items)]);
    given([started]).when({ type: 'RecordRunItems', items: [], now }).then([]);
    const many = Array.from({ length: RUN_ITEMS_PER_EVENT }, (_, i) =>
      item({ commandId: `c${i}` }),
    );
    given([started])
      .when({ type: 'RecordRunItems', items: many, now })
      .then([recorded(many)]);
    given([started])
      .when({ type: 'RecordRunItems', items: [...many, item()], now })
      .thenRefuses('BAD_USER_INPUT', /At most 500/);
    given([])
      .when({ type: 'RecordRunItems', items, now })
      .thenRefuses('CONFLICT', /not started/);
    given([started, finished])
      .when({ type: 'RecordRunItems', items, now })
      .thenRefuses('CONFLICT', /finished/);
  });

  it('an item is checked and written with nulls for what it lacks', () => {
    const rec = (list: unknown) =>
      refusal(automationRunDecider, [started], {
        type: 'RecordRunItems',
        items: list as RunItem[],
        now,
      });
    expect(rec([item(), item({ outcome: 'MAYBE' as never })])).toEqual({
      field: 'items.1.outcome',
      message: 'The outcome must be DONE, ALREADY_DONE, SKIPPED, FAILED (items.1.outcome).',
    });
    expect(rec([item({ commandId: 5 as never })])).toEqual({
      field: 'items.0.commandId',
      message: 'Give the command id (items.0.commandId).',
    });
    expect(rec([item(), item(), item({ kind: 'DANCE' as never })])).toEqual({
      field: 'items.2.kind',
      message: 'The kind "DANCE" is no kind of work (items.2.kind).',
    });
    expect(rec('x')).toEqual({ field: 'items', message: 'Give the items as a list.' });
    expect(rec(Array.from({ length: RUN_ITEMS_PER_EVENT + 1 }, () => item()))).toEqual({
      field: 'items',
      message: 'At most 500 items at a time.',
    });
    given([started])
      .when({ type: 'RecordRunItems', items: [item({ kind: 'DANCE' as never })], now })
      .thenRefuses('BAD_USER_INPUT', /items.0.kind/);
    given([started])
      .when({ type: 'RecordRunItems', items: [item(), item({ outcome: 'MAYBE' as never })], now })
      .thenRefuses('BAD_USER_INPUT', /items.1.outcome/);
    given([started])
      .when({ type: 'RecordRunItems', items: [item({ commandId: '' })], now })
      .thenRefuses('BAD_USER_INPUT', /items.0.commandId/);
    const bare = { kind: 'UNSUSPEND', commandId: 'u', outcome: 'DONE' } as RunItem;
    given([started])
      .when({ type: 'RecordRunItems', items: [bare], now })
      .then([
        recorded([{ ...bare, serviceId: null, invoiceId: null, orderId: null, detail: null }]),
      ]);
    given([started])
      .when({ type: 'RecordRunItems', items: 'x' as never, now })
      .thenRefuses('BAD_USER_INPUT', /items/);
  });

  it('FinishRun counts the recorded items (DONE per kind, the rest by outcome), once', () => {
    const history = [started, recorded(items.slice(0, 3)), recorded(items.slice(3))];
    given(history).when({ type: 'FinishRun', now: later }).then([finished]);
    given([...history, finished])
      .when({ type: 'FinishRun', now: later })
      .then([]);
    given([])
      .when({ type: 'FinishRun', now })
      .thenRefuses('CONFLICT', /not started/);
    given([started])
      .when({ type: 'FinishRun', now })
      .then([
        {
          type: 'AutomationRunFinished',
          data: {
            tenantId: 't1',
            runId: 'run-1',
            counts: {},
            alreadyDone: 0,
            skipped: 0,
            failed: 0,
            finishedAt: now,
          },
        },
      ]);
    expect(fold(automationRunDecider, [...history, finished])).toMatchObject({
      status: 'FINISHED',
      job: 'ALL',
      asOf: now,
      items,
    });
    expect(runCounts([])).toEqual({ counts: {}, alreadyDone: 0, skipped: 0, failed: 0 });
  });

  it('an unknown command is a bug; a later event changes nothing', () => {
    expect(() =>
      automationRunDecider.decide({ type: 'Explode' } as never, automationRunDecider.initialState),
    ).toThrow(/unknown automation run command Explode/);
    const s = automationRunDecider.initialState;
    expect(automationRunDecider.evolve(s, { type: 'SomethingNew' } as never)).toBe(s);
  });
});
