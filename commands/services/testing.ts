/**
 * Test support for the services commands (specs only): a fake provisioning module that records
 * every call and can be told to fail, a directory and CloudStack probe over it, and a world of
 * paid orders with their services on a real Postgres log (commerceWorld underneath).
 */
import { randomBytes } from 'node:crypto';
import { serviceStreamId } from '../../domain/services/events.ts';
import type { ServiceAction } from '../../domain/services/events.ts';
import { placeOrder } from '../orders/place-order.ts';
import { commerceWorld, sharedOrder, vpsOrder } from '../orders/testing.ts';
import type { EventStore } from '../../eventstore/types.ts';
import type { CommandContext } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { createServicesForOrder } from './create-services.ts';
import {
  ModuleError,
  type CloudStackInventory,
  type CloudStackProbe,
  type DeployedServer,
  type ModuleDirectory,
  type ProvisioningModule,
  type Snapshot,
} from './module-port.ts';
import { recordProvisioned, recordProvisioningJob } from './provisioning.ts';
import { configureCloudStack, setCloudStackMapping } from './settings.ts';
import { servicesKey, type ServiceCommandDeps } from './service-context.ts';

export type ModuleCall = { op: string; vmId?: string; arg?: string };

/** A module that does what it is told, records each call, and fails the next call to `failNext` when set. */
export function fakeModule(name: 'MANUAL' | 'CLOUDSTACK' = 'CLOUDSTACK') {
  const calls: ModuleCall[] = [];
  const snapshots = new Map<string, Snapshot[]>();
  let failure: { op: string | null; error: ModuleError } | null = null;
  let n = 0;
  const step = async (op: string, vmId?: string, arg?: string) => {
    if (failure && (failure.op === null || failure.op === op)) {
      const e = failure.error;
      failure = null;
      calls.push({ op: `${op}:failed`, ...(vmId ? { vmId } : {}) });
      throw e;
    }
    calls.push({ op, ...(vmId ? { vmId } : {}), ...(arg ? { arg } : {}) });
  };
  const actions: readonly ServiceAction[] =
    name === 'MANUAL' ? [] : ['START', 'STOP', 'REBOOT', 'RESET_PASSWORD', 'SNAPSHOTS'];
  const module: ProvisioningModule = {
    name,
    actions,
    async deploy(spec, options) {
      await step('deploy', undefined, spec.serviceId);
      const vmId = `vm-${spec.serviceId}`;
      await options?.onProgress?.({ vmId, jobId: `job-${spec.serviceId}` });
      return deployed(vmId);
    },
    start: (vmId) => step('start', vmId),
    stop: (vmId) => step('stop', vmId),
    reboot: (vmId) => step('reboot', vmId),
    async resetPassword(vmId) {
      await step('resetPassword', vmId);
      return `new-pass-${++n}`;
    },
    async createSnapshot(vmId, snapshotName) {
      await step('createSnapshot', vmId, snapshotName);
      const s = {
        id: `snap-${++n}`,
        name: snapshotName,
        createdAt: new Date().toISOString(),
        state: 'Ready',
      };
      snapshots.set(vmId, [...(snapshots.get(vmId) ?? []), s]);
      return s;
    },
    async listSnapshots(vmId) {
      await step('listSnapshots', vmId);
      return snapshots.get(vmId) ?? [];
    },
    revertSnapshot: (vmId, id) => step('revertSnapshot', vmId, id),
    async deleteSnapshot(vmId, id) {
      await step('deleteSnapshot', vmId, id);
      snapshots.set(
        vmId,
        (snapshots.get(vmId) ?? []).filter((s) => s.id !== id),
      );
    },
    destroy: (vmId) => step('destroy', vmId),
  };
  return {
    module,
    calls,
    /** The next call (of `op`, or any) fails with this error. */
    failNext(error: ModuleError, op: string | null = null) {
      failure = { op, error };
    },
    count: (op: string) => calls.filter((c) => c.op === op).length,
  };
}

export const deployed = (vmId: string): DeployedServer => ({
  vmId,
  ipAddresses: ['203.0.113.10'],
  username: 'root',
  password: 'module-set-pass',
  sshPort: 22,
});

export const retryable = (message = 'CloudStack is busy (530)') =>
  new ModuleError('530', message, true);
export const permanent = (message = 'the VM is in Error (431)') =>
  new ModuleError('431', message, false);

