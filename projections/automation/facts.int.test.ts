import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import { todayInIndia } from '../../domain/services/due-dates.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { inProcessLock, type AutomationReads } from '../../commands/automation/ports.ts';
import { runScheduled, type RunDeps } from '../../commands/automation/run.ts';
import { logReads } from '../../commands/automation/testing/log-reads.ts';
import { payInvoiceFromWallet } from '../../commands/invoices/pay-from-wallet.ts';
import { loadInvoice, loadWallet } from '../../commands/invoices/wallet-reads.ts';
import { placeOrder } from '../../commands/orders/place-order.ts';
import { vpsOrder } from '../../commands/orders/testing.ts';
import { createServicesForOrder } from '../../commands/services/create-services.ts';
import { requestCancellation } from '../../commands/services/lifecycle.ts';
import { recordProvisioned, recordProvisioningJob } from '../../commands/services/provisioning.ts';
import { renewOnPayment } from '../../commands/services/renewal.ts';
import { loadService, type ServiceCommandDeps } from '../../commands/services/service-context.ts';
import { deployed, servicesWorld } from '../../commands/services/testing.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { debitWallet } from '../../commands/wallet/payments.ts';
import { setAutoPay } from '../../commands/wallet/auto-pay.ts';
import { allProjectors } from '../../server/areas/index.ts';
import { ProjectionRunner } from '../shared/runner.ts';
import { automationReads } from './facts.ts';
import { readWholeLog } from '../../eventstore/read-whole.ts';

/**
 * The scheduler's facts from the read models (facts.ts) against the same facts folded from the
 * log (commands/automation/testing/log-reads.ts), day after day over two months of billing on
 * a simulated clock: renewal invoices issued, auto-paid, paid late by hand, reminded, a service
 * suspended and unsuspended, one terminated for non-payment, an end-of-period cancellation, a
 * customer who turned auto-pay off, unpaid new orders. The log's fold is the reference; the
 * names a person reads (customer name, an order's total) only the read models know.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T = uuidFrom('test:automation-facts:tenant');
let w: Awaited<ReturnType<typeof servicesWorld>>;
let clock = new Date('2027-01-31T06:30:00Z');
let deps: ServiceCommandDeps;
let run: RunDeps;
let projections: ProjectionRunner;
let fromModels: AutomationReads;
let fromLog: AutomationReads;

beforeAll(async () => {
  w = await servicesWorld('automationfacts');
  deps = { ...w.deps, now: () => clock };
  fromLog = logReads(w.store);
  run = { ...deps, reads: fromLog, lock: inProcessLock() };
  const sql = (w.store as EventStore & { sql: Sql }).sql;
  projections = new ProjectionRunner(sql, w.store, allProjectors);
  await projections.start();
  fromModels = automationReads(sql);
  await w.tenant(T);
  await w.mapCloudStack(T);
});
afterAll(async () => {
  await projections?.stop();
  await w?.close();
});

const today = () => todayInIndia(clock.toISOString());
const noonOf = (ymd: string) => new Date(`${ymd}T06:30:00Z`);
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);
const system = (commandId: string) => ({
  tenantId: T,
  actor: { userId: 'system', role: 'system' as const },
  commandId,
});

async function order(name: string, keep = '0.00') {
  const c = await w.customer(T, { stateCode: '27' }, '20000.00');
  const placed = await placeOrder(deps, c.ctx(`order-${name}-facts`), {
    items: vpsOrder(`${name}.example.com`),
    pay: 'WALLET',
  });
  const cause = { tenantId: T, correlationId: `fulfil-${name}`, causationId: `fulfil-${name}` };
  const { serviceIds } = await createServicesForOrder(deps, cause, placed.orderId);
  const serviceId = serviceIds[0]!;
  const job = { tenantId: T, serviceId, attempt: 1 };
  await recordProvisioningJob(deps, job, { vmId: `vm-${serviceId}`, jobId: 'job-1' });
  await recordProvisioned(deps, job, deployed(`vm-${serviceId}`));
  const left = (await loadWallet(w.store, c.id)).balance.minus(keep);
  if (left.gt(0))
    await debitWallet(deps, system(`spend-${name}`), {
      customerId: c.id,
      amount: left.toFixed(2),
      description: 'spent elsewhere',
    });
  return { customer: c, serviceId };
}

let seen = 0;
async function renewalsProcess() {
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

/** The facts both ways once the read models caught up; invoices in one order on both sides. */
async function compare(label: string) {
  const last = (await readWholeLog(w.store)).at(-1)!.position;
  expect(await projections.waitFor(last, 20_000), 'read models caught up').toBe(true);
  const sorted = <F extends { invoices: readonly { invoiceId: string }[] }>(f: F) => ({
    ...f,
    invoices: [...f.invoices].sort((a, b) => a.invoiceId.localeCompare(b.invoiceId)),
  });
  const models = (await fromModels.serviceFacts(T)).map(sorted);
  const log = (await fromLog.serviceFacts(T)).map(sorted);
  expect(
    models.map(({ customerName: _n, ...f }) => f),
    `services on ${label}`,
  ).toEqual(log.map(({ customerName: _n, ...f }) => f));
  const orders = await fromModels.unpaidOrders(T);
  expect(
    orders.map(({ customerName: _n, total: _t, ...o }) => o),
    `unpaid orders on ${label}`,
  ).toEqual((await fromLog.unpaidOrders(T)).map(({ customerName: _n, total: _t, ...o }) => o));
  return { models, orders };
}

