import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationRunStreamId, automationStreamId } from '../../domain/automation/events.ts';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../domain/automation/settings.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { D } from '../../domain/shared/money.ts';
import { loadInvoice, loadWallet } from '../invoices/wallet-reads.ts';
import { vpsOrder } from '../orders/testing.ts';
import { recordProvisioned, recordProvisioningJob } from '../services/provisioning.ts';
import { loadService } from '../services/service-context.ts';
import { deployed, retryable, servicesWorld } from '../services/testing.ts';
import type { CommandContext } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { creditWallet, debitWallet } from '../wallet/payments.ts';
import { setAutoPay } from '../wallet/auto-pay.ts';
import { inProcessLock } from './ports.ts';
import {
  previewAutomation,
  runAutomation,
  runIdOf,
  runScheduled,
  scheduledCommandId,
  type RunDeps,
} from './run.ts';
import { changeAutomationSettings, loadAutomationSettings } from './settings.ts';
import { logReads } from './testing/log-reads.ts';
import { readWholeLog } from '../../eventstore/read-whole.ts';

const DAY = 86_400_000;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let deps: RunDeps;
/** The commands' clock: `shift` days after the real one. */
let shift = 0;
const now = () => new Date(Date.now() + shift * DAY);
let tenants = 0;

beforeAll(async () => {
  w = await servicesWorld('automationrun');
  deps = { ...w.deps, now, reads: logReads(w.store), lock: inProcessLock() };
});
afterAll(async () => w?.close());

/** A tenant of its own for each test (a run covers the whole tenant). */
async function freshTenant() {
  const T = uuidFrom(`test:automation-run-tenant:${++tenants}`);
  await w.tenant(T);
  await w.mapCloudStack(T);
  return T;
}

const system = (T: string, commandId: string): CommandContext => ({
  tenantId: T,
  actor: { userId: 'system', role: 'system' },
  commandId,
});
const staff = (T: string, commandId: string, permissions = ['automation.read', 'automation.run']) =>
  w.admin(T, commandId, permissions);

/** The clock `days` after (negative: before) a due date, midday in India. */
function atDueDate(dueDate: string, days: number) {
  shift = (Date.parse(`${dueDate}T06:30:00Z`) + days * DAY - Date.now()) / DAY;
}

async function drain(T: string, customerId: string, leave = '0.00') {
  const wallet = await loadWallet(w.store, customerId);
  const amount = wallet.balance.minus(leave);
  if (amount.gt(0))
    await debitWallet(w.deps, system(T, `drain-${customerId}-${leave.replace('.', '_')}`), {
      customerId,
      amount: amount.toFixed(2),
      description: 'spent elsewhere',
    });
}

