/**
 * Billing automation through months on a simulated clock (issue 13 "Exactly once, proven"):
 * orders on 31 January, the schedule's run every day (and a second run the same day that must
 * find nothing new), the renewals process (InvoicePaid → renewOnPayment) played after every
 * step, customers who pay from the wallet, late, never, or cancel. Then the peers' bugs
 * (BILLING.md, last section) one by one. On the event store in memory, so months take seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationRunStreamId } from '../../domain/automation/events.ts';
import { invoiceStreamId, type InvoiceSubject } from '../../domain/invoices/events.ts';
import { todayInIndia } from '../../domain/services/due-dates.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import { D } from '../../domain/shared/money.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { payInvoiceFromWallet } from '../invoices/pay-from-wallet.ts';
import { loadInvoice, loadWallet } from '../invoices/wallet-reads.ts';
import { placeOrder } from '../orders/place-order.ts';
import { vpsOrder } from '../orders/testing.ts';
import { createServicesForOrder } from '../services/create-services.ts';
import { requestCancellation } from '../services/lifecycle.ts';
import { recordProvisioned, recordProvisioningJob } from '../services/provisioning.ts';
import { renewOnPayment } from '../services/renewal.ts';
import { loadService, type ServiceCommandDeps } from '../services/service-context.ts';
import { deployed, servicesWorld } from '../services/testing.ts';
import type { CommandContext } from '../shared/handler.ts';
import { memoryStore } from '../shared/testing/memory-store.ts';
import { uuidFrom } from '../shared/ids.ts';
import { debitWallet } from '../wallet/payments.ts';
import { setAutoPay } from '../wallet/auto-pay.ts';
import { inProcessLock, type AutomationReads } from './ports.ts';
import { runAutomation, runScheduled, type RunDeps } from './run.ts';
import { logReads } from './testing/log-reads.ts';
import { readWholeLog } from '../../eventstore/read-whole.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
let w: Awaited<ReturnType<typeof servicesWorld>>;
/** The simulated clock every command reads. */
let clock = new Date('2027-01-31T06:30:00Z');
let deps: ServiceCommandDeps;
let run: RunDeps;
let tenants = 0;

beforeAll(async () => {
  w = await servicesWorld('automationmonths', memoryStore());
  deps = { ...w.deps, now: () => clock };
  run = { ...deps, reads: logReads(w.store), lock: inProcessLock() };
});
afterAll(async () => w?.close());

const today = () => todayInIndia(clock.toISOString());
/** 12:00 in India on `ymd`. */
const noonOf = (ymd: string) => new Date(`${ymd}T06:30:00Z`);
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);
const system = (T: string, commandId: string) => ({
  tenantId: T,
  actor: { userId: 'system', role: 'system' as const },
  commandId,
});

async function freshTenant() {
  const T = uuidFrom(`test:automation-months:${++tenants}`);
  await w.tenant(T);
  await w.mapCloudStack(T);
  return T;
}

/** A customer's VPS (VPS Pro with cPanel and backup, an add-on among its lines) ordered now, paid from the wallet, running. */
async function order(T: string, name: string, opts: { keep?: string } = {}) {
  const c = await w.customer(T, { stateCode: '27' }, '20000.00');
  const placed = await placeOrder(deps, c.ctx(`order-${name}-${T}`), {
    items: vpsOrder(`${name}.example.com`),
    pay: 'WALLET',
  });
  const cause = { tenantId: T, correlationId: `fulfil-${name}`, causationId: `fulfil-${name}` };
  const { serviceIds } = await createServicesForOrder(deps, cause, placed.orderId);
  const serviceId = serviceIds[0]!;
  const job = { tenantId: T, serviceId, attempt: 1 };
  await recordProvisioningJob(deps, job, { vmId: `vm-${serviceId}`, jobId: 'job-1' });
  await recordProvisioned(deps, job, deployed(`vm-${serviceId}`));
  const left = (await loadWallet(w.store, c.id)).balance.minus(opts.keep ?? '0.00');
  if (left.gt(0))
    await debitWallet(deps, system(T, `spend-${name}-${T}`), {
      customerId: c.id,
      amount: left.toFixed(2),
      description: 'spent elsewhere',
    });
  return { customer: c, serviceId, vmId: `vm-${serviceId}`, name };
}

