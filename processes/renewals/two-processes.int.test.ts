import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres, { type Sql } from 'postgres';
import { automationRunStreamId } from '../../domain/automation/events.ts';
import type { InvoiceSubject } from '../../domain/invoices/events.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import { runIdOf, scheduledCommandId } from '../../commands/automation/run.ts';
import { loadWallet } from '../../commands/invoices/wallet-reads.ts';
import { placeOrder } from '../../commands/orders/place-order.ts';
import { vpsOrder } from '../../commands/orders/testing.ts';
import { createServicesForOrder } from '../../commands/services/create-services.ts';
import { recordProvisioned, recordProvisioningJob } from '../../commands/services/provisioning.ts';
import { loadService, type ServiceCommandDeps } from '../../commands/services/service-context.ts';
import { deployed, servicesWorld } from '../../commands/services/testing.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { debitWallet } from '../../commands/wallet/payments.ts';
import { allProjectors } from '../../server/areas/index.ts';
import type { ReactorDeps } from '../../server/areas/area.ts';
import {
  automationRunDeps,
  automationSchedulerOf,
  postgresAutomationReads,
} from '../../server/areas/automation.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { postgresAutomationLock } from '../../integrations/automation/lock-postgres.ts';
import { ProjectionRunner } from '../../projections/shared/runner.ts';
import { renewalProcess } from './index.ts';
import type { AutomationScheduler } from './scheduler.ts';
import { readWholeLog } from '../../eventstore/read-whole.ts';

/**
 * Two app processes on one database (issue 13, "a test starts two"): each with its own
 * connections to the log and the read models, its own projections, scheduler, lock and renewals
 * process, as server/areas/automation.ts wires them. Both tick the same hour at the same moment:
 * one run, one renewal invoice per service, one auto-payment, and, both reacting to each
 * payment, one renewal of each service. Ticking the hour again, or both ticking the next hour,
 * adds no invoice.
 */

const T = uuidFrom('test:automation-two-processes:tenant');
let clock = new Date('2027-01-31T06:30:00Z');
let w: Awaited<ReturnType<typeof servicesWorld>>;
let deps: ServiceCommandDeps;

interface Process {
  store: EventStore & { sql: Sql };
  sql: Sql;
  projections: ProjectionRunner;
  scheduler: AutomationScheduler;
  renewals: ReturnType<typeof renewalProcess>;
}
const processes: Process[] = [];

async function startProcess(url: string, logStore?: EventStore & { sql: Sql }): Promise<Process> {
  const store = logStore ?? (await createPostgresEventStore(url, { poolSize: 5 }));
  const sql = postgres(url, { max: 5, onnotice: () => {} });
  const projections = new ProjectionRunner(sql, store, allProjectors);
  await projections.start();
  const reactorDeps = {
    store,
    now: () => clock,
    sql,
    services: {
      modules: w.deps.modules,
      cloudStack: w.deps.cloudStack,
      sealKey: w.deps.sealKey,
      environmentCloudStack: null,
    },
    automation: {
      reads: postgresAutomationReads(sql),
      lock: postgresAutomationLock(sql),
      schedule: false,
    },
    log: () => {},
  } as unknown as ReactorDeps;
  return {
    store,
    sql,
    projections,
    scheduler: automationSchedulerOf(reactorDeps),
    renewals: renewalProcess(automationRunDeps(reactorDeps), { log: () => {} }),
  };
}

beforeAll(async () => {
  const url = await freshDatabase('twoprocs');
  const first = await createPostgresEventStore(url, { poolSize: 10 });
  w = await servicesWorld('twoprocs', first);
  deps = { ...w.deps, now: () => clock };
  processes.push(await startProcess(url, first));
  processes.push(await startProcess(url));
  await w.tenant(T);
  await w.mapCloudStack(T);
});
afterAll(async () => {
  for (const p of processes) {
    await p.projections.stop();
    await p.sql.end({ timeout: 5 });
  }
  await processes[1]?.store.close();
  await w?.close();
});

