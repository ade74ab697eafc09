import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ModuleError,
  type DeployProgress,
  type DeploySpec,
  type ProvisioningModule,
} from '../../../commands/services/module-port.ts';
import { cloudStackClient } from './client.ts';
import { cloudStackModule, vmNameFor } from './module.ts';
import { fakeClock, startCloudStackDouble, type CloudStackDouble } from './testing/double.ts';

const clock = fakeClock();
let double: CloudStackDouble;
let zone: string, offering: string, template: string, keyOnlyTemplate: string;

beforeAll(async () => {
  double = await startCloudStackDouble({ now: clock.now });
  zone = double.addZone('Mumbai 1');
  offering = double.addOffering('2 vCPU 4 GB');
  template = double.addTemplate('Ubuntu 24.04', { passwordenabled: true });
  keyOnlyTemplate = double.addTemplate('Debian 12 (SSH key)', { passwordenabled: false });
});
afterAll(() => double.close());

/** A fresh module each time, as a restarted worker would build it. */
const moduleOf = (): ProvisioningModule =>
  cloudStackModule(cloudStackClient(double.config, { now: clock.now, sleep: clock.sleep }));

const specOf = (overrides: Partial<DeploySpec> = {}): DeploySpec => ({
  tenantId: 'akashone',
  serviceId: randomUUID(),
  hostname: 'web1.example.in',
  zoneId: zone,
  serviceOfferingId: offering,
  templateId: template,
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<ModuleError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModuleError);
  return error as ModuleError;
}

const liveNamed = (name: string) => double.vms().filter((v) => v.name === name);

