/**
 * Issue 12's figures, on a real Postgres log and the CloudStack API double (in this process,
 * over HTTP, signatures checked; each deploy job takes `jobMs` of real time):
 * - provisioning throughput: services deployed per second by the provisioning worker with 50 in
 *   flight (ProvisioningStarted → module deploy → RecordProvisioned, sealed password, events and
 *   their hash chain), against the same module deploying the same number of VMs with 50 in
 *   flight and no events (the ratio is what the worker and the log cost);
 * - the fulfilment process manager's lag: orders paid at a steady rate, the time from the
 *   OrderPaid append to its services created (the ReactorRunner's subscription, the order read,
 *   the provisioning settings, CreateService per item), against a reactor that does nothing with
 *   the same events on the same log (bare delivery).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { loadCatalog } from '../commands/orders/order-context.ts';
import { createServicesForOrder } from '../commands/services/create-services.ts';
import type { ServicePorts } from '../commands/services/module-port.ts';
import { servicesKey } from '../commands/services/service-context.ts';
import { configureCloudStack, setCloudStackMapping } from '../commands/services/settings.ts';
import { handleCommand, type CommandContext } from '../commands/shared/handler.ts';
import { orderDecider } from '../domain/orders/decider.ts';
import { orderStreamId } from '../domain/orders/events.ts';
import { serviceDecider } from '../domain/services/decider.ts';
import { serviceStreamId } from '../domain/services/events.ts';
import { createPostgresEventStore } from '../eventstore/postgres/store.ts';
import type { RecordedEvent } from '../eventstore/types.ts';
import { cloudStackClient } from '../integrations/provisioning/cloudstack/client.ts';
import { cloudStackModule } from '../integrations/provisioning/cloudstack/module.ts';
import { cloudStackProbe } from '../integrations/provisioning/cloudstack/probe.ts';
import { startCloudStackDouble } from '../integrations/provisioning/cloudstack/testing/double.ts';
import { moduleDirectory } from '../integrations/provisioning/directory.ts';
import { provisioningWorker } from '../integrations/provisioning/worker.ts';
import { ReactorRunner, type Reactor } from '../integrations/reactor.ts';
import { serviceCreationProcess } from '../processes/fulfilment/reactors.ts';
import { seedBenchCatalog } from './commerce.ts';
import type { BenchRow } from './report.ts';

export interface ProvisioningBenchConfig {
  url: string;
  rounds: number;
  /** Services deployed per round. */
  services: number;
  /** How long each deploy job runs on the double (real time). */
  jobMs: number;
  /** Orders paid per second for the lag figure, and for how long. */
  orderRate: number;
  orderSeconds: number;
  log: (line: string) => void;
}

const TENANT = 'bench-provisioning';
const IN_FLIGHT = 50;
const fastPoll = {
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 50))),
};

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

