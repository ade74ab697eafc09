import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  ADMIN,
  must,
  startTestPlatform,
  type TestPlatform,
} from '../../server/testing/platform.ts';
import { todayInIndia } from '../../domain/services/due-dates.ts';
import { seedService } from '../services/testing.ts';

/**
 * Billing automation over GraphQL on the real platform: the settings (defaults, a change as an
 * event, refusals by field), the preview as of a later day (nothing written), a staff run doing
 * what the preview listed, its history and items from the read model, the same commandId
 * answering with the same run, and customers refused.
 */

const SETTINGS = `{ automationSettings { renewalDaysBefore reminderDaysBefore remindOnDueDate
  overdueNoticeDays suspendAfterDays terminateAfterDays autoPay runEveryHours unpaidOrderDays updatedAt } }`;
const UPDATE = `mutation($input: AutomationSettingsInput!) { updateAutomationSettings(input: $input) {
  renewalDaysBefore suspendAfterDays updatedAt } }`;
const ITEM =
  'kind commandId serviceId invoiceId orderId customerName description amount outcome detail';
const PREVIEW = `query($asOf: DateTime, $job: AutomationJob) { automationPreview(asOf: $asOf, job: $job) {
  asOf job total counts { kind count } items { ${ITEM} } } }`;
const RUN_FIELDS = `id job trigger startedByName asOf startedAt finishedAt counts { kind count }
  alreadyDone skipped failed items { ${ITEM} }`;
const RUN_NOW = `mutation($input: RunAutomationInput!) { runAutomation(input: $input) { ${RUN_FIELDS} } }`;
const RUNS = `{ automationRuns { total items { id trigger startedByName counts { kind count } } } }`;
const RUN = `query($id: ID!) { automationRun(id: $id) { ${RUN_FIELDS} } }`;

let t: TestPlatform;
let admin: string;
let customer: { id: string; cookie: string };
let serviceId: string;
const codeOf = (r: { errors?: any[] }) => r.errors?.[0]?.extensions?.code;
const eventCount = async () =>
  Number((await t.running.platform.sql`select count(*)::int as n from eventlog.events`)[0]!.n);

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  customer = await t.customer('asha@example.com', 'Asha Verma');
  const platform = t.running.platform;
  const seeded = await seedService(
    platform.store,
    platform.services.sealKey,
    'akashone',
    customer.id,
    { status: 'ACTIVE', hostname: 'renew.example.com' },
  );
  serviceId = seeded.serviceId;
  await platform.projections.waitFor(seeded.position, 20_000);
  // Due in three days: inside the renewal window (7 days before).
  const due = todayInIndia(new Date(Date.now() + 3 * 86_400_000).toISOString());
  await must(
    t.gql(
      `mutation($input: ChangeDueDateInput!) { changeServiceDueDate(input: $input) { nextDueDate } }`,
      { input: { commandId: randomUUID(), serviceId, nextDueDate: due, reason: 'test' } },
      admin,
    ),
  );
});
afterAll(async () => t?.close());

describe('automation settings', () => {
  it('are the defaults until changed, with the tenant’s unpaid-order days', async () => {
    expect((await must(t.gql(SETTINGS, {}, admin))).automationSettings).toEqual({
      renewalDaysBefore: 7,
      reminderDaysBefore: 3,
      remindOnDueDate: true,
      overdueNoticeDays: [1, 3, 7],
      suspendAfterDays: 3,
      terminateAfterDays: 14,
      autoPay: true,
      runEveryHours: 1,
      unpaidOrderDays: 7,
      updatedAt: null,
    });
  });

  it('a change is kept (an event, when it was made) and a refusal names its field', async () => {
    const changed = (
      await must(t.gql(UPDATE, { input: { commandId: randomUUID(), suspendAfterDays: 4 } }, admin))
    ).updateAutomationSettings;
    expect(changed).toMatchObject({ renewalDaysBefore: 7, suspendAfterDays: 4 });
    expect(changed.updatedAt).toBeTruthy();
    expect((await must(t.gql(SETTINGS, {}, admin))).automationSettings.suspendAfterDays).toBe(4);
    const refused = await t.gql(
      UPDATE,
      { input: { commandId: randomUUID(), terminateAfterDays: 3 } },
      admin,
    );
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].message).toContain('terminateAfterDays');
    await must(t.gql(UPDATE, { input: { commandId: randomUUID(), suspendAfterDays: 3 } }, admin));
  });
});

