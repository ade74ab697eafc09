import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueWork, type WorkItem } from '../../domain/automation/schedule.ts';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../domain/automation/settings.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { orderStreamId } from '../../domain/orders/events.ts';
import { addMonthsAnchored } from '../../domain/services/due-dates.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { payFromWallet } from '../invoices/wallet-payment.ts';
import { loadInvoice, loadWallet } from '../invoices/wallet-reads.ts';
import { placeOrder } from '../orders/place-order.ts';
import { sharedOrder } from '../orders/testing.ts';
import {
  requestCancellation,
  suspendService,
  withdrawCancellation,
} from '../services/lifecycle.ts';
import { invoiceRenewal, renewalCommandId, renewOnPayment } from '../services/renewal.ts';
import { loadService, type ServiceCommandDeps } from '../services/service-context.ts';
import { retryable, servicesWorld } from '../services/testing.ts';
import type { CommandContext } from '../shared/handler.ts';
import { debitWallet } from '../wallet/payments.ts';
import { setAutoPay } from '../wallet/auto-pay.ts';
import type { AutomationWork } from './ports.ts';
import { logReads } from './testing/log-reads.ts';
import { executeWork } from './work.ts';

const T = OPERATOR_TENANT_ID;
const DAY = 86_400_000;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let deps: ServiceCommandDeps;
/** The commands' clock: `shift` days after the real one. */
let shift = 0;
const now = () => new Date(Date.now() + shift * DAY);

beforeAll(async () => {
  w = await servicesWorld('automationwork');
  await w.tenant(T);
  deps = { ...w.deps, now };
  await w.mapCloudStack(T);
});
afterAll(async () => w?.close());

const system = (commandId: string): CommandContext => ({
  tenantId: T,
  actor: { userId: 'system', role: 'system' },
  commandId,
});
const at = () => ({ asOf: now().toISOString(), runId: '00000000-0000-4000-8000-000000000001' });
const run = (item: AutomationWork) => executeWork(deps, T, item, at());

/** What dueWork asks of the service now (its facts folded from the log). */
async function due(serviceId: string, settings = DEFAULT_AUTOMATION_SETTINGS) {
  const facts = (await logReads(w.store).serviceFacts(T)).find((f) => f.serviceId === serviceId)!;
  return dueWork(facts, settings, now().toISOString());
}
async function dueOf<K extends WorkItem['kind']>(serviceId: string, kind: K) {
  const item = (await due(serviceId)).find((i) => i.kind === kind);
  expect(item, `${kind} due`).toBeDefined();
  return item as Extract<WorkItem, { kind: K }>;
}

/** A running VPS whose renewal invoice is issued; the clock `days` after its due date. */
async function renewalIssued(opts: { drain?: boolean } = {}) {
  shift = 0;
  const s = await w.runningService(T);
  const service = await loadService(w.store, T, s.serviceId);
  const periodStart = service.nextDueDate;
  const periodEnd = addMonthsAnchored(periodStart, service.months, service.anchorDay);
  if (opts.drain) {
    const wallet = await loadWallet(w.store, s.customer.id);
    await debitWallet(deps, system(`drain-${s.serviceId}`), {
      customerId: s.customer.id,
      amount: wallet.balance.toFixed(2),
      description: 'drained for the test',
    });
  }
  const r = await invoiceRenewal(deps, system(renewalCommandId(s.serviceId, periodStart)), {
    serviceId: s.serviceId,
    periodStart,
    periodEnd,
  });
  return { ...s, periodStart, periodEnd, invoiceId: r.invoiceId, total: r.total };
}

/** The clock `days` after (negative: before) the due date, in India's midday. */
function atDueDate(periodStart: string, days: number) {
  const target = Date.parse(`${periodStart}T06:30:00Z`) + days * DAY;
  shift = (target - Date.now()) / DAY;
}

const typesOf = async (streamId: string) => (await w.store.readStream(streamId)).map((e) => e.type);

