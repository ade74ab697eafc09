/**
 * Test support for the fulfilment suites: a commerce world on a real Postgres log, the
 * CloudStack API double with the real client and module (its clock injected), the tenant's
 * CloudStack configured and mapped through the settings commands, and the fulfilment process
 * managers fed from the log by hand (no projections: pending deploys and due retries are read
 * from the service streams, as the read model would list them).
 */
import { randomBytes } from 'node:crypto';
import { placeOrder } from '../../../commands/orders/place-order.ts';
import { commerceWorld, vpsOrder } from '../../../commands/orders/testing.ts';
import { createServicesForOrder } from '../../../commands/services/create-services.ts';
import type { ServicePorts } from '../../../commands/services/module-port.ts';
import { servicesKey } from '../../../commands/services/service-context.ts';
import { configureCloudStack, setCloudStackMapping } from '../../../commands/services/settings.ts';
import type { CommandContext } from '../../../commands/shared/handler.ts';
import { serviceDecider, type ServiceState } from '../../../domain/services/decider.ts';
import { serviceStreamId, type ServiceEvent } from '../../../domain/services/events.ts';
import { fold } from '../../../domain/shared/decider.ts';
import {
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '../../../eventstore/types.ts';
import { cloudStackProbe } from '../../../integrations/provisioning/cloudstack/probe.ts';
import {
  fakeClock,
  startCloudStackDouble,
} from '../../../integrations/provisioning/cloudstack/testing/double.ts';
import { moduleDirectory } from '../../../integrations/provisioning/directory.ts';
import {
  provisioningWorker,
  type ProvisioningJob,
} from '../../../integrations/provisioning/worker.ts';
import { fulfilmentReactors } from '../index.ts';
import type { ProcessManager } from '../../invoicing/reactors.ts';

export async function fulfilmentWorld(prefix: string, tenantId: string, store?: EventStore) {
  const clock = fakeClock('2026-12-02T10:00:00Z');
  const w = await commerceWorld(prefix, 10, store);
  const deps = { store: w.store, now: clock.now };
  const double = await startCloudStackDouble({ now: clock.now });
  const zone = double.addZone('Mumbai 1', 'zone-mum');
  const offering = double.addOffering('VPS Pro', 'offering-vps');
  const template = double.addTemplate('Ubuntu 24.04', {
    id: 'template-ubuntu',
    passwordenabled: true,
  });
  const clientOptions = { now: clock.now, sleep: clock.sleep };
  const services: ServicePorts = {
    sealKey: servicesKey({ totp: randomBytes(32) }),
    environmentCloudStack: null,
    modules: moduleDirectory(async () => double.config, { client: clientOptions }),
    cloudStack: cloudStackProbe(clientOptions),
  };
  const serviceDeps = { ...deps, ...services };
  await w.tenant(tenantId);
  let n = 0;
  const admin = (): CommandContext =>
    w.staff(tenantId, `${prefix}-admin-${++n}`, ['services.manage', 'services.read']);
  await configureCloudStack(serviceDeps, admin(), {
    apiUrl: double.config.apiUrl,
    apiKey: double.config.apiKey,
    secretKey: double.config.secretKey,
  });
  await setCloudStackMapping(serviceDeps, admin(), {
    zones: [{ catalogId: 'dc-mum', cloudStackId: zone }],
    offerings: [{ catalogId: 'plan-vps', cloudStackId: offering }],
    templates: [{ catalogId: 'os-ubuntu', cloudStackId: template }],
  });

  /** Every event after `from`. */
  async function readAfter(from: Position): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (let at = from; ;) {
      const batch = await w.store.readAll({ from: at, maxCount: 1000 });
      if (batch.length === 0) return out;
      out.push(...batch);
      at = batch[batch.length - 1]!.position;
    }
  }

  /** Every service's state, folded from its stream. */
  async function serviceStates(): Promise<ServiceState[]> {
    const ids = new Set<string>();
    for (const e of await readAfter(START))
      if (e.streamId.startsWith('service-')) ids.add(e.streamId.slice('service-'.length));
    return Promise.all([...ids].map((id) => service(id)));
  }
  const service = async (id: string) =>
    fold(
      serviceDecider,
      (await w.store.readStream(serviceStreamId(id))) as unknown as ServiceEvent[],
    );

  const pending = async (): Promise<ProvisioningJob[]> =>
    (await serviceStates())
      .filter((s) => s.status === 'PROVISIONING')
      .map((s) => ({ tenantId: s.tenantId, serviceId: s.serviceId, attempt: s.attempt }));

  const reactors: (ProcessManager & {
    sweep?: (at: Date) => Promise<{ retried: number; failed: number }>;
  })[] = fulfilmentReactors(deps, {
    createServices: async (cause, orderId) =>
      void (await createServicesForOrder(deps, cause, orderId)),
    dueRetries: async (at) =>
      (await serviceStates())
        .filter(
          (s) =>
            s.status === 'PROVISIONING_FAILED' &&
            s.retryAt !== null &&
            Date.parse(s.retryAt) <= at.getTime(),
        )
        .map((s) => ({ tenantId: s.tenantId, serviceId: s.serviceId, attempt: s.attempt })),
  });
  const worker = provisioningWorker({ ...deps, services }, { pending, rescanMs: 3_600_000 });
  let fed: Position = START;

  /**
   * Feeds the process managers (and the worker, unless `worker: false`) every event written since
   * the last call, until nothing new happens.
   */
  async function settle(options: { worker?: boolean } = {}): Promise<void> {
    const fedTo = options.worker === false ? reactors : [...reactors, worker];
    for (let round = 0; round < 50; round++) {
      const fresh = await readAfter(fed);
      if (fresh.length === 0) {
        await worker.idle();
        if ((await readAfter(fed)).length === 0) return;
        continue;
      }
      for (const e of fresh) {
        for (const r of fedTo) if (r.handles.has(e.type)) await r.react(e);
        fed = e.position;
      }
      await worker.idle();
    }
    throw new Error('fulfilment did not settle in 50 rounds');
  }

  /** A customer's VPS order (a CloudStack plan), paid from the wallet. */
  async function paidVpsOrder(hostname = `vm${++n}.example.com`) {
    const c = await w.customer(tenantId, { stateCode: '27' }, '50000.00');
    const placed = await placeOrder(deps, c.ctx(`${prefix}-order-${++n}`), {
      items: vpsOrder(hostname),
      pay: 'WALLET',
    });
    return { customer: c, ...placed };
  }

  const sweep = (at: Date) => reactors.find((r) => r.name === 'fulfilment.retries')!.sweep!(at);

  return {
    ...w,
    clock,
    deps,
    services,
    double,
    worker,
    reactors,
    settle,
    paidVpsOrder,
    service,
    serviceStates,
    pending,
    sweep,
    admin,
    async close() {
      await worker.stop();
      await double.close();
      await w.close();
    },
  };
}
