import {
  ModuleError,
  type DeployProgress,
  type DeploySpec,
  type DeployedServer,
  type ProvisioningModule,
  type Snapshot,
} from '../../../commands/services/module-port.ts';
import type { ServiceAction } from '../../../domain/services/events.ts';
import {
  ipAddressesOf,
  type AsyncJob,
  type CloudStackClient,
  type VirtualMachine,
  type VmSnapshot,
} from './client.ts';

/**
 * The CloudStack provisioning module (the AkashOne seed's VM lifecycle) behind the services'
 * ProvisioningModule port.
 *
 * A deploy is keyed by the service: the VM is named from the service id, and every deploy
 * first looks that name up, so a repeat, or a worker restarted between "accepted" and
 * "running", waits for the VM it already made instead of making a second one.
 *
 * A VM of the service found in Error is destroyed (expunged) and the deploy fails with a
 * retryable `CLOUDSTACK_VM_ERROR`: the name is free again and the fulfilment process's next
 * attempt deploys afresh. Keeping it would block the name for ever; deploying again inside
 * the same call would hide a host that keeps refusing it behind an endless loop.
 */

export interface CloudStackModuleOptions {
  /** The login the templates set up (default root). */
  username?: string;
  /** Default 22. */
  sshPort?: number;
  /** An SSH key pair registered in CloudStack, put on every new VM. */
  keypair?: string;
  /** cloud-init user data for new VMs (plain text). */
  userData?: string;
}

const ACTIONS: readonly ServiceAction[] = [
  'START',
  'STOP',
  'REBOOT',
  'RESET_PASSWORD',
  'SNAPSHOTS',
];
const GONE_STATES = new Set(['Destroyed', 'Expunging']);

/** The VM name of a service: `svc-` and the first 20 hex digits of its uuid (hostname-safe, 24 chars). */
export function vmNameFor(serviceId: string): string {
  const hex = serviceId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{20,}$/.test(hex)) {
    throw new ModuleError(
      'CLOUDSTACK_BAD_SERVICE_ID',
      `service id ${serviceId} is not a uuid, no VM name can be made from it`,
      false,
    );
  }
  return `svc-${hex.slice(0, 20)}`;
}

