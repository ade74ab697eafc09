import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceSubject } from '../../domain/invoices/events.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { inProcessLock } from '../../commands/automation/ports.ts';
import { runScheduled, type RunDeps } from '../../commands/automation/run.ts';
import { logReads } from '../../commands/automation/testing/log-reads.ts';
import { payInvoiceFromWallet } from '../../commands/invoices/pay-from-wallet.ts';
import { loadInvoice, loadWallet } from '../../commands/invoices/wallet-reads.ts';
import { placeOrder } from '../../commands/orders/place-order.ts';
import { vpsOrder } from '../../commands/orders/testing.ts';
import { createServicesForOrder } from '../../commands/services/create-services.ts';
import { recordProvisioned, recordProvisioningJob } from '../../commands/services/provisioning.ts';
import { loadService, type ServiceCommandDeps } from '../../commands/services/service-context.ts';
import { deployed, servicesWorld } from '../../commands/services/testing.ts';
import { memoryStore } from '../../commands/shared/testing/memory-store.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { debitWallet } from '../../commands/wallet/payments.ts';
import { renewalProcess } from './index.ts';
import { readWholeLog } from '../../eventstore/read-whole.ts';

/**
 * The renewals process on a paid renewal invoice: the service renewed from its old due date
 * and, when it was suspended for non-payment, unsuspended at once (not at the next run), under
 * the id the run would use, so the run then finds nothing to do. A paid order's invoice, and
 * the same payment again: nothing more.
 */

const T = uuidFrom('test:renewals-process:tenant');
let clock = new Date('2027-01-31T06:30:00Z');
let w: Awaited<ReturnType<typeof servicesWorld>>;
let deps: ServiceCommandDeps;
let run: RunDeps;
const HOUR = 3_600_000;
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);

beforeAll(async () => {
  w = await servicesWorld('renewalsprocess', memoryStore());
  deps = { ...w.deps, now: () => clock };
  run = { ...deps, reads: logReads(w.store), lock: inProcessLock() };
  await w.tenant(T);
  await w.mapCloudStack(T);
});
afterAll(async () => w?.close());

const paidEvents = async (invoiceId: string): Promise<RecordedEvent[]> =>
  (await readWholeLog(w.store)).filter(
    (e) => e.type === 'InvoicePaid' && (e.data as { invoiceId: string }).invoiceId === invoiceId,
  );

describe('renewals process', () => {
  it('a late payment renews from the old due date and unsuspends at once; the next run has nothing left', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '20000.00');
    const placed = await placeOrder(deps, c.ctx('order-renewals-process'), {
      items: vpsOrder('late.example.com'),
      pay: 'WALLET',
    });
    const cause = { tenantId: T, correlationId: 'fulfil-late', causationId: 'fulfil-late' };
    const { serviceIds } = await createServicesForOrder(deps, cause, placed.orderId);
    const serviceId = serviceIds[0]!;
    const job = { tenantId: T, serviceId, attempt: 1 };
    await recordProvisioningJob(deps, job, { vmId: `vm-${serviceId}`, jobId: 'job-1' });
    await recordProvisioned(deps, job, deployed(`vm-${serviceId}`));
    const left = (await loadWallet(w.store, c.id)).balance;
    await debitWallet(
      deps,
      { tenantId: T, actor: { userId: 'system', role: 'system' }, commandId: 'spend-all-renewals' },
      { customerId: c.id, amount: left.toFixed(2), description: 'spent elsewhere' },
    );
    const process = renewalProcess(deps, { log: () => {} });

    // The order's own invoice paid: not a renewal, nothing happens.
    const orderPaid = await paidEvents(placed.invoiceId);
    expect(orderPaid).toHaveLength(1);
    await process.react(orderPaid[0]!);
    expect((await w.store.readStream(serviceStreamId(serviceId))).map((e) => e.type)).not.toContain(
      'ServiceRenewed',
    );

    // Invoiced on 21 February, unpaid (empty wallet), suspended on 3 March.
    clock = new Date('2027-02-21T05:30:00Z');
    await runScheduled(run, T, hourOf(clock));
    clock = new Date('2027-03-03T05:30:00Z');
    await runScheduled(run, T, hourOf(clock));
    expect(await loadService(w.store, T, serviceId)).toMatchObject({
      status: 'SUSPENDED',
      suspension: 'NON_PAYMENT',
      nextDueDate: '2027-02-28',
    });

    // Paid by hand on 5 March; the process gets the payment.
    clock = new Date('2027-03-05T04:30:00Z');
    const s = await loadService(w.store, T, serviceId);
    const invoiceId = s.renewals['2027-02-28']!.invoiceId;
    const { state, events } = await loadInvoice(w.store, T, invoiceId);
    expect((events[0]!.data as { subject: InvoiceSubject }).subject.kind).toBe('RENEWAL');
    await w.fund(T, c.id, state.total.toFixed(2));
    await payInvoiceFromWallet(deps, c.ctx(`pay-late-${invoiceId}`), { invoiceId });
    const [paid] = await paidEvents(invoiceId);
    await process.react(paid!);
    await process.react(paid!); // redelivered

    const history = (await w.store.readStream(serviceStreamId(serviceId))).map((e) => e.type);
    expect(history.filter((t) => t === 'ServiceRenewed')).toHaveLength(1);
    expect(history.filter((t) => t === 'ServiceUnsuspended')).toHaveLength(1);
    expect(await loadService(w.store, T, serviceId)).toMatchObject({
      status: 'ACTIVE',
      suspension: null,
      nextDueDate: '2027-03-31',
    });

    // The run that hour: its unsuspension was done already, nothing is done again.
    clock = new Date('2027-03-05T05:30:00Z');
    const r = await runScheduled(run, T, hourOf(clock));
    expect(r!.items.filter((i) => i.kind === 'UNSUSPEND' && i.outcome === 'DONE')).toEqual([]);
    const after = (await w.store.readStream(serviceStreamId(serviceId))).map((e) => e.type);
    expect(after.filter((t) => t === 'ServiceUnsuspended')).toHaveLength(1);
  });
});