async function running(T: string, opts: { drain?: boolean } = {}) {
  shift = 0;
  const s = await w.runningService(T);
  if (opts.drain) await drain(T, s.customer.id);
  const service = await loadService(w.store, T, s.serviceId);
  return { ...s, dueDate: service.nextDueDate };
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

const runEvents = async (runId: string) => w.store.readStream(automationRunStreamId(runId));

describe('automation settings', () => {
  it('the defaults; a change is an event naming what changed; the same again writes nothing; refusals by field', async () => {
    const T = await freshTenant();
    expect(await loadAutomationSettings(w.store, T)).toEqual(DEFAULT_AUTOMATION_SETTINGS);
    const admin = (id: string) => w.admin(T, id, ['automation.settings']);
    const r = await changeAutomationSettings(deps, admin('settings-1'), {
      suspendAfterDays: 5,
      overdueNoticeDays: [2, 6],
      autoPay: null,
    });
    expect(r.changed).toEqual(['overdueNoticeDays', 'suspendAfterDays']);
    expect(r.settings).toEqual({
      ...DEFAULT_AUTOMATION_SETTINGS,
      suspendAfterDays: 5,
      overdueNoticeDays: [2, 6],
    });
    expect(await loadAutomationSettings(w.store, T)).toEqual(r.settings);
    const same = await changeAutomationSettings(deps, admin('settings-2'), { suspendAfterDays: 5 });
    expect(same).toMatchObject({ changed: [], position: null });
    expect(await w.store.readStream(automationStreamId(T))).toHaveLength(1);

    const order = await refusal(
      changeAutomationSettings(deps, admin('settings-3'), { terminateAfterDays: 4 }),
    );
    expect(order.code).toBe('BAD_USER_INPUT');
    expect(order.issues[0]?.path).toEqual(['terminateAfterDays']);
    const shape = await refusal(
      changeAutomationSettings(deps, admin('settings-4'), { renewalDaysBefore: 'seven' }),
    );
    expect(shape.issues[0]?.path).toEqual(['renewalDaysBefore']);
    const unknown = await refusal(
      changeAutomationSettings(deps, admin('settings-5'), { graceDays: 3 }),
    );
    expect(unknown.code).toBe('BAD_USER_INPUT');
    const forbidden = await refusal(
      changeAutomationSettings(deps, w.admin(T, 'settings-6', ['automation.run']), {
        autoPay: false,
      }),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(await loadAutomationSettings(w.store, T)).toEqual(r.settings);
  });
});

describe('previewAutomation', () => {
  it('lists what a run would do as of any instant, with counts, writing nothing', async () => {
    const T = await freshTenant();
    const a = await running(T);
    const b = await running(T, { drain: true });
    const positionBefore = (await readWholeLog(w.store)).length;
    atDueDate(a.dueDate, -8);
    const early = await previewAutomation(deps, staff(T, 'preview-0'), {});
    expect(early.items).toEqual([]);
    shift = 0;
    const asOf = new Date(Date.parse(`${a.dueDate}T06:30:00Z`) - 7 * DAY).toISOString();
    const p = await previewAutomation(deps, staff(T, 'preview-1'), { asOf, job: 'RENEWALS' });
    // a's wallet covers its invoice: paid in the same run, listed right after it; b's is empty.
    expect(p).toMatchObject({ asOf, job: 'RENEWALS', counts: { RENEWAL_INVOICE: 2, AUTO_PAY: 1 } });
    const ofA = p.items.filter((i) => i.serviceId === a.serviceId);
    expect(ofA.map((i) => i.kind)).toEqual(['RENEWAL_INVOICE', 'AUTO_PAY']);
    expect(p.items.indexOf(ofA[1]!)).toBe(p.items.indexOf(ofA[0]!) + 1);
    expect(p.items.filter((i) => i.serviceId === b.serviceId).map((i) => i.kind)).toEqual([
      'RENEWAL_INVOICE',
    ]);
    expect(ofA[0]).toMatchObject({
      commandId: `renew:${a.serviceId}:${a.dueDate}`,
      amount: (await loadService(w.store, T, a.serviceId)).recurringAmount,
      invoiceId: ofA[1]!.invoiceId,
    });
    expect(ofA[0]!.description).toMatch(
      /^Renewal invoice for vm\d+\.example\.com, \d+ [A-Z][a-z]{2} \d{4} to \d+ [A-Z][a-z]{2} \d{4}$/,
    );
    expect(ofA[1]!.description).toMatch(
      /^Pay the renewal invoice of vm\d+\.example\.com from the wallet: ₹(\d{1,2},)*\d{1,3}\.\d\d$/,
    );
    const plannedPay = ofA[1]!;
    const reminders = await previewAutomation(deps, staff(T, 'preview-2'), {
      asOf,
      job: 'REMINDERS',
    });
    expect(reminders.items).toEqual([]);
    expect((await readWholeLog(w.store)).length).toBe(positionBefore);
    expect(
      (await refusal(previewAutomation(deps, w.admin(T, 'preview-3', ['billing.read']), {}))).code,
    ).toBe('FORBIDDEN');
    expect(
      (await refusal(previewAutomation(deps, staff(T, 'preview-4'), { job: 'ANY' }))).code,
    ).toBe('BAD_USER_INPUT');
    // The run does what the preview said, under the same command ids.
    atDueDate(a.dueDate, -7);
    const r = await runAutomation(deps, staff(T, 'preview-then-run'), { job: 'RENEWALS' });
    expect(r.items.map((i) => i.commandId).sort()).toEqual(p.items.map((i) => i.commandId).sort());
    expect(r.items.find((i) => i.kind === 'AUTO_PAY')).toMatchObject({
      commandId: plannedPay.commandId,
      invoiceId: plannedPay.invoiceId,
      outcome: 'DONE',
    });
    expect((await loadInvoice(w.store, T, plannedPay.invoiceId!)).state.total.toFixed(2)).toBe(
      plannedPay.amount,
    );
  });

  it('a customer’s wallet is shared: two invoices, money for one, one auto-payment planned and done', async () => {
    const T = await freshTenant();
    shift = 0;
    const order = await w.paidOrder(T, [
      ...vpsOrder('twin1.example.com'),
      ...vpsOrder('twin2.example.com'),
    ]);
    for (const serviceId of order.serviceIds) {
      const job = { tenantId: T, serviceId, attempt: 1 };
      await recordProvisioningJob(w.deps, job, { vmId: `vm-${serviceId}`, jobId: 'job-1' });
      await recordProvisioned(w.deps, job, deployed(`vm-${serviceId}`));
    }
    const customer = order.customer;
    const due = (await loadService(w.store, T, order.serviceIds[0]!)).nextDueDate;
    await setAutoPay(w.deps, customer.ctx('auto-pay-off-twins'), { enabled: false });
    atDueDate(due, -7);
    const issued = await runAutomation(deps, staff(T, 'run-twins-1'), { job: 'RENEWALS' });
    expect(issued.counts.counts).toEqual({ RENEWAL_INVOICE: 2 });
    const total = new D((await loadInvoice(w.store, T, issued.items[0]!.invoiceId!)).state.total);
    await drain(T, customer.id, total.times(1.5).toFixed(2));
    await setAutoPay(w.deps, customer.ctx('auto-pay-on-twins'), { enabled: true });

    const p = await previewAutomation(deps, staff(T, 'preview-twins'), { job: 'RENEWALS' });
    expect(p.items.map((i) => i.kind)).toEqual(['AUTO_PAY']);
    expect(p.items[0]!.amount).toBe(total.toFixed(2));
    const paid = await runAutomation(deps, staff(T, 'run-twins-2'), { job: 'ALL' });
    expect(paid.items.map((i) => [i.kind, i.outcome])).toEqual([['AUTO_PAY', 'DONE']]);
    expect((await loadWallet(w.store, customer.id)).balance.toFixed(2)).toBe(
      total.times(0.5).toFixed(2),
    );
  });
});

describe('runAutomation', () => {
  it('a renewal invoice issued and paid from the wallet in the same run; recorded with counts; nothing left to do after', async () => {
    const T = await freshTenant();
    const s = await running(T);
    atDueDate(s.dueDate, -7);
    const balance = (await loadWallet(w.store, s.customer.id)).balance;
    const r = await runAutomation(deps, staff(T, 'run-renew-1'), { job: 'ALL' });
    expect(r.runId).toBe(runIdOf(T, 'run-renew-1'));
    expect(r.items.map((i) => [i.kind, i.outcome])).toEqual([
      ['RENEWAL_INVOICE', 'DONE'],
      ['AUTO_PAY', 'DONE'],
    ]);
    const invoiceId = r.items[0]!.invoiceId!;
    expect(r.items[1]).toMatchObject({ invoiceId, serviceId: s.serviceId, detail: null });
    const invoice = (await loadInvoice(w.store, T, invoiceId)).state;
    expect(invoice.status).toBe('TAX_INVOICE');
    expect(balance.minus((await loadWallet(w.store, s.customer.id)).balance).toFixed(2)).toBe(
      invoice.total.toFixed(2),
    );
    expect(r.counts).toEqual({
      counts: { RENEWAL_INVOICE: 1, AUTO_PAY: 1 },
      alreadyDone: 0,
      skipped: 0,
      failed: 0,
    });
    const events = await runEvents(r.runId);
    expect(events.map((e) => e.type)).toEqual([
      'AutomationRunStarted',
      'AutomationRunItemsRecorded',
      'AutomationRunFinished',
    ]);
    expect(events[0]!.data).toMatchObject({
      job: 'ALL',
      trigger: 'STAFF',
      startedBy: staff(T, 'x').actor.userId,
      asOf: r.asOf,
    });
    expect(Math.abs(Date.parse(r.asOf) - now().getTime())).toBeLessThan(60_000);
    expect(events[2]!.data).toMatchObject({ counts: { RENEWAL_INVOICE: 1, AUTO_PAY: 1 } });

    // The same commandId again: the same run, nothing written.
    const again = await runAutomation(deps, staff(T, 'run-renew-1'), { job: 'ALL' });
    expect(again).toMatchObject({ runId: r.runId, replayed: true, items: r.items });
    expect(await runEvents(r.runId)).toHaveLength(3);
    // Another run: nothing to do.
    const next = await runAutomation(deps, staff(T, 'run-renew-2'), { job: 'ALL' });
    expect(next.items).toEqual([]);
    expect((await runEvents(next.runId)).map((e) => e.type)).toEqual([
      'AutomationRunStarted',
      'AutomationRunFinished',
    ]);
  });

  it('partial payments allowed: a short wallet pays what it has, the rest once topped up; paid in full once, then the tax invoice', async () => {
    const T = uuidFrom(`test:automation-run-tenant:${++tenants}`);
    await w.tenant(T, {}, { partialPayments: true, unpaidOrderDays: 7, roundOff: 'none' });
    await w.mapCloudStack(T);
    const s = await running(T, { drain: true });
    atDueDate(s.dueDate, -7);
    const issued = await runAutomation(deps, staff(T, 'run-partial-1'), { job: 'RENEWALS' });
    const invoiceId = issued.items[0]!.invoiceId!;
    const total = (await loadInvoice(w.store, T, invoiceId)).state.total;
    // An empty wallet pays nothing: no auto-payment at all.
    expect(issued.items.map((i) => [i.kind, i.outcome])).toEqual([['RENEWAL_INVOICE', 'DONE']]);

    const credit = (id: string, amount: string) =>
      creditWallet(w.deps, system(T, `credit-${id}`), {
        customerId: s.customer.id,
        creditId: uuidFrom(`credit-${T}-${id}`),
        amount,
        reason: 'money paid by bank',
        source: { kind: 'REFUND', id },
      });
    await credit('a', '400.00');
    atDueDate(s.dueDate, -6);
    const part = await runAutomation(deps, staff(T, 'run-partial-2'), { job: 'ALL' });
    expect(part.items.map((i) => [i.kind, i.outcome])).toEqual([['AUTO_PAY', 'DONE']]);
    let invoice = (await loadInvoice(w.store, T, invoiceId)).state;
    expect(invoice.status).toBe('PROFORMA');
    expect(invoice.paid.toFixed(2)).toBe('400.00');
    expect((await loadWallet(w.store, s.customer.id)).balance.toFixed(2)).toBe('0.00');
    // Nothing more to take: the next run pays nothing and reminds as usual.
    atDueDate(s.dueDate, -3);
    const waiting = await runAutomation(deps, staff(T, 'run-partial-3'), { job: 'ALL' });
    expect(waiting.items.map((i) => i.kind)).toEqual(['REMINDER']);

    await credit('b', '5000.00');
    const rest = await runAutomation(deps, staff(T, 'run-partial-4'), { job: 'ALL' });
    expect(rest.items.map((i) => [i.kind, i.outcome])).toEqual([['AUTO_PAY', 'DONE']]);
    invoice = (await loadInvoice(w.store, T, invoiceId)).state;
    expect(invoice.status).toBe('TAX_INVOICE');
    expect(invoice.paid.toFixed(2)).toBe(total.toFixed(2));
    expect((await loadWallet(w.store, s.customer.id)).balance.toFixed(2)).toBe(
      new D('5400.00').minus(total).toFixed(2),
    );
    expect((await runAutomation(deps, staff(T, 'run-partial-5'), { job: 'ALL' })).items).toEqual(
      [],
    );
  });

  it('a failing item is recorded FAILED and the others go on; the next run retries it', async () => {
    const T = await freshTenant();
    const a = await running(T, { drain: true });
    const b = await running(T, { drain: true });
    atDueDate(a.dueDate, -7);
    await runAutomation(deps, staff(T, 'run-fail-0'), { job: 'RENEWALS' });
    atDueDate(a.dueDate, 3);
    const [first] = [a, b].sort((x, y) => x.serviceId.localeCompare(y.serviceId));
    w.cloud.failNext(retryable(), 'stop');
    const r = await runAutomation(deps, staff(T, 'run-fail-1'), { job: 'SUSPENSIONS' });
    expect(r.items.map((i) => [i.kind, i.serviceId, i.outcome])).toEqual(
      [a, b]
        .map((x) => x.serviceId)
        .sort()
        .map((id) => ['SUSPEND', id, id === first!.serviceId ? 'FAILED' : 'DONE']),
    );
    expect(r.items.find((i) => i.outcome === 'FAILED')!.detail).toContain('could not stop');
    expect(r.counts).toMatchObject({ counts: { SUSPEND: 1 }, failed: 1 });
    expect((await loadService(w.store, T, first!.serviceId)).status).toBe('ACTIVE');
    const retry = await runAutomation(deps, staff(T, 'run-fail-2'), { job: 'SUSPENSIONS' });
    expect(retry.items.map((i) => [i.serviceId, i.outcome])).toEqual([[first!.serviceId, 'DONE']]);
    expect((await loadService(w.store, T, a.serviceId)).status).toBe('SUSPENDED');
    expect((await loadService(w.store, T, b.serviceId)).status).toBe('SUSPENDED');
  });

  it('two runs at once: one runs, the other is refused while it runs; one effect', async () => {
    const T = await freshTenant();
    const s = await running(T);
    atDueDate(s.dueDate, -7);
    const results = await Promise.allSettled([
      runAutomation(deps, staff(T, 'run-twice-1'), { job: 'ALL' }),
      runAutomation(deps, staff(T, 'run-twice-2'), { job: 'ALL' }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'CONFLICT',
      message: 'A run is in progress for this tenant; try again when it is done.',
    });
    const renewals = (await readWholeLog(w.store)).filter(
      (e) =>
        e.type === 'ProformaIssued' &&
        (e.data as { subject?: { serviceId?: string } }).subject?.serviceId === s.serviceId,
    );
    expect(renewals).toHaveLength(1);
  });

  it('refuses a later asOf, a job that is not one, staff without automation.run', async () => {
    const T = await freshTenant();
    shift = 0;
    const later = new Date(Date.now() + DAY).toISOString();
    const e = await refusal(
      runAutomation(deps, staff(T, 'run-later'), { job: 'ALL', asOf: later }),
    );
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.issues[0]?.path).toEqual(['asOf']);
    expect(
      (await refusal(runAutomation(deps, staff(T, 'run-badjob'), { job: 'EVERYTHING' }))).code,
    ).toBe('BAD_USER_INPUT');
    expect(
      (
        await refusal(
          runAutomation(deps, staff(T, 'run-noperm', ['automation.read']), { job: 'ALL' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });
});

describe('runScheduled', () => {
  it('two app processes ticking the same hour: one AutomationRunStarted, one effect; the hour again does nothing', async () => {
    const T = await freshTenant();
    const s = await running(T);
    atDueDate(s.dueDate, -7);
    const hour = new Date(Math.floor(now().getTime() / 3_600_000) * 3_600_000);
    // Two processes on one database: the database's lock is shared between them.
    const lock = inProcessLock();
    const one: RunDeps = { ...deps, lock };
    const two: RunDeps = { ...deps, lock, reads: logReads(w.store) };
    const [r1, r2] = await Promise.all([runScheduled(one, T, hour), runScheduled(two, T, hour)]);
    const runId = runIdOf(T, scheduledCommandId(T, hour));
    const ran = [r1, r2].filter((r) => r !== null);
    expect(ran.length).toBeGreaterThanOrEqual(1);
    for (const r of ran) expect(r!.runId).toBe(runId);
    const events = await runEvents(runId);
    expect(events.filter((e) => e.type === 'AutomationRunStarted')).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      trigger: 'SCHEDULE',
      startedBy: null,
      asOf: hour.toISOString(),
    });
    expect(events.filter((e) => e.type === 'AutomationRunFinished')).toHaveLength(1);
    const again = await runScheduled(one, T, hour);
    expect(again).toMatchObject({ runId, replayed: true, trigger: 'SCHEDULE' });
    expect(await runEvents(runId)).toHaveLength(events.length);
    const invoices = (await readWholeLog(w.store)).filter(
      (e) =>
        e.type === 'ProformaIssued' &&
        (e.data as { subject?: { serviceId?: string } }).subject?.serviceId === s.serviceId,
    );
    expect(invoices).toHaveLength(1);
  });
});