/** The renewals process: every paid renewal invoice renews its service (as the reactor does). */
let seen = 0;
async function renewalsProcess(T: string) {
  const all = await readWholeLog(w.store);
  for (const e of all.slice(seen))
    if (e.type === 'InvoicePaid' && e.metadata.tenantId === T)
      await renewOnPayment(
        deps,
        { tenantId: T, correlationId: e.id, causationId: e.id },
        (e.data as { invoiceId: string }).invoiceId,
      );
  seen = all.length;
}

/** The renewal invoices of a service, in the order issued, with their events. */
async function renewalInvoices(serviceId: string) {
  const all = await readWholeLog(w.store);
  const issued = all.filter(
    (e) =>
      e.type === 'ProformaIssued' &&
      (e.data as { subject?: InvoiceSubject }).subject?.serviceId === serviceId &&
      (e.data as { subject?: InvoiceSubject }).subject?.kind === 'RENEWAL',
  );
  return Promise.all(
    issued.map(async (e) => {
      const d = e.data as {
        invoiceId: string;
        subject: Extract<InvoiceSubject, { kind: 'RENEWAL' }>;
        sources: { kind: string; refId: string }[];
        document: { lines: { description: string }[]; totals: { total: string } };
      };
      const events = await w.store.readStream(invoiceStreamId(d.invoiceId));
      return {
        invoiceId: d.invoiceId,
        periodStart: d.subject.periodStart,
        periodEnd: d.subject.periodEnd,
        issuedOn: dayOf(e),
        sources: d.sources.map((s) => `${s.kind}:${s.refId}`),
        lines: d.document.lines.length,
        total: d.document.totals.total,
        events,
        paidOn: dayOfFirst(events, 'InvoicePaid'),
        cancelledOn: dayOfFirst(events, 'ProformaCancelled'),
        reminders: events
          .filter((x) => x.type === 'InvoiceReminderSent')
          .map((x) => `${(x.data as { reminder: string }).reminder}@${dayOf(x)}`),
      };
    }),
  );
}

const dayOf = (e: RecordedEvent) => todayInIndia(e.metadata.occurredAt);
const dayOfFirst = (events: RecordedEvent[], type: string) => {
  const e = events.find((x) => x.type === type);
  return e ? dayOf(e) : null;
};

async function serviceHistory(serviceId: string) {
  const events = await w.store.readStream(serviceStreamId(serviceId));
  return events
    .filter((e) =>
      ['ServiceSuspended', 'ServiceUnsuspended', 'ServiceTerminated', 'ServiceRenewed'].includes(
        e.type,
      ),
    )
    .map((e) =>
      e.type === 'ServiceRenewed'
        ? `renewed@${dayOf(e)}→${(e.data as { nextDueDate: string }).nextDueDate}`
        : `${e.type.slice('Service'.length).toLowerCase()}@${dayOf(e)}`,
    );
}

/** Customer pays the invoice of `serviceId`'s current period by hand: funded, then paid from the wallet. */
async function payByHand(
  T: string,
  s: { customer: { id: string; ctx: (id: string) => CommandContext }; serviceId: string },
) {
  const service = await loadService(w.store, T, s.serviceId);
  const invoiceId = service.renewals[service.nextDueDate]!.invoiceId;
  const { state } = await loadInvoice(w.store, T, invoiceId);
  await w.fund(T, s.customer.id, state.total.minus(state.paid).toFixed(2));
  await payInvoiceFromWallet(deps, s.customer.ctx(`pay-by-hand-${invoiceId}`), { invoiceId });
}

