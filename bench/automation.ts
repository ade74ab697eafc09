/**
 * Issue 13's figures, on a real Postgres log: one scheduler run (runAutomation, job ALL,
 * trigger SCHEDULE) over `services` ACTIVE services of one tenant, renewal invoices due for a
 * third of them (the rest due later than the renewal window), in services per second, against
 * appending the same number of events directly to the store (the same number of appends, one
 * after another as the run does its items); and the same run repeated (a new command id, the
 * same tenant), which should find nothing to do.
 *
 * Each round has a tenant of its own (the operator tenant's profile under another id), its
 * customers (bench/events.ts: registration, billing profile, wallet with its top-ups, so some
 * renewals are auto-paid from the wallet and some not) and its services, appended directly as
 * the provisioning worker would leave them: ServiceCreated then ServiceProvisioned (ACTIVE).
 *
 * The run's candidates come from the read models, as in the app (projections/automation/facts.ts
 * over the projections every area keeps, running beside the run as they do in production); the
 * seed is projected before the first run and the first run's events before the repeated one
 * (the time that takes is a detail, not in the figures).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { inProcessLock } from '../commands/automation/ports.ts';
import { runAutomation, type RunDeps } from '../commands/automation/run.ts';
import { servicesKey } from '../commands/services/service-context.ts';
import type { CommandContext } from '../commands/shared/handler.ts';
import { addMonthsAnchored, parseYmd, todayInIndia } from '../domain/services/due-dates.ts';
import {
  serviceStreamId,
  type RecurringLine,
  type ServiceCreated,
  type ServiceProvisioned,
} from '../domain/services/events.ts';
import { tenantStreamId } from '../domain/tenancy/events.ts';
import { createPostgresEventStore } from '../eventstore/postgres/store.ts';
import type { Actor, EventStore, NewEvent } from '../eventstore/types.ts';
import { cloudStackProbe } from '../integrations/provisioning/cloudstack/probe.ts';
import { automationReads } from '../projections/automation/facts.ts';
import { ProjectionRunner } from '../projections/shared/runner.ts';
import { allProjectors } from '../server/areas/index.ts';
import { seededRandom } from '../server/testing/random.ts';
import { appendPayloads, customerStreams, tenantStream, type PlannedStream } from './events.ts';
import type { BenchRow } from './report.ts';

export interface AutomationBenchConfig {
  url: string;
  rounds: number;
  /** ACTIVE services of the tenant per round. */
  services: number;
  log: (line: string) => void;
}

const SERVICES_PER_CUSTOMER = 10;
/** Appends handed to the store at once while seeding. */
const IN_FLIGHT = 256;
const SYSTEM: Actor = { userId: 'system', role: 'system' };
const DAY = 86_400_000;