export async function benchProvisioning(
  config: ProvisioningBenchConfig,
): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const store = await createPostgresEventStore(config.url, { poolSize: 10 });
  const sql = postgres(config.url, {
    max: 4,
    onnotice: () => {},
    types: { bigint: postgres.BigInt },
  });
  const double = await startCloudStackDouble();
  double.setJobDuration('deployVirtualMachine', config.jobMs);
  const zone = double.addZone('Mumbai 1');
  const offering = double.addOffering('VPS Pro');
  const template = double.addTemplate('Ubuntu 24.04', { passwordenabled: true });
  const now = () => new Date();
  const services: ServicePorts = {
    sealKey: servicesKey({ totp: randomBytes(32) }),
    environmentCloudStack: null,
    modules: moduleDirectory(async () => double.config, { client: fastPoll }),
    cloudStack: cloudStackProbe(fastPoll),
  };
  const deps = { store, now };
  const staff = (): CommandContext => ({
    tenantId: TENANT,
    actor: { userId: '00000000-0000-4000-8000-00000000b001', role: 'admin' },
    commandId: randomUUID(),
    permissions: ['services.manage', 'services.read'],
  });
  const catalog = await seedBenchCatalog(deps, TENANT);
  const planId = catalog.plans['vps-pro']!;
  const osId = catalog.operatingSystems['ubuntu']!;
  const dcId = catalog.dataCentres['mumbai']!;
  await configureCloudStack({ ...deps, ...services }, staff(), { ...double.config });
  await setCloudStackMapping({ ...deps, ...services }, staff(), {
    zones: [{ catalogId: dcId, cloudStackId: zone }],
    offerings: [{ catalogId: planId, cloudStackId: offering }],
    templates: [{ catalogId: osId, cloudStackId: template }],
  });

  const throughput: number[] = [];
  const raw: number[] = [];
  const lagP50: number[] = [];
  const lagP99: number[] = [];
  const baseP50: number[] = [];
  const baseP99: number[] = [];
  const notes: string[] = [];
  try {
    for (let round = 0; round < config.rounds; round++) {
      // Baseline: the module alone, 50 deploys in flight, no events.
      const module = cloudStackModule(cloudStackClient(double.config, fastPoll));
      const deployMany = async (count: number) => {
        let next = 0;
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (next < count) {
              next++;
              await module.deploy({
                tenantId: TENANT,
                serviceId: randomUUID(),
                hostname: 'raw.example.com',
                zoneId: zone,
                serviceOfferingId: offering,
                templateId: template,
              });
            }
          }),
        );
      };
      // Warm-up (JIT, HTTP keep-alive, the double's maps), then the measured run.
      if (round === 0) await deployMany(IN_FLIGHT);
      let t = performance.now();
      await deployMany(config.services);
      raw.push(config.services / ((performance.now() - t) / 1000));

      // The worker: services PROVISIONING in the log, deployed 50 at a time.
      const ids = Array.from({ length: config.services }, () => randomUUID());
      const started: RecordedEvent[] = [];
      for (const serviceId of ids) {
        const r = await handleCommand(
          deps,
          { ...staff(), actor: { userId: 'system', role: 'system' } },
          {
            streamId: serviceStreamId(serviceId),
            decider: serviceDecider,
            command: (at) => ({
              type: 'CreateService' as const,
              tenantId: TENANT,
              serviceId,
              customerId: '00000000-0000-4000-8000-00000000c001',
              origin: { kind: 'ALLOCATION' as const, invoiceId: randomUUID() },
              planId,
              planName: 'VPS Pro',
              planKind: 'VPS' as const,
              cycle: 'MONTHLY' as const,
              months: 1,
              recurringAmount: '999.00',
              addons: [],
              dataCentreId: dcId,
              dataCentreName: 'India West',
              operatingSystemId: osId,
              operatingSystemName: 'Ubuntu',
              hostname: `bench-${serviceId.slice(0, 8)}.example.com`,
              module: 'CLOUDSTACK' as const,
              hasControlPanel: false,
              paidOn: at.slice(0, 10),
              now: at,
            }),
          },
        );
        started.push(...r.events.filter((e) => e.type === 'ProvisioningStarted'));
      }
      const worker = provisioningWorker(
        { ...deps, services },
        { pending: async () => [], concurrency: IN_FLIGHT },
      );
      t = performance.now();
      for (const e of started) await worker.react(e);
      await worker.idle();
      const seconds = (performance.now() - t) / 1000;
      await worker.stop();
      const active = (
        await Promise.all(
          ids.map(async (id) => {
            const events = await store.readStream(serviceStreamId(id));
            return events.some((e) => e.type === 'ServiceProvisioned');
          }),
        )
      ).filter(Boolean).length;
      if (active !== config.services)
        notes.push(`provisioning round ${round + 1}: only ${active} of ${config.services} ACTIVE`);
      throughput.push(active / seconds);
      config.log(
        `  round ${round + 1}: worker ${(active / seconds).toFixed(1)} services/s, module alone ${raw[raw.length - 1]!.toFixed(1)}/s`,
      );

      // Lag: orders paid at a steady rate; OrderPaid → services created, against bare delivery.
      const snapshot = await loadCatalog(store, TENANT);
      const paidAt = new Map<string, number>();
      const created: number[] = [];
      const delivered: number[] = [];
      const prefix = `r${round}-${randomUUID().slice(0, 8)}`;
      const mine = (e: RecordedEvent) => (e.data as { orderId: string }).orderId.startsWith(prefix);
      const reactors: Reactor[] = [
        {
          ...serviceCreationProcess(async (cause, orderId) => {
            await createServicesForOrder(deps, cause, orderId);
          }),
          name: `bench.fulfilment.${prefix}`,
        },
        {
          name: `bench.noop.${prefix}`,
          handles: new Set(['OrderPaid']),
          async react(e) {
            const at = paidAt.get((e.data as { orderId: string }).orderId);
            if (at !== undefined && mine(e)) delivered.push(performance.now() - at);
          },
        },
      ];
      const fulfil = reactors[0]!;
      const inner = fulfil.react.bind(fulfil);
      fulfil.react = async (e) => {
        await inner(e);
        const at = paidAt.get((e.data as { orderId: string }).orderId);
        if (at !== undefined && mine(e)) created.push(performance.now() - at);
      };
      const head = await store.headPosition();
      const runners = reactors.map((r) => new ReactorRunner(sql, store, r));
      // Start from the head: only this round's orders count.
      await sql.unsafe(`create schema if not exists reactors;
        create table if not exists reactors.checkpoints (name text primary key, commit_position bigint not null, prepare_position bigint not null)`);
      for (const r of reactors)
        await sql`insert into reactors.checkpoints values (${r.name}, ${head.commit}, ${head.prepare}) on conflict (name) do nothing`;
      for (const r of runners) await r.start();
      const total = Math.round(config.orderRate * config.orderSeconds);
      const pay = async (n: number) => {
        const orderId = `${prefix}-${n}`;
        const ctx = { ...staff(), actor: { userId: 'system', role: 'system' } };
        await handleCommand(deps, ctx, {
          streamId: orderStreamId(orderId),
          decider: orderDecider,
          command: (at) => ({
            type: 'PlaceOrder' as const,
            tenantId: TENANT,
            orderId,
            customerId: '00000000-0000-4000-8000-00000000c001',
            invoiceId: `${orderId}-invoice`,
            items: [
              {
                planId,
                cycle: 'MONTHLY' as const,
                operatingSystemId: osId,
                dataCentreId: dcId,
                hostname: `o${n}.example.com`,
                addons: [],
              },
            ],
            catalog: snapshot,
            now: at,
          }),
        });
        const t0 = performance.now();
        paidAt.set(orderId, t0);
        await handleCommand(
          deps,
          { ...ctx, commandId: randomUUID() },
          {
            streamId: orderStreamId(orderId),
            decider: orderDecider,
            command: (at) => ({
              type: 'MarkOrderPaid' as const,
              invoiceId: `${orderId}-invoice`,
              now: at,
            }),
          },
        );
      };
      const writes: Promise<void>[] = [];
      const t1 = performance.now();
      for (let n = 0; n < total; n++) {
        const due = t1 + (n * 1000) / config.orderRate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        writes.push(pay(n));
      }
      await Promise.all(writes);
      const deadline = Date.now() + 60_000;
      while ((created.length < total || delivered.length < total) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      for (const r of runners) await r.stop();
      if (created.length < total)
        notes.push(`lag round ${round + 1}: ${created.length}/${total} orders fulfilled in time`);
      lagP50.push(percentile(created, 50));
      lagP99.push(percentile(created, 99));
      baseP50.push(percentile(delivered, 50));
      baseP99.push(percentile(delivered, 99));
      config.log(
        `  round ${round + 1}: OrderPaid → services created p50 ${lagP50.at(-1)!.toFixed(1)} ms, p99 ${lagP99.at(-1)!.toFixed(1)} ms; bare delivery p50 ${baseP50.at(-1)!.toFixed(1)} ms`,
      );
    }
  } finally {
    await double.close();
    await sql.end({ timeout: 5 });
    await store.close();
  }
  // The lag rows are times (lower is better): as rates, so that the ratio reads like the others.
  const perSecond = (ms: number[]) => ms.map((m) => 1000 / Math.max(m, 0.001));
  return {
    rows: [
      {
        name: `provisioning worker, ${config.services} services, ${IN_FLIGHT} in flight (deploy job ${config.jobMs} ms)`,
        unit: 'services/s',
        rounds: throughput,
        baseline: { name: 'the CloudStack module alone, same deploys, no events', rounds: raw },
        details: { services: config.services, inFlight: IN_FLIGHT, jobMs: config.jobMs },
      },
      {
        name: `fulfilment lag p50, OrderPaid → services created, ${config.orderRate} orders/s`,
        unit: '1/lag (per s)',
        rounds: perSecond(lagP50),
        baseline: {
          name: 'a reactor doing nothing with the same events (p50)',
          rounds: perSecond(baseP50),
        },
        details: {
          p50Ms: lagP50.map((m) => m.toFixed(1)).join(' '),
          baselineP50Ms: baseP50.map((m) => m.toFixed(1)).join(' '),
        },
      },
      {
        name: `fulfilment lag p99, OrderPaid → services created, ${config.orderRate} orders/s`,
        unit: '1/lag (per s)',
        rounds: perSecond(lagP99),
        baseline: {
          name: 'a reactor doing nothing with the same events (p99)',
          rounds: perSecond(baseP99),
        },
        details: {
          p99Ms: lagP99.map((m) => m.toFixed(1)).join(' '),
          baselineP99Ms: baseP99.map((m) => m.toFixed(1)).join(' '),
        },
      },
    ],
    notes,
  };
}