describe('automation preview and runs', () => {
  it('customers may not preview, run or read runs', async () => {
    for (const [q, v] of [
      [PREVIEW, {}],
      [RUNS, {}],
      [SETTINGS, {}],
      [RUN_NOW, { input: { commandId: randomUUID(), job: 'ALL' } }],
    ] as const)
      expect(codeOf(await t.gql(q, v, customer.cookie))).toBe('FORBIDDEN');
  });

  it('a preview lists the renewal invoice due and writes nothing; a run does it and is in the history', async () => {
    const before = await eventCount();
    const preview = (await must(t.gql(PREVIEW, { job: 'RENEWALS' }, admin))).automationPreview;
    expect(await eventCount()).toBe(before);
    expect(preview.job).toBe('RENEWALS');
    const renewal = preview.items.find(
      (i: { kind: string; serviceId: string }) =>
        i.kind === 'RENEWAL_INVOICE' && i.serviceId === serviceId,
    );
    expect(renewal).toMatchObject({ outcome: null, amount: '999.00' });
    expect(renewal.description).toContain('renew.example.com');
    expect(preview.counts).toContainEqual({ kind: 'RENEWAL_INVOICE', count: 1 });
    expect(preview.total).toBe(preview.items.length);

    const commandId = randomUUID();
    const run = (await must(t.gql(RUN_NOW, { input: { commandId, job: 'RENEWALS' } }, admin)))
      .runAutomation;
    expect(run).toMatchObject({
      job: 'RENEWALS',
      trigger: 'STAFF',
      startedByName: expect.any(String),
      failed: 0,
    });
    expect(run.finishedAt).toBeTruthy();
    const done = run.items.find((i: { commandId: string }) => i.commandId === renewal.commandId);
    expect(done).toMatchObject({
      kind: 'RENEWAL_INVOICE',
      serviceId,
      outcome: 'DONE',
      amount: '999.00',
      customerName: 'Asha Verma',
    });
    expect(done.invoiceId).toBeTruthy();
    expect(done.description).toContain('renew.example.com');
    expect(run.counts).toContainEqual({ kind: 'RENEWAL_INVOICE', count: 1 });

    // The same commandId again: the same run, nothing more written.
    const after = await eventCount();
    const again = (await must(t.gql(RUN_NOW, { input: { commandId, job: 'RENEWALS' } }, admin)))
      .runAutomation;
    expect(again.id).toBe(run.id);
    expect(await eventCount()).toBe(after);

    // A second run finds the renewal done: nothing of it again.
    const second = (
      await must(t.gql(RUN_NOW, { input: { commandId: randomUUID(), job: 'RENEWALS' } }, admin))
    ).runAutomation;
    expect(
      second.items.filter(
        (i: { kind: string; outcome: string }) =>
          i.kind === 'RENEWAL_INVOICE' && i.outcome === 'DONE',
      ),
    ).toEqual([]);

    const runs = (await must(t.gql(RUNS, {}, admin))).automationRuns;
    expect(runs.total).toBe(2);
    expect(runs.items.map((r: { id: string }) => r.id)).toEqual([second.id, run.id]);
    const read = (await must(t.gql(RUN, { id: run.id }, admin))).automationRun;
    expect(read.items).toEqual(run.items);
    expect((await must(t.gql(RUN, { id: randomUUID() }, admin))).automationRun).toBeNull();
  });

  it('a run cannot act as of a later instant (only preview it)', async () => {
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const r = await t.gql(
      RUN_NOW,
      { input: { commandId: randomUUID(), job: 'ALL', asOf: later } },
      admin,
    );
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
  });
});