/**
 * One day: the customers' doings at 10:00 in India, the renewals process, the schedule's run
 * at 11:30 (its hour), the process again, a second run at 12:00 that must do nothing new.
 */
async function day(T: string, doings: Record<string, () => Promise<void>> = {}) {
  const ymd = today();
  clock = new Date(noonOf(ymd).getTime() - 2 * HOUR);
  await doings[ymd]?.();
  await renewalsProcess(T);
  clock = new Date(noonOf(ymd).getTime() - HOUR);
  const scheduled = await runScheduled(run, T, hourOf(clock));
  expect(scheduled).not.toBeNull();
  expect(scheduled!.counts.failed, `failures on ${ymd}`).toBe(0);
  await renewalsProcess(T);
  clock = noonOf(ymd);
  const again = await runAutomation(run, system(T, `again-${ymd}-${T}`), { job: 'ALL' });
  expect(again.counts.counts, `a second run on ${ymd} did something`).toEqual({});
  await renewalsProcess(T);
  clock = new Date(noonOf(ymd).getTime() + DAY);
  return scheduled!;
}

async function until(T: string, ymd: string, doings: Record<string, () => Promise<void>> = {}) {
  while (today() <= ymd) await day(T, doings);
}

describe('six months of billing from 31 January', () => {
  it('renews on the month-end anchor, auto-pays, dunning on time and once, late payment from the old due date', async () => {
    clock = noonOf('2027-01-31');
    seen = 0;
    const T = await freshTenant();
    const wallet = await order(T, 'wallet', { keep: '15000.00' }); // auto-pay
    const late = await order(T, 'late');
    const never = await order(T, 'never');
    const leaving = await order(T, 'leaving', { keep: '15000.00' });
    await setAutoPay(deps, late.customer.ctx(`no-auto-pay-${T}`), { enabled: false });
    for (const s of [wallet, late, never, leaving])
      expect(await loadService(w.store, T, s.serviceId)).toMatchObject({
        periodStart: '2027-01-31',
        nextDueDate: '2027-02-28',
        anchorDay: 31,
      });

    const byHand = (s: typeof late) => () => payByHand(T, s);
    await until(T, '2027-08-01', {
      '2027-03-02': byHand(late), // 2 days late, before suspension
      '2027-04-05': byHand(late), // suspended on 3 April, paid 5 April
      '2027-05-03': byHand(late), // paid on the morning suspension was due
      '2027-05-31': byHand(late),
      '2027-06-30': byHand(late),
      '2027-07-31': byHand(late),
      '2027-03-10': async () => {
        await requestCancellation(deps, leaving.customer.ctx(`leave-${T}`), {
          serviceId: leaving.serviceId,
          when: 'END_OF_PERIOD',
          reason: 'moving to another host',
        });
      },
    });

    // The wallet customer: one invoice a period, month-end due dates, each issued 7 days before
    // and paid from the wallet the same day; the plan's and add-ons' lines once each.
    const dues = [
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
      '2027-06-30',
      '2027-07-31',
    ];
    const next = [
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
      '2027-06-30',
      '2027-07-31',
      '2027-08-31',
    ];
    const a = await renewalInvoices(wallet.serviceId);
    expect(a.map((i) => [i.periodStart, i.periodEnd])).toEqual(dues.map((d, n) => [d, next[n]]));
    expect(a.map((i) => i.issuedOn)).toEqual([
      '2027-02-21',
      '2027-03-24',
      '2027-04-23',
      '2027-05-24',
      '2027-06-23',
      '2027-07-24',
    ]);
    expect(a.map((i) => i.paidOn)).toEqual(a.map((i) => i.issuedOn));
    for (const i of a) {
      expect(i.lines).toBe(3);
      expect(new Set(i.sources).size).toBe(3);
      expect(i.sources.filter((s) => s.startsWith('RENEWAL_ADDON:'))).toHaveLength(2);
      expect(i.sources.filter((s) => s.startsWith('RENEWAL_PLAN:'))).toHaveLength(1);
      expect(i.total).toBe(a[0]!.total);
      expect(i.reminders).toEqual([]);
      expect((await loadInvoice(w.store, T, i.invoiceId)).state.status).toBe('TAX_INVOICE');
    }
    expect(await serviceHistory(wallet.serviceId)).toEqual(
      a.map((i, n) => `renewed@${i.issuedOn}→${next[n]}`),
    );
    expect((await loadWallet(w.store, wallet.customer.id)).balance.toFixed(2)).toBe(
      new D('15000.00').minus(new D(a[0]!.total).times(6)).toFixed(2),
    );

    // The late payer: next due dates from the old due date, suspended exactly 3 days after due
    // when unpaid, unsuspended once paid, never suspended when the money came that morning.
    const b = await renewalInvoices(late.serviceId);
    expect(b.map((i) => i.periodStart)).toEqual(dues);
    expect(b.map((i) => i.paidOn)).toEqual([
      '2027-03-02',
      '2027-04-05',
      '2027-05-03',
      '2027-05-31',
      '2027-06-30',
      '2027-07-31',
    ]);
    expect(await serviceHistory(late.serviceId)).toEqual([
      'renewed@2027-03-02→2027-03-31',
      'suspended@2027-04-03',
      'renewed@2027-04-05→2027-04-30',
      'unsuspended@2027-04-05',
      'renewed@2027-05-03→2027-05-31',
      'renewed@2027-05-31→2027-06-30',
      'renewed@2027-06-30→2027-07-31',
      'renewed@2027-07-31→2027-08-31',
    ]);
    expect(b[0]!.reminders).toEqual([
      'BEFORE_DUE@2027-02-25',
      'ON_DUE@2027-02-28',
      'OVERDUE_1@2027-03-01',
    ]);
    expect(b[1]!.reminders).toEqual([
      'BEFORE_DUE@2027-03-28',
      'ON_DUE@2027-03-31',
      'OVERDUE_1@2027-04-01',
      'OVERDUE_3@2027-04-03',
    ]);
    // Paid on the due date's morning: no ON_DUE reminder.
    expect(b[3]!.reminders).toEqual(['BEFORE_DUE@2027-05-28']);
    expect(w.cloud.calls.filter((c) => c.vmId === late.vmId).map((c) => c.op)).toEqual([
      'stop',
      'start',
    ]);

    // The one who never pays: each reminder kind once on its day, suspended 3 days after due,
    // terminated 14 days after, the unpaid renewal proforma cancelled; nothing after that.
    const c = await renewalInvoices(never.serviceId);
    expect(c).toHaveLength(1);
    expect(c[0]!.reminders).toEqual([
      'BEFORE_DUE@2027-02-25',
      'ON_DUE@2027-02-28',
      'OVERDUE_1@2027-03-01',
      'OVERDUE_3@2027-03-03',
      'OVERDUE_7@2027-03-07',
    ]);
    expect(c[0]!.cancelledOn).toBe('2027-03-14');
    expect(await serviceHistory(never.serviceId)).toEqual([
      'suspended@2027-03-03',
      'terminated@2027-03-14',
    ]);
    expect(w.cloud.calls.filter((x) => x.vmId === never.vmId).map((x) => x.op)).toEqual([
      'stop',
      'destroy',
    ]);

    // Cancelled at the end of its period: renewed once (auto-pay), then no renewal invoice for
    // the next period and terminated on its due date.
    const d = await renewalInvoices(leaving.serviceId);
    expect(d.map((i) => [i.periodStart, i.paidOn])).toEqual([['2027-02-28', '2027-02-21']]);
    expect(await serviceHistory(leaving.serviceId)).toEqual([
      'renewed@2027-02-21→2027-03-31',
      'terminated@2027-03-31',
    ]);

    // Every run recorded; the schedule's once a day.
    const runs = (await readWholeLog(w.store)).filter(
      (e) => e.type === 'AutomationRunStarted' && e.metadata.tenantId === T,
    );
    const scheduled = runs.filter((e) => (e.data as { trigger: string }).trigger === 'SCHEDULE');
    expect(scheduled.length).toBe(runs.length / 2);
    for (const r of runs)
      expect(
        (await w.store.readStream(automationRunStreamId((r.data as { runId: string }).runId))).at(
          -1,
        )!.type,
      ).toBe('AutomationRunFinished');
  });

  it('a leap year: 31 January 2028 renews on 29 February, then 31 March', async () => {
    clock = noonOf('2028-01-31');
    seen = 0;
    const T = await freshTenant();
    const s = await order(T, 'leap', { keep: '10000.00' });
    await until(T, '2028-03-25');
    expect((await renewalInvoices(s.serviceId)).map((i) => [i.periodStart, i.issuedOn])).toEqual([
      ['2028-02-29', '2028-02-22'],
      ['2028-03-31', '2028-03-24'],
    ]);
    expect((await loadService(w.store, T, s.serviceId)).nextDueDate).toBe('2028-04-30');
  });
});