describe('executeWork', () => {
  it('RENEWAL_INVOICE: DONE with the invoice issued, ALREADY_DONE again, SKIPPED once cancelled at the end of the period', async () => {
    shift = 0;
    const s = await w.runningService(T);
    const service = await loadService(w.store, T, s.serviceId);
    atDueDate(service.nextDueDate, -7);
    const item = await dueOf(s.serviceId, 'RENEWAL_INVOICE');
    expect(item.commandId).toBe(`renew:${s.serviceId}:${service.nextDueDate}`);
    const done = await run(item);
    expect(done).toMatchObject({ outcome: 'DONE', detail: null });
    expect(done.issued?.invoiceId).toBeDefined();
    expect((await loadInvoice(w.store, T, done.issued!.invoiceId)).state.total.toFixed(2)).toBe(
      done.issued!.total,
    );
    const again = await run(item);
    expect(again).toMatchObject({ outcome: 'ALREADY_DONE', issued: done.issued });
    expect(await due(s.serviceId)).not.toContainEqual(
      expect.objectContaining({ kind: 'RENEWAL_INVOICE' }),
    );

    const other = await w.runningService(T);
    const o = await loadService(w.store, T, other.serviceId);
    const renewal: AutomationWork = {
      ...item,
      serviceId: other.serviceId,
      commandId: `renew:${other.serviceId}:${o.nextDueDate}`,
      periodStart: o.nextDueDate,
      periodEnd: addMonthsAnchored(o.nextDueDate, o.months, o.anchorDay),
    };
    await requestCancellation(deps, w.admin(T), {
      serviceId: other.serviceId,
      when: 'END_OF_PERIOD',
      reason: 'no longer needed',
    });
    const skipped = await run(renewal);
    expect(skipped.outcome).toBe('SKIPPED');
    expect(skipped.detail).toContain('it is not renewed');
  });

  it('AUTO_PAY: DONE from the wallet (the invoice numbered), ALREADY_DONE again, SKIPPED once paid', async () => {
    const s = await renewalIssued();
    atDueDate(s.periodStart, -7);
    const item = await dueOf(s.serviceId, 'AUTO_PAY');
    expect(item).toMatchObject({ invoiceId: s.invoiceId, amount: s.total });
    const before = (await loadWallet(w.store, s.customer.id)).balance;
    const done = await run(item);
    expect(done).toMatchObject({ outcome: 'DONE', paid: s.total });
    expect(before.minus((await loadWallet(w.store, s.customer.id)).balance).toFixed(2)).toBe(
      s.total,
    );
    expect((await loadInvoice(w.store, T, s.invoiceId)).state.status).toBe('TAX_INVOICE');
    expect(await run(item)).toMatchObject({ outcome: 'ALREADY_DONE', paid: s.total });
    // Another run's id for the same invoice (e.g. a stale read model): paid already, nothing.
    const stale = await run({ ...item, commandId: `${item.commandId}:stale` });
    expect(stale).toMatchObject({ outcome: 'SKIPPED' });
    expect(stale.detail).toContain('paid meanwhile');
    expect(before.minus((await loadWallet(w.store, s.customer.id)).balance).toFixed(2)).toBe(
      s.total,
    );
  });

  it('AUTO_PAY: SKIPPED when the wallet no longer covers it or auto-pay was turned off', async () => {
    const s = await renewalIssued();
    atDueDate(s.periodStart, -7);
    const item = await dueOf(s.serviceId, 'AUTO_PAY');
    const wallet = await loadWallet(w.store, s.customer.id);
    await debitWallet(deps, system(`drain-late-${s.serviceId}`), {
      customerId: s.customer.id,
      amount: wallet.balance.minus(1).toFixed(2),
      description: 'spent meanwhile',
    });
    const short = await run(item);
    expect(short.outcome).toBe('SKIPPED');
    expect(short.detail).toMatch(/^Insufficient wallet balance/);
    expect((await loadWallet(w.store, s.customer.id)).balance.toFixed(2)).toBe('1.00');
    expect((await loadInvoice(w.store, T, s.invoiceId)).state.status).toBe('PROFORMA');

    const t = await renewalIssued();
    atDueDate(t.periodStart, -7);
    const pay = await dueOf(t.serviceId, 'AUTO_PAY');
    await setAutoPay(deps, t.customer.ctx(`auto-pay-off-${t.serviceId}`), { enabled: false });
    expect(await run(pay)).toMatchObject({
      outcome: 'SKIPPED',
      detail: 'the customer turned auto-pay off',
    });
  });

  it('REMINDER: DONE once per kind, ALREADY_DONE again, SKIPPED once paid', async () => {
    const s = await renewalIssued({ drain: true });
    atDueDate(s.periodStart, -3);
    const item = await dueOf(s.serviceId, 'REMINDER');
    expect(item).toMatchObject({
      reminder: 'BEFORE_DUE',
      commandId: `remind:${s.invoiceId}:BEFORE_DUE`,
    });
    expect(await run(item)).toMatchObject({ outcome: 'DONE' });
    expect(await run(item)).toMatchObject({ outcome: 'ALREADY_DONE' });
    expect(await due(s.serviceId)).toEqual([]);
    atDueDate(s.periodStart, 0);
    const onDue = await dueOf(s.serviceId, 'REMINDER');
    expect(onDue.reminder).toBe('ON_DUE');
    await w.fund(T, s.customer.id, '100000.00');
    await payFromWallet(deps, s.customer.ctx(`pay-${s.invoiceId}`), {
      invoiceId: s.invoiceId,
      amount: null,
      partialAllowed: false,
    });
    const skipped = await run(onDue);
    expect(skipped.outcome).toBe('SKIPPED');
    expect(skipped.detail).toContain('this invoice is paid');
    const reminders = (await w.store.readStream(invoiceStreamId(s.invoiceId))).filter(
      (e) => e.type === 'InvoiceReminderSent',
    );
    expect(reminders.map((e) => (e.data as { reminder: string }).reminder)).toEqual(['BEFORE_DUE']);
  });

  it('SUSPEND: the module fails → FAILED, still ACTIVE; the next call suspends (module once), then ALREADY_DONE', async () => {
    const s = await renewalIssued({ drain: true });
    atDueDate(s.periodStart, 3);
    const item = await dueOf(s.serviceId, 'SUSPEND');
    expect(item.commandId).toBe(`suspend:${s.serviceId}:${s.periodStart}`);
    w.cloud.failNext(retryable(), 'stop');
    const failed = await run(item);
    expect(failed.outcome).toBe('FAILED');
    expect(failed.detail).toContain('could not stop just now');
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('ACTIVE');
    const stops = () => w.cloud.calls.filter((c) => c.op === 'stop' && c.vmId === s.vmId).length;
    expect(stops()).toBe(0);

    expect(await run(item)).toMatchObject({ outcome: 'DONE' });
    expect(await loadService(w.store, T, s.serviceId)).toMatchObject({
      status: 'SUSPENDED',
      suspension: 'NON_PAYMENT',
    });
    expect(await run(item)).toMatchObject({ outcome: 'ALREADY_DONE' });
    expect(stops()).toBe(1);
  });

  it('SUSPEND: SKIPPED when the payment arrived meanwhile (the peers’ suspension before the payment)', async () => {
    const s = await renewalIssued({ drain: true });
    atDueDate(s.periodStart, 3);
    const item = await dueOf(s.serviceId, 'SUSPEND');
    await w.fund(T, s.customer.id, '100000.00');
    await payFromWallet(deps, s.customer.ctx(`late-pay-${s.invoiceId}`), {
      invoiceId: s.invoiceId,
      amount: null,
      partialAllowed: false,
    });
    const skipped = await run(item);
    expect(skipped).toMatchObject({
      outcome: 'SKIPPED',
      detail: 'the invoice was paid meanwhile; not suspended',
    });
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('ACTIVE');
    expect(w.cloud.calls.filter((c) => c.op === 'stop' && c.vmId === s.vmId)).toEqual([]);
  });

  it('UNSUSPEND: paid after the suspension → DONE (module start), ALREADY_DONE again; staff’s suspension is SKIPPED', async () => {
    const s = await renewalIssued({ drain: true });
    atDueDate(s.periodStart, 4);
    await run(await dueOf(s.serviceId, 'SUSPEND'));
    await w.fund(T, s.customer.id, '100000.00');
    await payFromWallet(deps, s.customer.ctx(`pay-after-${s.invoiceId}`), {
      invoiceId: s.invoiceId,
      amount: null,
      partialAllowed: false,
    });
    await renewOnPayment(deps, { tenantId: T, correlationId: 'c', causationId: 'c' }, s.invoiceId);
    const item = await dueOf(s.serviceId, 'UNSUSPEND');
    expect(item.commandId).toBe(`unsuspend:${s.serviceId}:${s.invoiceId}`);
    expect(await run(item)).toMatchObject({ outcome: 'DONE' });
    expect(await loadService(w.store, T, s.serviceId)).toMatchObject({
      status: 'ACTIVE',
      suspension: null,
      nextDueDate: s.periodEnd,
    });
    expect(await run(item)).toMatchObject({ outcome: 'ALREADY_DONE' });
    expect(w.cloud.calls.filter((c) => c.op === 'start' && c.vmId === s.vmId)).toHaveLength(1);

    const t = await w.runningService(T);
    await suspendService(deps, w.admin(T), { serviceId: t.serviceId, reason: 'abuse report' });
    const staff = await run({
      ...item,
      serviceId: t.serviceId,
      commandId: `unsuspend:${t.serviceId}:x`,
    });
    expect(staff).toMatchObject({
      outcome: 'SKIPPED',
      detail: 'suspended by staff: staff unsuspend it',
    });
    expect((await loadService(w.store, T, t.serviceId)).status).toBe('SUSPENDED');
  });

  it('TERMINATE: the module fails → FAILED and nothing changed; then terminated with its proforma cancelled; ALREADY_DONE', async () => {
    const s = await renewalIssued({ drain: true });
    atDueDate(s.periodStart, 14);
    const work = await due(s.serviceId);
    expect(work.map((i) => i.kind)).toEqual(['TERMINATE']);
    const item = work[0] as Extract<WorkItem, { kind: 'TERMINATE' }>;
    w.cloud.failNext(retryable(), 'destroy');
    const failed = await run(item);
    expect(failed.outcome).toBe('FAILED');
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('ACTIVE');
    expect((await loadInvoice(w.store, T, s.invoiceId)).state.status).toBe('PROFORMA');

    expect(await run(item)).toMatchObject({ outcome: 'DONE' });
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('TERMINATED');
    expect((await loadInvoice(w.store, T, s.invoiceId)).state.status).toBe('CANCELLED');
    expect(await run(item)).toMatchObject({ outcome: 'ALREADY_DONE' });
    expect(w.cloud.calls.filter((c) => c.op === 'destroy' && c.vmId === s.vmId)).toHaveLength(1);
    expect(await due(s.serviceId).catch(() => 'gone')).toBe('gone');
  });

  it('CANCEL_RENEWAL_INVOICE and END_OF_PERIOD_TERMINATION: a cancellation at the end of the period; withdrawn: SKIPPED', async () => {
    const s = await renewalIssued({ drain: true });
    atDueDate(s.periodStart, -5);
    await requestCancellation(deps, s.customer.ctx(`cancel-eop-${s.serviceId}`), {
      serviceId: s.serviceId,
      when: 'END_OF_PERIOD',
      reason: 'moving elsewhere',
    });
    const cancel = await dueOf(s.serviceId, 'CANCEL_RENEWAL_INVOICE');
    expect(await run(cancel)).toMatchObject({ outcome: 'DONE' });
    expect(await run(cancel)).toMatchObject({ outcome: 'ALREADY_DONE' });
    expect((await loadInvoice(w.store, T, s.invoiceId)).state.status).toBe('CANCELLED');
    atDueDate(s.periodStart, 0);
    const end = await dueOf(s.serviceId, 'END_OF_PERIOD_TERMINATION');
    expect(end.commandId).toBe(`terminate:${s.serviceId}:${s.periodStart}`);
    expect(await run(end)).toMatchObject({ outcome: 'DONE' });
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('TERMINATED');
    expect(await run(end)).toMatchObject({ outcome: 'ALREADY_DONE' });

    const t = await w.runningService(T);
    const next = (await loadService(w.store, T, t.serviceId)).nextDueDate;
    await requestCancellation(deps, t.customer.ctx(`cancel-eop-${t.serviceId}`), {
      serviceId: t.serviceId,
      when: 'END_OF_PERIOD',
      reason: 'moving elsewhere',
    });
    atDueDate(next, 0);
    const item = await dueOf(t.serviceId, 'END_OF_PERIOD_TERMINATION');
    atDueDate(next, -1);
    await withdrawCancellation(deps, t.customer.ctx(`withdraw-${t.serviceId}`), {
      serviceId: t.serviceId,
    });
    expect(await run(item)).toMatchObject({
      outcome: 'SKIPPED',
      detail: 'the cancellation was withdrawn; not terminated',
    });
    expect((await loadService(w.store, T, t.serviceId)).status).toBe('ACTIVE');
  });

  it('END_OF_PERIOD_TERMINATION: the renewal invoice paid after the cancellation, before a run cancelled it: SKIPPED on the cancellation day, DONE at the end of the period paid for', async () => {
    const s = await renewalIssued();
    atDueDate(s.periodStart, -5);
    await requestCancellation(deps, s.customer.ctx(`cancel-then-pay-${s.serviceId}`), {
      serviceId: s.serviceId,
      when: 'END_OF_PERIOD',
      reason: 'moving elsewhere',
    });
    atDueDate(s.periodStart, 0);
    // Planned from facts read before the payment landed.
    const stale = await dueOf(s.serviceId, 'END_OF_PERIOD_TERMINATION');
    await payFromWallet(deps, system(`pay-after-cancel-${s.serviceId}`), {
      invoiceId: s.invoiceId,
      amount: null,
      partialAllowed: false,
    });
    await renewOnPayment(deps, { tenantId: T, correlationId: 'c', causationId: 'c' }, s.invoiceId);
    expect((await loadService(w.store, T, s.serviceId)).nextDueDate).toBe(s.periodEnd);
    expect(await run(stale)).toMatchObject({
      outcome: 'SKIPPED',
      detail: `the service is paid up to ${s.periodEnd}; not terminated`,
    });
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('ACTIVE');
    expect(await due(s.serviceId)).toEqual([]);
    atDueDate(s.periodEnd, 0);
    const end = await dueOf(s.serviceId, 'END_OF_PERIOD_TERMINATION');
    expect(end.commandId).toBe(`terminate:${s.serviceId}:${s.periodEnd}`);
    expect(await run(end)).toMatchObject({ outcome: 'DONE' });
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('TERMINATED');
  });

  it('CANCEL_UNPAID_ORDER: SKIPPED before it expires, DONE after (EXPIRED, proforma cancelled), ALREADY_DONE again', async () => {
    shift = 0;
    const c = await w.customer(T);
    const placed = await placeOrder(deps, c.ctx(`order-unpaid-${c.id}`), {
      items: sharedOrder('unpaid1'),
      pay: 'LATER',
    });
    const [order] = (await logReads(w.store).unpaidOrders(T)).filter(
      (o) => o.orderId === placed.orderId,
    );
    const item: AutomationWork = {
      kind: 'CANCEL_UNPAID_ORDER',
      commandId: `cancel-order:${placed.orderId}`,
      orderId: placed.orderId,
    };
    const early = await run(item);
    expect(early.outcome).toBe('SKIPPED');
    expect(early.detail).toBe(`the order stays open until ${order!.expiresAt}`);
    shift = (Date.parse(order!.expiresAt) - Date.now()) / DAY + 0.01;
    expect(await run(item)).toMatchObject({ outcome: 'DONE' });
    const events = await w.store.readStream(orderStreamId(placed.orderId));
    expect(events.at(-1)).toMatchObject({ type: 'OrderCancelled', data: { reason: 'EXPIRED' } });
    expect((await loadInvoice(w.store, T, placed.invoiceId)).state.status).toBe('CANCELLED');
    expect(await run(item)).toMatchObject({ outcome: 'ALREADY_DONE' });
    expect(await typesOf(orderStreamId(placed.orderId))).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it('an unknown service is SKIPPED; the database failing is FAILED with its message', async () => {
    const ghost = '5f0c6a52-0d7e-4d8f-9a55-7b1d1c7e0a99';
    expect(
      await run({
        kind: 'SUSPEND',
        commandId: `suspend:${ghost}:2027-01-01`,
        serviceId: ghost,
        invoiceId: ghost,
        dueDate: '2027-01-01',
      }),
    ).toMatchObject({ outcome: 'SKIPPED', detail: `service ${ghost} not found` });

    shift = 0;
    const s = await w.runningService(T);
    const { nextDueDate: next, anchorDay } = await loadService(w.store, T, s.serviceId);
    const broken = new Proxy(w.store, {
      get: (target, key, receiver) =>
        key === 'append'
          ? async () => {
              throw new Error('connection reset by peer');
            }
          : Reflect.get(target, key, receiver),
    }) as EventStore;
    const item: AutomationWork = {
      kind: 'RENEWAL_INVOICE',
      commandId: `renew:${s.serviceId}:${next}`,
      serviceId: s.serviceId,
      periodStart: next,
      periodEnd: addMonthsAnchored(next, 1, anchorDay),
    };
    const failed = await executeWork({ ...deps, store: broken }, T, item, at());
    expect(failed).toMatchObject({ outcome: 'FAILED', detail: 'connection reset by peer' });
    expect(await typesOf(serviceStreamId(s.serviceId))).not.toContain('RenewalInvoiced');
    expect(await run(item)).toMatchObject({ outcome: 'DONE' });
  });
});