describe('vmNameFor', () => {
  it('is svc- and the first 20 hex digits of the service id, a valid hostname', () => {
    expect(vmNameFor('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('svc-0f8fad5bd9cb469fa165');
    expect(vmNameFor('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('svc-0f8fad5bd9cb469fa165');
    expect(() => vmNameFor('svc 1')).toThrow(ModuleError);
  });
});

describe('the CloudStack module', () => {
  it('deploys a server named from the service, reporting the accepted job first', async () => {
    const spec = specOf();
    const progress: DeployProgress[] = [];
    const server = await moduleOf().deploy(spec, {
      onProgress: async (p) => {
        // Recorded before the VM runs, so a restarted worker knows the job.
        expect(double.vm(p.vmId)!.state).toBe('Starting');
        progress.push(p);
      },
    });
    const vm = double.vm(server.vmId)!;
    expect(vm).toMatchObject({
      name: vmNameFor(spec.serviceId),
      displayname: 'web1.example.in',
      state: 'Running',
      zoneid: zone,
      serviceofferingid: offering,
      templateid: template,
    });
    expect(progress).toEqual([{ vmId: server.vmId, jobId: expect.any(String) }]);
    expect(server).toEqual({
      vmId: vm.id,
      ipAddresses: [vm.ipaddress],
      username: 'root',
      password: vm.password,
      sshPort: 22,
    });
    expect(server.password).toBeTruthy();
  });

  it('deployed twice for one service makes one VM and answers the same server', async () => {
    const spec = specOf();
    const first = await moduleOf().deploy(spec);
    const again = await moduleOf().deploy(spec);
    expect(again).toEqual(first);
    // Found by its name: the second deploy never asked CloudStack for a VM.
    expect(
      double
        .requests()
        .filter(
          (r) =>
            r.command === 'deployVirtualMachine' && r.params.name === vmNameFor(spec.serviceId),
        ).length,
    ).toBe(1);
    expect(double.deployedCount(vmNameFor(spec.serviceId))).toBe(1);
  });

  it('resumes a deploy whose worker crashed between accept and done: one VM, the job awaited', async () => {
    const spec = specOf();
    const name = vmNameFor(spec.serviceId);
    let accepted: DeployProgress | null = null;
    const crashed = moduleOf().deploy(spec, {
      onProgress: async (p) => {
        accepted = p;
        throw new Error('worker killed');
      },
    });
    await expect(crashed).rejects.toThrow('worker killed');
    expect(liveNamed(name).map((v) => v.state)).toEqual(['Starting']);

    const resumedProgress: DeployProgress[] = [];
    const server = await moduleOf().deploy(spec, {
      onProgress: async (p) => void resumedProgress.push(p),
    });
    expect(server.vmId).toBe(accepted!.vmId);
    expect(resumedProgress).toEqual([accepted]);
    expect(server.password).toBe(double.vm(server.vmId)!.password);
    expect(double.deployedCount(name)).toBe(1);
    expect(liveNamed(name).map((v) => v.state)).toEqual(['Running']);
  });

  it('resumed after CloudStack forgot the deploy job, sets a password it knows', async () => {
    const spec = specOf();
    const first = await moduleOf().deploy(spec);
    double.forgetFinishedJobs();
    const resumed = await moduleOf().deploy(spec);
    expect(resumed.vmId).toBe(first.vmId);
    expect(resumed.password).not.toBe(first.password);
    expect(resumed.password).toBe(double.vm(first.vmId)!.password);
    expect(double.vm(first.vmId)!.state).toBe('Running');
    expect(double.deployedCount(vmNameFor(spec.serviceId))).toBe(1);
  });

  it('two deploys of one service at once still make one VM', async () => {
    const spec = specOf();
    const [a, b] = await Promise.all([moduleOf().deploy(spec), moduleOf().deploy(spec)]);
    expect(a.vmId).toBe(b.vmId);
    // Both looked the name up before either deployed (two requests reach CloudStack); the
    // second is refused for its name and waits for the first one's VM.
    expect(double.deployedCount(vmNameFor(spec.serviceId))).toBe(1);
  });

  it('a deploy that leaves the VM in Error frees the name and fails retryable; the retry deploys afresh', async () => {
    const spec = specOf();
    const name = vmNameFor(spec.serviceId);
    double.failNextJob('deployVirtualMachine', {
      errorcode: 530,
      errortext: 'Unable to create a deployment for VM',
      leaveVmInError: true,
    });
    const error = await refusal(moduleOf().deploy(spec));
    expect(error).toMatchObject({ code: 'CLOUDSTACK_530', retryable: true });
    expect(error.message).toContain('Unable to create a deployment');
    expect(liveNamed(name)).toEqual([]);

    const server = await moduleOf().deploy(spec);
    expect(liveNamed(name).map((v) => [v.id, v.state])).toEqual([[server.vmId, 'Running']]);
    expect(double.deployedCount(name)).toBe(2);
  });

  it('a VM of the service found in Error is destroyed and reported retryable', async () => {
    const spec = specOf();
    const name = vmNameFor(spec.serviceId);
    const first = await moduleOf().deploy(spec);
    double.setVmState(first.vmId, 'Error');
    const error = await refusal(moduleOf().deploy(spec));
    expect(error).toMatchObject({ code: 'CLOUDSTACK_VM_ERROR', retryable: true });
    expect(double.vm(first.vmId)).toBeUndefined();
    const retried = await moduleOf().deploy(spec);
    expect(retried.vmId).not.toBe(first.vmId);
    expect(liveNamed(name).length).toBe(1);
  });

  it('a deploy CloudStack refuses as asked (unknown zone) fails for good and leaves no VM', async () => {
    const spec = specOf({ zoneId: 'no-such-zone' });
    expect(await refusal(moduleOf().deploy(spec))).toMatchObject({
      code: 'CLOUDSTACK_431',
      retryable: false,
    });
    expect(double.deployedCount(vmNameFor(spec.serviceId))).toBe(0);
  });

  it('resets the password of a running server: stopped, reset, started again', async () => {
    const module = moduleOf();
    const server = await module.deploy(specOf());
    const password = await module.resetPassword(server.vmId);
    expect(password).not.toBe(server.password);
    expect(double.vm(server.vmId)).toMatchObject({ password, state: 'Running' });
    const commands = double
      .requests()
      .filter((r) => r.params.id === server.vmId)
      .map((r) => r.command);
    expect(commands.slice(-3)).toEqual([
      'stopVirtualMachine',
      'resetPasswordForVirtualMachine',
      'startVirtualMachine',
    ]);
  });

  it('refuses a password reset for a key-only template without stopping the server', async () => {
    const module = moduleOf();
    const server = await module.deploy(specOf({ templateId: keyOnlyTemplate }));
    expect(server.password).toBeNull();
    expect(await refusal(module.resetPassword(server.vmId))).toMatchObject({
      code: 'CLOUDSTACK_NO_PASSWORD',
      retryable: false,
    });
    expect(double.vm(server.vmId)!.state).toBe('Running');
  });

  it('takes, lists, reverts to and deletes snapshots, only of their own server', async () => {
    const module = moduleOf();
    const server = await module.deploy(specOf());
    const other = await module.deploy(specOf());
    const taken = await module.createSnapshot(server.vmId, 'before upgrade');
    expect(taken).toEqual({
      id: expect.any(String),
      name: 'before upgrade',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      state: 'Ready',
    });
    expect(await module.listSnapshots(server.vmId)).toEqual([taken]);
    expect(await module.listSnapshots(other.vmId)).toEqual([]);
    expect(await refusal(module.revertSnapshot(other.vmId, taken.id))).toMatchObject({
      code: 'CLOUDSTACK_NO_SNAPSHOT',
      retryable: false,
    });
    await module.revertSnapshot(server.vmId, taken.id);
    expect(double.vm(server.vmId)!.revertedTo).toBe(taken.id);
    await module.deleteSnapshot(server.vmId, taken.id);
    expect(await module.listSnapshots(server.vmId)).toEqual([]);
    expect(await refusal(module.deleteSnapshot(server.vmId, taken.id))).toMatchObject({
      code: 'CLOUDSTACK_NO_SNAPSHOT',
    });
  });

  it('stops, starts and reboots; destroys with expunge, and a second destroy is a no-op', async () => {
    const module = moduleOf();
    const server = await module.deploy(specOf());
    await module.stop(server.vmId);
    expect(double.vm(server.vmId)!.state).toBe('Stopped');
    await module.start(server.vmId);
    await module.reboot(server.vmId);
    expect(double.vm(server.vmId)!.state).toBe('Running');
    await module.destroy(server.vmId);
    expect(double.vm(server.vmId)).toBeUndefined();
    await module.destroy(server.vmId);
    expect(module.actions).toEqual(['START', 'STOP', 'REBOOT', 'RESET_PASSWORD', 'SNAPSHOTS']);
  });

  it('resizes a running server that is not dynamically scalable: stopped, scaled to the new offering, started; a repeat calls nothing', async () => {
    const module = moduleOf();
    const bigger = double.addOffering('4 vCPU 8 GB');
    const server = await module.deploy(specOf());
    const before = double.requests().length;
    await module.resize!(server.vmId, specOf({ serviceOfferingId: bigger }));
    expect(double.vm(server.vmId)).toMatchObject({ serviceofferingid: bigger, state: 'Running' });
    const commands = double
      .requests()
      .slice(before)
      .map((r) => r.command)
      .filter((c) => !/^(queryAsyncJobResult|listVirtualMachines)$/.test(c));
    expect(commands).toEqual(['stopVirtualMachine', 'scaleVirtualMachine', 'startVirtualMachine']);
    const scaled = double.requests().find((r) => r.command === 'scaleVirtualMachine')!;
    expect(scaled.params).toMatchObject({ id: server.vmId, serviceofferingid: bigger });

    const after = double.requests().length;
    await module.resize!(server.vmId, specOf({ serviceOfferingId: bigger }));
    expect(
      double
        .requests()
        .slice(after)
        .map((r) => r.command),
    ).toEqual(['listVirtualMachines']);
  });

  it('resizes a dynamically scalable server without stopping it; an unknown offering fails for good and restarts the server', async () => {
    const module = moduleOf();
    const bigger = double.addOffering('8 vCPU 16 GB');
    const server = await module.deploy(specOf());
    double.setDynamicallyScalable(server.vmId, true);
    const before = double.requests().length;
    await module.resize!(server.vmId, specOf({ serviceOfferingId: bigger }));
    expect(double.vm(server.vmId)).toMatchObject({ serviceofferingid: bigger, state: 'Running' });
    expect(
      double
        .requests()
        .slice(before)
        .some((r) => r.command === 'stopVirtualMachine'),
    ).toBe(false);

    double.setDynamicallyScalable(server.vmId, false);
    const error = await refusal(module.resize!(server.vmId, specOf({ serviceOfferingId: 'nope' })));
    expect(error).toMatchObject({ code: 'CLOUDSTACK_431', retryable: false });
    expect(double.vm(server.vmId)).toMatchObject({ serviceofferingid: bigger, state: 'Running' });
  });
});