async function order(name: string, keep: string) {
  const c = await w.customer(T, { stateCode: '27' }, '20000.00');
  const placed = await placeOrder(deps, c.ctx(`order-${name}-two-processes`), {
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
    await debitWallet(
      deps,
      { tenantId: T, actor: { userId: 'system', role: 'system' }, commandId: `spend-${name}-2p` },
      { customerId: c.id, amount: left.toFixed(2), description: 'spent elsewhere' },
    );
  return serviceId;
}

/** Both processes' read models include everything written so far. */
async function caughtUp() {
  const last = (await readWholeLog(w.store)).at(-1)!.position;
  for (const p of processes) expect(await p.projections.waitFor(last, 20_000)).toBe(true);
}

const renewalProformas = (all: RecordedEvent[], serviceId: string) =>
  all.filter(
    (e) =>
      e.type === 'ProformaIssued' &&
      (e.data as { subject?: InvoiceSubject }).subject?.kind === 'RENEWAL' &&
      (e.data as { subject?: InvoiceSubject }).subject?.serviceId === serviceId,
  );

describe('two app processes on one database', () => {
  it('ticking the same hour at once: one run, one renewal invoice per service, one payment and one renewal each', async () => {
    const paying = [await order('alpha', '15000.00'), await order('beta', '15000.00')];
    const unpaid = await order('gamma', '0.00');
    const services = [...paying, unpaid];
    // Six days before the due date (28 February): inside the renewal window.
    clock = new Date('2027-02-22T06:10:00Z');
    const hour = new Date('2027-02-22T06:00:00Z');
    await caughtUp();

    const [a, b] = processes as [Process, Process];
    const ticks = await Promise.all([a.scheduler.tick(clock), b.scheduler.tick(clock)]);
    for (const t of ticks) expect(t.runs).toEqual([{ tenantId: T, ok: true }]);

    const all = await readWholeLog(w.store);
    const runStarts = all.filter(
      (e) => e.type === 'AutomationRunStarted' && e.metadata.tenantId === T,
    );
    expect(runStarts).toHaveLength(1);
    const runId = runIdOf(T, scheduledCommandId(T, hour));
    expect(runStarts[0]!.streamId).toBe(automationRunStreamId(runId));
    const runEvents = await w.store.readStream(automationRunStreamId(runId));
    expect(runEvents.at(-1)!.type).toBe('AutomationRunFinished');
    expect((runEvents.at(-1)!.data as { failed: number }).failed).toBe(0);
    for (const s of services) expect(renewalProformas(all, s), s).toHaveLength(1);
    const paid = all.filter((e) => e.type === 'InvoicePaid' && e.metadata.tenantId === T);
    const renewalInvoiceIds = services.map(
      (s) => (renewalProformas(all, s)[0]!.data as { invoiceId: string }).invoiceId,
    );
    const paidRenewals = paid.filter((e) =>
      renewalInvoiceIds.includes((e.data as { invoiceId: string }).invoiceId),
    );
    expect(paidRenewals).toHaveLength(2);
    // The wallet was debited once per renewal invoice.
    const debits = all.filter(
      (e) =>
        e.type === 'WalletDebited' &&
        (e.data as { description: string }).description !== 'spent elsewhere' &&
        e.metadata.occurredAt >= clock.toISOString(),
    );
    expect(debits).toHaveLength(2);

    // Both processes' renewals reactors get each payment, at the same moment.
    for (const e of paidRenewals) await Promise.all([a.renewals.react(e), b.renewals.react(e)]);
    for (const s of paying) {
      const events = await w.store.readStream(`service-${s}`);
      expect(
        events.filter((e) => e.type === 'ServiceRenewed'),
        s,
      ).toHaveLength(1);
      expect((await loadService(w.store, T, s)).nextDueDate).toBe('2027-03-31');
    }
    expect((await loadService(w.store, T, unpaid)).nextDueDate).toBe('2027-02-28');

    // The same hour again from both, then both the next hour: no second invoice or payment.
    await caughtUp();
    await Promise.all([a.scheduler.tick(clock), b.scheduler.tick(clock)]);
    clock = new Date('2027-02-22T07:05:00Z');
    await caughtUp();
    const next = await Promise.all([a.scheduler.tick(clock), b.scheduler.tick(clock)]);
    for (const t of next) expect(t.runs).toEqual([{ tenantId: T, ok: true }]);
    const after = await readWholeLog(w.store);
    for (const s of services) expect(renewalProformas(after, s), s).toHaveLength(1);
    expect(after.filter((e) => e.type === 'InvoicePaid').length).toBe(paid.length);
    expect(
      after.filter((e) => e.type === 'AutomationRunStarted' && e.metadata.tenantId === T),
    ).toHaveLength(2);

    // Both read models show the two runs, the first with its three invoices.
    await caughtUp();
    for (const p of processes) {
      const runs = await p.sql`select id, counts from rm_automation.automation_runs
        where tenant_id = ${T} order by started_at`;
      expect(runs.map((r) => r.id)).toHaveLength(2);
      expect(runs[0]!.id).toBe(runId);
      expect(runs[0]!.counts).toMatchObject({ RENEWAL_INVOICE: 3, AUTO_PAY: 2 });
    }
  });
});