export function cloudStackModule(
  client: CloudStackClient,
  options: CloudStackModuleOptions = {},
): ProvisioningModule {
  const username = options.username ?? 'root';
  const sshPort = options.sshPort ?? 22;

  const serverOf = (vm: VirtualMachine, password: string | null): DeployedServer => ({
    vmId: vm.id,
    ipAddresses: ipAddressesOf(vm),
    username,
    password,
    sshPort,
  });

  async function vmNamed(name: string): Promise<VirtualMachine | null> {
    const found = (await client.listVirtualMachines({ name })).filter(
      (vm) => vm.name === name && !GONE_STATES.has(vm.state),
    );
    return found.find((vm) => vm.state !== 'Error') ?? found[0] ?? null;
  }

  async function discard(vm: VirtualMachine, name: string): Promise<never> {
    await client.destroyVirtualMachine(vm.id);
    throw new ModuleError(
      'CLOUDSTACK_VM_ERROR',
      `CloudStack put VM ${name} (${vm.id}) in Error; it was destroyed and expunged, a retry deploys it afresh`,
      true,
    );
  }

  /** Waits for an accepted deploy job; a failure that left the VM in Error frees its name. */
  async function awaitDeploy(name: string, progress: DeployProgress, signal?: AbortSignal) {
    try {
      return await client.waitForDeploy(progress.jobId!, { signal });
    } catch (error) {
      if (error instanceof ModuleError && error.code !== 'CLOUDSTACK_JOB_TIMEOUT') {
        const vm = await client.findVirtualMachine(progress.vmId);
        if (vm?.state === 'Error') await client.destroyVirtualMachine(vm.id);
      }
      throw error;
    }
  }

  /** The deploy job CloudStack still remembers for a VM (listAsyncJobs keeps them about a day). */
  async function deployJobOf(vmId: string): Promise<AsyncJob | null> {
    const jobs = await client.listAsyncJobs();
    return jobs.find((j) => j.jobinstanceid === vmId && /DeployVM/i.test(j.cmd ?? '')) ?? null;
  }

  /** A VM of the service exists: wait for it to run and recover (or reset) its password. */
  async function resume(
    name: string,
    found: VirtualMachine,
    opts: { onProgress?: (p: DeployProgress) => Promise<void>; signal?: AbortSignal },
  ): Promise<DeployedServer> {
    if (found.state === 'Error') return discard(found, name);
    let vm = found;
    let password: string | null = null;
    const job = await deployJobOf(vm.id);
    if (job?.jobstatus === 0) {
      const progress = { vmId: vm.id, jobId: job.jobid };
      await opts.onProgress?.(progress);
      vm = await awaitDeploy(name, progress, opts.signal);
      password = vm.password ?? null;
    } else if (job?.jobstatus === 1) {
      const result = job.jobresult?.virtualmachine as VirtualMachine | undefined;
      password = result?.password ?? null;
    }
    if (vm.state !== 'Running') {
      vm = await client.waitForVirtualMachine(
        vm.id,
        (v) => v.state === 'Running' || v.state === 'Stopped' || v.state === 'Error',
        { signal: opts.signal },
      );
      if (vm.state === 'Error') return discard(vm, name);
      if (vm.state === 'Stopped') vm = await client.startVirtualMachine(vm.id);
    }
    if (password === null && vm.passwordenabled) {
      // The password of the deploy is gone (its job expired): set one we know.
      password = await resetPassword(vm.id);
      vm = (await client.findVirtualMachine(vm.id)) ?? vm;
    }
    return serverOf(vm, password);
  }

  async function resetPassword(vmId: string): Promise<string> {
    const vm = await client.findVirtualMachine(vmId);
    if (!vm) throw new ModuleError('CLOUDSTACK_VM_GONE', `CloudStack has no VM ${vmId}`, false);
    if (!vm.passwordenabled) {
      throw new ModuleError(
        'CLOUDSTACK_NO_PASSWORD',
        `the template of VM ${vmId} is not password-enabled: its login uses an SSH key`,
        false,
      );
    }
    const wasRunning = vm.state === 'Running';
    // CloudStack sets a password only on a stopped VM.
    if (wasRunning) await client.stopVirtualMachine(vmId);
    try {
      const reset = await client.resetPasswordForVirtualMachine(vmId);
      if (!reset.password) {
        throw new ModuleError(
          'CLOUDSTACK_NO_PASSWORD',
          `CloudStack set no password on ${vmId}`,
          true,
        );
      }
      return reset.password;
    } finally {
      if (wasRunning) await client.startVirtualMachine(vmId);
    }
  }

  const snapshotOf = (s: VmSnapshot): Snapshot => ({
    id: s.id,
    name: s.displayname || s.name,
    createdAt: isoOf(s.created),
    state: s.state,
  });

  return {
    name: 'CLOUDSTACK',
    actions: ACTIONS,

    async deploy(spec: DeploySpec, opts = {}) {
      const name = vmNameFor(spec.serviceId);
      const existing = await vmNamed(name);
      if (existing) return resume(name, existing, opts);
      let accepted: { id: string; jobid: string };
      try {
        accepted = await client.deployVirtualMachine({
          zoneid: spec.zoneId,
          serviceofferingid: spec.serviceOfferingId,
          templateid: spec.templateId,
          name,
          displayname: spec.hostname,
          keypair: options.keypair,
          userdata: options.userData,
        });
      } catch (error) {
        // Another deploy of this service got there first: CloudStack refuses a second VM of the name.
        if (error instanceof ModuleError && error.code === 'CLOUDSTACK_431') {
          const raced = await vmNamed(name);
          if (raced) return resume(name, raced, opts);
        }
        throw error;
      }
      const progress = { vmId: accepted.id, jobId: accepted.jobid };
      await opts.onProgress?.(progress);
      const vm = await awaitDeploy(name, progress, opts.signal);
      if (vm.state === 'Error') return discard(vm, name);
      return serverOf(vm, vm.password ?? null);
    },

    async start(vmId) {
      await client.startVirtualMachine(vmId);
    },
    async stop(vmId) {
      await client.stopVirtualMachine(vmId);
    },
    async reboot(vmId) {
      await client.rebootVirtualMachine(vmId);
    },
    resetPassword,
    async createSnapshot(vmId, name) {
      return snapshotOf(await client.createVMSnapshot({ virtualmachineid: vmId, name }));
    },
    async listSnapshots(vmId) {
      return (await client.listVMSnapshot({ virtualmachineid: vmId })).map(snapshotOf);
    },
    async revertSnapshot(vmId, snapshotId) {
      await ownSnapshot(vmId, snapshotId);
      await client.revertToVMSnapshot(snapshotId);
    },
    async deleteSnapshot(vmId, snapshotId) {
      await ownSnapshot(vmId, snapshotId);
      await client.deleteVMSnapshot(snapshotId);
    },
    async resize(vmId, spec) {
      const vm = await client.findVirtualMachine(vmId);
      if (!vm) throw new ModuleError('CLOUDSTACK_VM_GONE', `CloudStack has no VM ${vmId}`, false);
      // A repeat (the change applied before a crash) finds the VM on the offering already.
      if (vm.serviceofferingid === spec.serviceOfferingId) return;
      if (vm.state !== 'Running' || vm.isdynamicallyscalable === true) {
        await client.scaleVirtualMachine(vmId, spec.serviceOfferingId);
        return;
      }
      // CloudStack scales a running VM only when it is dynamically scalable: stop, scale, start.
      await client.stopVirtualMachine(vmId);
      try {
        await client.scaleVirtualMachine(vmId, spec.serviceOfferingId);
      } finally {
        await client.startVirtualMachine(vmId);
      }
    },
    async destroy(vmId) {
      // Idempotent: a VM already expunged (a retried termination) is done.
      if (!(await client.findVirtualMachine(vmId))) return;
      await client.destroyVirtualMachine(vmId);
    },
  };

  /** A snapshot id is used only on the VM it belongs to (a customer names their own server). */
  async function ownSnapshot(vmId: string, snapshotId: string): Promise<void> {
    const [snapshot] = await client
      .listVMSnapshot({ vmsnapshotid: snapshotId })
      .catch((error: unknown) => {
        // CloudStack refuses an id it does not know with 431.
        if (error instanceof ModuleError && error.code === 'CLOUDSTACK_431') return [];
        throw error;
      });
    if (!snapshot || snapshot.virtualmachineid !== vmId) {
      throw new ModuleError(
        'CLOUDSTACK_NO_SNAPSHOT',
        `VM ${vmId} has no snapshot ${snapshotId}`,
        false,
      );
    }
  }
}

/** CloudStack's dates (2026-12-02T17:05:00+0000) as ISO-8601 in UTC. */
function isoOf(date: string | undefined): string {
  if (!date) return '';
  const t = Date.parse(date.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(t) ? date : new Date(t).toISOString();
}
