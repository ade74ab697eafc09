import { afterAll, describe, it } from 'vitest';
import {
  automationRunStreamId,
  automationStreamId,
  RUN_ITEMS_PER_EVENT,
  type AutomationEvent,
  type RunItem,
} from '../../domain/automation/events.ts';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../domain/automation/settings.ts';
import {
  endProjectorSpecs,
  projectorSpec,
  SPEC_AT,
  SPEC_TENANT,
  type GivenEvent,
} from '../shared/testing/projector-spec.ts';
import { automationProjector } from './projector.ts';

/** The automation read model from its events: the settings as they stand, runs and their items. */
afterAll(endProjectorSpecs);

const ADMIN = '22222222-2222-4222-8222-222222222222';
const RUN = '33333333-3333-4333-8333-333333333333';
const OTHER_RUN = '44444444-4444-4444-8444-444444444444';
const SERVICE = '55555555-5555-4555-8555-555555555555';
const INVOICE = '66666666-6666-4666-8666-666666666666';
const ORDER = '77777777-7777-4777-8777-777777777777';

const settings = (e: AutomationEvent): GivenEvent => ({
  ...e,
  streamId: automationStreamId(SPEC_TENANT),
});
const run = (runId: string, e: AutomationEvent): GivenEvent => ({
  ...e,
  streamId: automationRunStreamId(runId),
});

const changed = (at: string, patch: Partial<typeof DEFAULT_AUTOMATION_SETTINGS>) =>
  settings({
    type: 'AutomationSettingsChanged',
    data: {
      tenantId: SPEC_TENANT,
      settings: { ...DEFAULT_AUTOMATION_SETTINGS, ...patch },
      changed: Object.keys(patch) as (keyof typeof DEFAULT_AUTOMATION_SETTINGS)[],
      changedBy: ADMIN,
      changedAt: at,
    },
  });

const started = (runId: string, trigger: 'SCHEDULE' | 'STAFF') =>
  run(runId, {
    type: 'AutomationRunStarted',
    data: {
      tenantId: SPEC_TENANT,
      runId,
      job: trigger === 'STAFF' ? 'RENEWALS' : 'ALL',
      asOf: '2026-04-05T00:00:00.000Z',
      trigger,
      startedBy: trigger === 'STAFF' ? ADMIN : null,
      startedAt: SPEC_AT,
    },
  });

const item = (n: number, patch: Partial<RunItem> = {}): RunItem => ({
  kind: 'REMINDER',
  commandId: `remind:${INVOICE}:${n}`,
  serviceId: SERVICE,
  invoiceId: INVOICE,
  orderId: null,
  outcome: 'DONE',
  detail: null,
  ...patch,
});

const recorded = (runId: string, items: RunItem[]) =>
  run(runId, {
    type: 'AutomationRunItemsRecorded',
    data: { tenantId: SPEC_TENANT, runId, items },
  });

const finished = (runId: string) =>
  run(runId, {
    type: 'AutomationRunFinished',
    data: {
      tenantId: SPEC_TENANT,
      runId,
      counts: { RENEWAL_INVOICE: 1 },
      alreadyDone: 1,
      skipped: 0,
      failed: 1,
      finishedAt: '2026-04-01T10:05:00.000Z',
    },
  });