/** CloudStack's offer for the spec catalog's entries. */
export const inventory: CloudStackInventory = {
  zones: [{ id: 'zone-mum', name: 'Mumbai 1' }],
  offerings: [{ id: 'offering-vps', name: 'VPS Pro' }],
  templates: [{ id: 'template-ubuntu', name: 'Ubuntu 22.04' }],
};

/**
 * A world on a real Postgres log (or `given`, e.g. a store in memory for model tests): a tenant,
 * the spec catalog, customers, paid orders and their services.
 */
export async function servicesWorld(prefix: string, given?: EventStore) {
  const w = await commerceWorld(prefix, 10, given);
  const cloud = fakeModule('CLOUDSTACK');
  const manual = fakeModule('MANUAL');
  const probeCalls: string[] = [];
  let probeFailure: ModuleError | null = null;
  const modules: ModuleDirectory = {
    async moduleFor(_tenantId, name) {
      return name === 'CLOUDSTACK' ? cloud.module : manual.module;
    },
  };
  const cloudStack: CloudStackProbe = {
    async inventory(config) {
      probeCalls.push(config.apiKey);
      if (probeFailure) {
        const e = probeFailure;
        probeFailure = null;
        throw e;
      }
      return inventory;
    },
  };
  const deps: ServiceCommandDeps = {
    ...w.deps,
    modules,
    cloudStack,
    sealKey: servicesKey({ totp: randomBytes(32) }),
    environmentCloudStack: null,
  };
  let n = 0;

  /** Staff with the services permissions (and billing's, for wallet allocations) unless told otherwise. */
  const admin = (
    tenantId: string,
    commandId = `cmd-admin-${++n}`,
    permissions: string[] = [
      'services.read',
      'services.manage',
      'services.credentials',
      'billing.read',
      'billing.manage',
      'orders.manage',
    ],
  ): CommandContext => w.staff(tenantId, commandId, permissions);

  /** A team member of `accountId` holding `permissions` on it. */
  const member = (
    tenantId: string,
    accountId: string,
    permissions: string[],
    commandId = `cmd-member-${++n}`,
  ): CommandContext => ({
    tenantId,
    actor: {
      userId: uuidFrom(`test:member:${accountId}:${permissions.join(',')}`),
      role: 'customer',
    },
    commandId,
    accountId,
    accountPermissions: permissions as never,
  });

  /** A funded customer's order, paid from the wallet, and its services created (PENDING / PROVISIONING). */
  async function paidOrder(tenantId: string, items = sharedOrder(`site${++n}`)) {
    const c = await w.customer(tenantId, { stateCode: '27' }, '50000.00');
    const placed = await placeOrder(w.deps, c.ctx(`order-${prefix}-${++n}`), {
      items,
      pay: 'WALLET',
    });
    const created = await createServicesForOrder(
      deps,
      { tenantId, correlationId: `fulfil-${n}`, causationId: `fulfil-${n}` },
      placed.orderId,
    );
    return { customer: c, ...placed, serviceId: created.serviceIds[0]!, ...created };
  }

  /** The tenant's CloudStack configured and the VPS plan, Mumbai and Ubuntu mapped. */
  async function mapCloudStack(tenantId: string) {
    await configureCloudStack(deps, admin(tenantId), {
      apiUrl: 'https://cloud.example.test/client/api',
      apiKey: 'api-key',
      secretKey: 'secret-key',
    });
    await setCloudStackMapping(deps, admin(tenantId), {
      zones: [{ catalogId: 'dc-mum', cloudStackId: 'zone-mum' }],
      offerings: [{ catalogId: 'plan-vps', cloudStackId: 'offering-vps' }],
      templates: [{ catalogId: 'os-ubuntu', cloudStackId: 'template-ubuntu' }],
    });
  }

  /** A CloudStack service deployed by the fake module (what the worker would record): ACTIVE with a VM. */
  async function runningService(tenantId: string) {
    const order = await paidOrder(tenantId, vpsOrder(`vm${++n}.example.com`));
    const job = { tenantId, serviceId: order.serviceId, attempt: 1 };
    const vmId = `vm-${order.serviceId}`;
    await recordProvisioningJob(deps, job, { vmId, jobId: 'job-1' });
    await recordProvisioned(deps, job, deployed(vmId));
    return { ...order, vmId };
  }

  const events = (serviceId: string) => w.store.readStream(serviceStreamId(serviceId));

  return {
    ...w,
    deps,
    cloud,
    manual,
    probeCalls,
    failProbe: (e: ModuleError) => {
      probeFailure = e;
    },
    admin,
    member,
    paidOrder,
    mapCloudStack,
    runningService,
    events,
  };
}