describe('the peers’ bugs (BILLING.md)', () => {
  it('a payment and the scheduler racing: one payment, one renewal, the next period invoiced once', async () => {
    clock = noonOf('2027-01-31');
    seen = 0;
    const T = await freshTenant();
    const s = await order(T, 'race');
    await until(T, '2027-02-27');
    const [invoice] = await renewalInvoices(s.serviceId);
    expect(invoice!.paidOn).toBeNull();
    // The wallet now holds enough for two: the customer pays while the schedule auto-pays.
    await w.fund(T, s.customer.id, new D(invoice!.total).times(2).toFixed(2));
    clock = new Date(noonOf('2027-02-28').getTime() - HOUR);
    const [paid, ran] = await Promise.allSettled([
      payInvoiceFromWallet(deps, s.customer.ctx(`race-pay-${T}`), {
        invoiceId: invoice!.invoiceId,
      }),
      runScheduled(run, T, hourOf(clock)),
    ]);
    expect(ran.status).toBe('fulfilled');
    await Promise.all([
      renewalsProcess(T),
      renewOnPayment(
        deps,
        { tenantId: T, correlationId: 'x', causationId: 'x' },
        invoice!.invoiceId,
      ),
    ]);
    const { state } = await loadInvoice(w.store, T, invoice!.invoiceId);
    expect(Object.keys(state.payments)).toHaveLength(1);
    expect(state.status).toBe('TAX_INVOICE');
    expect((await loadWallet(w.store, s.customer.id)).balance.toFixed(2)).toBe(
      new D(invoice!.total).toFixed(2),
    );
    expect(paid.status === 'fulfilled' || (paid.reason as Error).message.includes('paid')).toBe(
      true,
    );
    clock = new Date(noonOf('2027-02-28').getTime() + DAY);
    await until(T, '2027-03-25');
    const invoices = await renewalInvoices(s.serviceId);
    expect(invoices.map((i) => i.periodStart)).toEqual(['2027-02-28', '2027-03-31']);
    expect(await serviceHistory(s.serviceId)).toEqual([
      'renewed@2027-02-28→2027-03-31',
      'renewed@2027-03-24→2027-04-30',
    ]);
  });

  it('a reminder is never sent twice: every hour of the due date, and two processes at once', async () => {
    clock = noonOf('2027-01-31');
    seen = 0;
    const T = await freshTenant();
    const s = await order(T, 'hourly');
    await until(T, '2027-02-27');
    for (let h = 0; h < 24; h++) {
      clock = new Date(Date.parse('2027-02-27T18:30:00Z') + h * HOUR + 60_000);
      const other: RunDeps = { ...run, lock: inProcessLock() };
      await Promise.all([
        runScheduled(run, T, hourOf(clock)),
        runAutomation(other, system(T, `hourly-${h}-${T}`), { job: 'REMINDERS' }),
      ]);
    }
    const [invoice] = await renewalInvoices(s.serviceId);
    expect(invoice!.reminders).toEqual(['BEFORE_DUE@2027-02-25', 'ON_DUE@2027-02-28']);
  });

  it('no suspension when the payment arrived after the run read its facts', async () => {
    clock = noonOf('2027-01-31');
    seen = 0;
    const T = await freshTenant();
    const s = await order(T, 'stale');
    await until(T, '2027-03-02');
    clock = new Date(noonOf('2027-03-03').getTime() - HOUR);
    // The read model lags: the run sees the invoice unpaid, but it was paid a moment ago.
    const stale = await run.reads.serviceFacts(T);
    await payByHand(T, s);
    const lagging: AutomationReads = { ...run.reads, serviceFacts: async () => stale };
    const r = await runAutomation({ ...run, reads: lagging }, system(T, `stale-run-${T}`), {
      job: 'ALL',
    });
    const suspend = r.items.find((i) => i.kind === 'SUSPEND');
    expect(suspend).toMatchObject({
      serviceId: s.serviceId,
      outcome: 'SKIPPED',
      detail: 'the invoice was paid meanwhile; not suspended',
    });
    expect(r.items.find((i) => i.kind === 'REMINDER')).toMatchObject({ outcome: 'SKIPPED' });
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('ACTIVE');
    expect(await serviceHistory(s.serviceId)).toEqual([]);
    expect(w.cloud.calls.filter((c) => c.vmId === s.vmId)).toEqual([]);
  });

  it('two processes running everything at once (without a shared lock): one invoice with its lines once, one payment, one suspension', async () => {
    clock = noonOf('2027-01-31');
    seen = 0;
    const T = await freshTenant();
    const payer = await order(T, 'twin-payer', { keep: '10000.00' });
    const debtor = await order(T, 'twin-debtor');
    await until(T, '2027-02-20');
    const both = async (name: string) => {
      const one: RunDeps = { ...run, lock: inProcessLock() };
      const two: RunDeps = { ...run, lock: inProcessLock(), reads: logReads(w.store) };
      const results = await Promise.all([
        runAutomation(one, system(T, `${name}-1-${T}`), { job: 'ALL' }),
        runAutomation(two, system(T, `${name}-2-${T}`), { job: 'ALL' }),
      ]);
      await renewalsProcess(T);
      return results;
    };
    await both('invoice-day');
    const [p] = await renewalInvoices(payer.serviceId);
    const [d] = await renewalInvoices(debtor.serviceId);
    expect((await renewalInvoices(payer.serviceId)).length).toBe(1);
    expect((await renewalInvoices(debtor.serviceId)).length).toBe(1);
    expect(p!.lines).toBe(3);
    expect(new Set(p!.sources).size).toBe(3);
    expect(Object.keys((await loadInvoice(w.store, T, p!.invoiceId)).state.payments)).toHaveLength(
      1,
    );
    expect((await loadService(w.store, T, payer.serviceId)).nextDueDate).toBe('2027-03-31');

    clock = noonOf('2027-03-03');
    await both('suspend-day');
    expect(await serviceHistory(debtor.serviceId)).toEqual(['suspended@2027-03-03']);
    expect(w.cloud.calls.filter((c) => c.vmId === debtor.vmId).map((c) => c.op)).toEqual(['stop']);
    expect(d!.invoiceId).toBeDefined();
    const reminders = (await w.store.readStream(invoiceStreamId(d!.invoiceId))).filter(
      (e) => e.type === 'InvoiceReminderSent',
    );
    expect(reminders.map((e) => (e.data as { reminder: string }).reminder)).toEqual(['OVERDUE_3']);
  });
});