describe('automation projector', () => {
  it('the settings are the newest change, whole, with who changed what and when', async () => {
    const spec = projectorSpec(automationProjector).given([
      changed('2026-04-01T09:00:00.000Z', { renewalDaysBefore: 10 }),
      changed('2026-04-02T09:00:00.000Z', { renewalDaysBefore: 10, suspendAfterDays: 5 }),
    ]);
    await spec.thenRows('automation_settings', [
      {
        tenant_id: SPEC_TENANT,
        settings: { ...DEFAULT_AUTOMATION_SETTINGS, renewalDaysBefore: 10, suspendAfterDays: 5 },
        changed: ['renewalDaysBefore', 'suspendAfterDays'],
        updated_by: ADMIN,
        updated_at: '2026-04-02T09:00:00.000Z',
        revision: '1',
      },
    ]);
  });

  it('a started run has no finish and no counts; a staff run names who started it', async () => {
    const spec = projectorSpec(automationProjector).given([
      started(RUN, 'STAFF'),
      started(OTHER_RUN, 'SCHEDULE'),
    ]);
    const row = (id: string) => ({ id, tenant_id: SPEC_TENANT, as_of: '2026-04-05T00:00:00.000Z' });
    await spec.thenRows('automation_runs', [
      {
        ...row(RUN),
        job: 'RENEWALS',
        trigger: 'STAFF',
        started_by: ADMIN,
        started_at: SPEC_AT,
        finished_at: null,
        counts: null,
        already_done: null,
        skipped: null,
        failed: null,
      },
      {
        ...row(OTHER_RUN),
        job: 'ALL',
        trigger: 'SCHEDULE',
        started_by: null,
        started_at: SPEC_AT,
        finished_at: null,
        counts: null,
        already_done: null,
        skipped: null,
        failed: null,
      },
    ]);
    await spec.thenRows('automation_run_items', []);
  });

  it('items keep the order the run did them across events, and the finish sets the counts', async () => {
    const first = [
      item(1, { kind: 'RENEWAL_INVOICE', commandId: `renew:${SERVICE}:2026-04-08` }),
      item(2, {
        kind: 'CANCEL_UNPAID_ORDER',
        commandId: `cancel-order:${ORDER}`,
        serviceId: null,
        invoiceId: null,
        orderId: ORDER,
        outcome: 'FAILED',
        detail: 'the database went away',
      }),
    ];
    const second = [item(3, { outcome: 'ALREADY_DONE' })];
    const spec = projectorSpec(automationProjector).given([
      started(RUN, 'STAFF'),
      recorded(RUN, first),
      recorded(RUN, second),
      finished(RUN),
    ]);
    await spec.thenRows('automation_run_items', [
      {
        run_id: RUN,
        seq: 0,
        tenant_id: SPEC_TENANT,
        kind: 'RENEWAL_INVOICE',
        command_id: `renew:${SERVICE}:2026-04-08`,
        service_id: SERVICE,
        invoice_id: INVOICE,
        order_id: null,
        outcome: 'DONE',
        detail: null,
      },
      {
        run_id: RUN,
        seq: 1,
        tenant_id: SPEC_TENANT,
        kind: 'CANCEL_UNPAID_ORDER',
        command_id: `cancel-order:${ORDER}`,
        service_id: null,
        invoice_id: null,
        order_id: ORDER,
        outcome: 'FAILED',
        detail: 'the database went away',
      },
      {
        run_id: RUN,
        seq: RUN_ITEMS_PER_EVENT,
        tenant_id: SPEC_TENANT,
        kind: 'REMINDER',
        command_id: `remind:${INVOICE}:3`,
        service_id: SERVICE,
        invoice_id: INVOICE,
        order_id: null,
        outcome: 'ALREADY_DONE',
        detail: null,
      },
    ]);
    await spec.thenRows('automation_runs', [
      {
        id: RUN,
        finished_at: '2026-04-01T10:05:00.000Z',
        counts: { RENEWAL_INVOICE: 1 },
        already_done: 1,
        skipped: 0,
        failed: 1,
      },
    ]);
  });

  it('runs are kept apart: one run’s items and finish leave the other running', async () => {
    const spec = projectorSpec(automationProjector).given([
      started(RUN, 'STAFF'),
      started(OTHER_RUN, 'SCHEDULE'),
      recorded(OTHER_RUN, [item(1)]),
      recorded(RUN, [item(2)]),
      finished(RUN),
    ]);
    await spec.thenRows('automation_run_items', [
      { run_id: RUN, seq: 0, command_id: `remind:${INVOICE}:2` },
      { run_id: OTHER_RUN, seq: 0, command_id: `remind:${INVOICE}:1` },
    ]);
    await spec.thenRows('automation_runs', [
      { id: RUN, finished_at: '2026-04-01T10:05:00.000Z', counts: { RENEWAL_INVOICE: 1 } },
      { id: OTHER_RUN, finished_at: null, counts: null },
    ]);
  });
});