describe('automation facts from the read models', () => {
  it('are the log’s facts, day after day through renewals, payments, dunning and cancellations', async () => {
    const wallet = await order('wallet', '15000.00');
    const late = await order('late');
    const never = await order('never');
    const leaving = await order('leaving', '15000.00');
    const quitter = await order('quitter');
    await setAutoPay(deps, late.customer.ctx('no-auto-pay-facts'), { enabled: false });
    const pending = await w.customer(T, { stateCode: '27' }, '0.00');
    await placeOrder(deps, pending.ctx('unpaid-order-facts'), {
      items: vpsOrder('unpaid.example.com'),
    });
    const first = await compare('the first day');
    expect(first.models.map((f) => f.serviceId).sort()).toEqual(
      [wallet, late, never, leaving, quitter].map((s) => s.serviceId).sort(),
    );
    expect(first.models.find((f) => f.serviceId === late.serviceId)!.wallet.autoPay).toBe(false);
    expect(first.orders).toHaveLength(1);
    expect(first.orders[0]!.total).not.toBe('0.00');

    const doings: Record<string, () => Promise<void>> = {
      '2027-02-22': () =>
        requestCancellation(deps, leaving.customer.ctx('leave-facts'), {
          serviceId: leaving.serviceId,
          when: 'END_OF_PERIOD',
          reason: 'moving',
        }).then(() => {}),
      // Its renewal invoice open: cancelled by the next run, the service ends on its due date.
      '2027-02-23': () =>
        requestCancellation(deps, quitter.customer.ctx('quit-facts'), {
          serviceId: quitter.serviceId,
          when: 'END_OF_PERIOD',
          reason: 'no longer needed',
        }).then(() => {}),
      '2027-03-05': async () => {
        // Two days after suspension (due 28 Feb + 3): paid by hand, late.
        const s = await loadService(w.store, T, late.serviceId);
        const invoiceId = s.renewals[s.nextDueDate]!.invoiceId;
        const { state } = await loadInvoice(w.store, T, invoiceId);
        await w.fund(T, late.customer.id, state.total.minus(state.paid).toFixed(2));
        await payInvoiceFromWallet(deps, late.customer.ctx(`pay-${invoiceId}`), { invoiceId });
      },
    };
    const seenStates = new Set<string>();
    clock = noonOf('2027-02-19');
    while (today() <= '2027-03-16') {
      const ymd = today();
      clock = new Date(noonOf(ymd).getTime() - 2 * HOUR);
      await doings[ymd]?.();
      await renewalsProcess();
      clock = new Date(noonOf(ymd).getTime() - HOUR);
      const r = await runScheduled(run, T, hourOf(clock));
      expect(r!.counts.failed, `failures on ${ymd}`).toBe(0);
      await renewalsProcess();
      const { models } = await compare(ymd);
      for (const f of models)
        for (const i of f.invoices) seenStates.add(`${i.status}:${i.remindersSent.length > 0}`);
      for (const f of models) seenStates.add(`service:${f.status}:${f.cancellation !== null}`);
      clock = new Date(noonOf(ymd).getTime() + DAY);
    }
    // The days covered what the facts can say: every invoice state, reminders, a suspension
    // and a cancellation.
    expect([...seenStates].sort()).toEqual(
      expect.arrayContaining([
        'PAID:false',
        'UNPAID:true',
        'CANCELLED:false',
        'service:SUSPENDED:false',
        'service:ACTIVE:true',
      ]),
    );
    // The non-payer was terminated on due + 14, the quitter on its due date: both left the facts.
    const last = (await fromModels.serviceFacts(T)).map((f) => f.serviceId);
    expect(last).not.toContain(never.serviceId);
    expect(last).not.toContain(quitter.serviceId);
    // The unpaid order expired after 7 days and was cancelled by the run.
    expect(await fromModels.unpaidOrders(T)).toEqual([]);
  });
});