const addDays = (ymd: string, days: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** A planned stream moved to `tenantId` (metadata, and the data's tenantId where it has one). */
function underTenant(s: PlannedStream, tenantId: string): PlannedStream {
  return {
    streamId: s.streamId,
    events: s.events.map((e) => ({
      ...e,
      data: 'tenantId' in e.data ? { ...e.data, tenantId } : e.data,
      metadata: { ...e.metadata, tenantId },
    })),
  };
}

function event(
  tenantId: string,
  e: ServiceCreated | ServiceProvisioned,
  occurredAt: string,
): NewEvent {
  const commandId = randomUUID();
  return {
    id: randomUUID(),
    type: e.type,
    data: e.data as unknown as Record<string, unknown>,
    metadata: {
      tenantId,
      actor: SYSTEM,
      commandId,
      commandHash: commandId.replace(/-/g, ''),
      correlationId: commandId,
      causationId: commandId,
      occurredAt,
      schemaVersion: 1,
    },
  };
}

/**
 * One ACTIVE monthly VPS of `customerId`, due on `nextDueDate` (its period began a month
 * before, the anchor is the due date's day), as ServiceCreated + ServiceProvisioned.
 */
function serviceStream(
  tenantId: string,
  customerId: string,
  n: number,
  nextDueDate: string,
): PlannedStream {
  const serviceId = randomUUID();
  const anchorDay = parseYmd(nextDueDate).day;
  // The period paid: from the same day a month before (clamped at month end) to the due date.
  const { year, month } = parseYmd(nextDueDate);
  const before = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const previous = addMonthsAnchored(
    `${before.year}-${String(before.month).padStart(2, '0')}-01`,
    0,
    anchorDay,
  );
  const createdAt = `${previous}T06:00:00.000Z`;
  const lines: RecurringLine[] = [
    {
      description: 'VPS Pro',
      sac: '998315',
      quantity: '1',
      unitPrice: '999.00',
      source: { kind: 'PLAN', refId: 'vps-pro' },
    },
    {
      description: 'Daily backups',
      sac: '998315',
      quantity: '1',
      unitPrice: '200.00',
      source: { kind: 'ADDON', refId: 'backup' },
    },
  ];
  const hostname = `auto${n}.example.in`;
  return {
    streamId: serviceStreamId(serviceId),
    events: [
      event(
        tenantId,
        {
          type: 'ServiceCreated',
          data: {
            tenantId,
            serviceId,
            customerId,
            origin: { kind: 'ALLOCATION', invoiceId: randomUUID() },
            planId: 'vps-pro',
            planName: 'VPS Pro',
            planKind: 'VPS',
            cycle: 'MONTHLY',
            months: 1,
            recurringAmount: '1199.00',
            addons: [{ addonId: 'backup', name: 'Daily backups', quantity: 1, recurring: true }],
            dataCentreId: 'mumbai',
            dataCentreName: 'Mumbai',
            operatingSystemId: 'ubuntu',
            operatingSystemName: 'Ubuntu 24.04',
            hostname,
            module: 'CLOUDSTACK',
            hasControlPanel: false,
            periodStart: previous,
            nextDueDate,
            anchorDay,
            recurringLines: lines,
            createdAt,
          },
        },
        createdAt,
      ),
      event(
        tenantId,
        {
          type: 'ServiceProvisioned',
          data: {
            tenantId,
            serviceId,
            customerId,
            by: 'MODULE',
            provisionedBy: null,
            vmId: `vm-${serviceId}`,
            hostname,
            ipAddresses: [`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`],
            ssh: { username: 'root', port: 22, passwordSealed: null },
            controlPanel: null,
            notes: '',
            sendEmail: false,
            provisionedAt: createdAt,
          },
        },
        createdAt,
      ),
    ],
  };
}

async function appendAll(store: EventStore, streams: PlannedStream[]) {
  for (let i = 0; i < streams.length; i += IN_FLIGHT)
    await Promise.all(
      streams.slice(i, i + IN_FLIGHT).map((s) => store.append(s.streamId, s.events, 'no_stream')),
    );
}

/**
 * A tenant with `services` ACTIVE services over services/10 customers; a third due within the
 * renewal window (1 to 6 days after `today`), the others 10 to 25 days after it.
 */
async function seedTenant(store: EventStore, round: number, services: number, today: string) {
  const tenantId = `bench-automation-${round}-${randomUUID().slice(0, 8)}`;
  const tenant = underTenant(
    tenantStream(new Date(Date.now() - 400 * DAY).toISOString()),
    tenantId,
  );
  await appendAll(store, [{ ...tenant, streamId: tenantStreamId(tenantId) }]);
  const rand = seededRandom(1300 + round);
  const customers = Math.max(1, Math.ceil(services / SERVICES_PER_CUSTOMER));
  const customerIds: string[] = [];
  const planned: PlannedStream[] = [];
  for (let c = 0; c < customers; c++) {
    const streams = customerStreams(rand, round * 1_000_000 + c, Date.now() - 300 * DAY).map((s) =>
      underTenant(s, tenantId),
    );
    const user = streams.flatMap((s) => s.events).find((e) => e.type === 'UserRegistered')!
      .data as { userId: string };
    customerIds.push(user.userId);
    planned.push(...streams);
  }
  await appendAll(store, planned);
  const serviceStreams: PlannedStream[] = [];
  let due = 0;
  for (let n = 0; n < services; n++) {
    const soon = n % 3 === 0;
    if (soon) due++;
    const nextDueDate = addDays(today, soon ? 1 + (n % 6) : 10 + (n % 16));
    serviceStreams.push(serviceStream(tenantId, customerIds[n % customers]!, n, nextDueDate));
  }
  await appendAll(store, serviceStreams);
  return { tenantId, due };
}

/** The store, counting what is appended through it. */
function counting(store: EventStore) {
  const counts = { appends: 0, events: 0 };
  const counted: EventStore = Object.create(store) as EventStore;
  counted.append = async (streamId, events, expected) => {
    const r = await store.append(streamId, events, expected);
    counts.appends++;
    counts.events += events.length;
    return r;
  };
  return { store: counted, counts };
}

export async function benchAutomation(
  config: AutomationBenchConfig,
): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const base = await createPostgresEventStore(config.url, { poolSize: 10 });
  const { store, counts } = counting(base);
  const sql = postgres(config.url, {
    max: 4,
    onnotice: () => {},
    types: { bigint: postgres.BigInt },
  });
  const projections = new ProjectionRunner(sql, base, allProjectors);
  await projections.start();
  /** Seconds until every read model has what the log has now. */
  const caughtUp = async () => {
    const t = performance.now();
    if (!(await projections.waitFor(await base.headPosition(), 600_000)))
      throw new Error('automation bench: the read models did not catch up within 10 minutes');
    return (performance.now() - t) / 1000;
  };
  const now = () => new Date();
  const deps: RunDeps = {
    store,
    now,
    sealKey: servicesKey({ totp: randomBytes(32) }),
    environmentCloudStack: null,
    modules: {
      async moduleFor() {
        throw new Error('bench: no module (the run over ACTIVE services due later suspends none)');
      },
    },
    cloudStack: cloudStackProbe(),
    reads: automationReads(sql),
    lock: inProcessLock(),
  };
  const ctx = (tenantId: string): CommandContext => ({
    tenantId,
    actor: SYSTEM,
    commandId: randomUUID(),
    permissions: ['automation.run'],
  });
  const payload = appendPayloads();

  const first: number[] = [];
  const repeated: number[] = [];
  const baseline: number[] = [];
  const notes: string[] = [];
  const details: Record<string, number | string> = {};
  try {
    for (let round = 0; round < config.rounds; round++) {
      const today = todayInIndia(now().toISOString());
      let t = performance.now();
      const { tenantId, due } = await seedTenant(base, round, config.services, today);
      const seeded = (performance.now() - t) / 1000;
      const seedProjected = await caughtUp();
      config.log(
        `  round ${round + 1}: seeded ${config.services} ACTIVE services (${due} due within 7 days) in ${seeded.toFixed(1)} s, projected in ${seedProjected.toFixed(1)} s`,
      );

      const before = { ...counts };
      t = performance.now();
      const run = await runAutomation(deps, ctx(tenantId), {
        job: 'ALL',
        asOf: now().toISOString(),
        trigger: 'SCHEDULE',
      });
      const seconds = (performance.now() - t) / 1000;
      const appends = counts.appends - before.appends;
      const events = counts.events - before.events;
      first.push(config.services / seconds);
      const invoiced = run.items.filter(
        (i) => i.kind === 'RENEWAL_INVOICE' && i.outcome === 'DONE',
      ).length;
      const autoPaid = run.items.filter(
        (i) => i.kind === 'AUTO_PAY' && i.outcome === 'DONE',
      ).length;
      const failed = run.items.filter((i) => i.outcome === 'FAILED');
      if (invoiced !== due)
        notes.push(
          `automation round ${round + 1}: ${invoiced} renewal invoices issued, ${due} services due`,
        );
      if (failed.length > 0)
        notes.push(
          `automation round ${round + 1}: ${failed.length} items FAILED (first: ${failed[0]!.kind} ${failed[0]!.detail ?? ''})`,
        );

      const runProjected = await caughtUp();
      const again = performance.now();
      const repeat = await runAutomation(deps, ctx(tenantId), {
        job: 'ALL',
        asOf: now().toISOString(),
        trigger: 'SCHEDULE',
      });
      const repeatSeconds = (performance.now() - again) / 1000;
      repeated.push(config.services / repeatSeconds);
      if (repeat.items.length > 0)
        notes.push(
          `automation round ${round + 1}: the repeated run found ${repeat.items.length} items (expected none)`,
        );

      // Baseline: the same number of appends and events, straight to the store, one after another.
      // The events spread evenly over the appends (each its share, never one huge remainder).
      const share = (a: number) => Math.floor((a * events) / Math.max(1, appends));
      t = performance.now();
      for (let a = 0; a < appends; a++) {
        const k = share(a + 1) - share(a);
        if (k === 0) continue;
        await base.append(
          `bench-automation-baseline-${randomUUID()}`,
          Array.from({ length: k }, payload),
          'no_stream',
        );
      }
      baseline.push(config.services / ((performance.now() - t) / 1000));

      Object.assign(details, {
        services: config.services,
        due,
        runItems: run.items.length,
        invoiced,
        autoPaid,
        failed: failed.length,
        appends,
        events,
        runSeconds: seconds.toFixed(2),
        repeatSeconds: repeatSeconds.toFixed(2),
        seedProjectedSeconds: seedProjected.toFixed(1),
        runProjectedSeconds: runProjected.toFixed(1),
        repeatItems: repeat.items.length,
      });
      config.log(
        `  round ${round + 1}: run ${seconds.toFixed(1)} s (${first.at(-1)!.toFixed(0)} services/s; ${run.items.length} items: ${invoiced} invoiced, ${autoPaid} auto-paid; ${events} events in ${appends} appends), repeated ${repeatSeconds.toFixed(2)} s (${repeat.items.length} items), direct appends ${baseline.at(-1)!.toFixed(0)} services/s`,
      );
    }
  } finally {
    await projections.stop();
    await sql.end();
    await base.close();
  }
  return {
    rows: [
      {
        name: `automation run (job ALL, schedule) over ${config.services.toLocaleString('en-US')} ACTIVE services, a third due`,
        unit: 'services/s',
        rounds: first,
        baseline: {
          name: 'the same number of events appended directly, in the same appends',
          rounds: baseline,
        },
        details,
      },
      {
        name: `automation run repeated over the same ${config.services.toLocaleString('en-US')} services (nothing to do)`,
        unit: 'services/s',
        rounds: repeated,
        baseline: { name: 'the first run', rounds: first },
      },
    ],
    notes,
  };
}
