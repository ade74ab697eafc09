import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModuleError } from '../../../commands/services/module-port.ts';
import { checkMapping, cloudStackClient, ipAddressesOf, type CloudStackClient } from './client.ts';
import { fakeClock, startCloudStackDouble, type CloudStackDouble } from './testing/double.ts';

const clock = fakeClock();
const sleeps: number[] = [];
let double: CloudStackDouble;
let client: CloudStackClient;
let zone: string, offering: string, template: string;

beforeAll(async () => {
  double = await startCloudStackDouble({ now: clock.now });
  zone = double.addZone('Mumbai 1');
  offering = double.addOffering('2 vCPU 4 GB');
  template = double.addTemplate('Ubuntu 24.04', { passwordenabled: true });
  client = cloudStackClient(double.config, {
    now: clock.now,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      await clock.sleep(ms, signal);
    },
    requestTimeoutMs: 10_000,
  });
});
afterAll(() => double.close());

async function refusal(promise: Promise<unknown>): Promise<ModuleError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModuleError);
  return error as ModuleError;
}

async function deployed(name: string) {
  const accepted = await client.deployVirtualMachine({
    zoneid: zone,
    serviceofferingid: offering,
    templateid: template,
    name,
    displayname: `${name}.example.in`,
  });
  return client.waitForDeploy(accepted.jobid);
}

describe('the CloudStack client against the double', () => {
  it('lists zones, offerings and executable templates, and says which mapped ids are missing', async () => {
    expect((await client.listZones()).map((z) => z.id)).toEqual([zone]);
    expect((await client.listServiceOfferings()).map((o) => o.name)).toEqual(['2 vCPU 4 GB']);
    expect((await client.listTemplates()).map((t) => t.id)).toEqual([template]);
    expect(double.requests().at(-1)).toMatchObject({
      command: 'listTemplates',
      params: { templatefilter: 'executable' },
    });
    const check = await checkMapping(client, {
      zones: [zone, 'zone-gone'],
      offerings: [offering],
      templates: ['tpl-gone', template, 'tpl-gone'],
    });
    expect(check).toEqual({ zones: ['zone-gone'], offerings: [], templates: ['tpl-gone'] });
  });

  it('deploys, polls the job every 2–5 s of injected time, and reads the VM, its IP and password', async () => {
    sleeps.length = 0;
    const started = clock.now().getTime();
    const accepted = await client.deployVirtualMachine({
      zoneid: zone,
      serviceofferingid: offering,
      templateid: template,
      name: 'svc-a',
      displayname: 'web.example.in',
      keypair: 'ops',
      userdata: '#cloud-config\nhostname: web',
    });
    expect(double.vm(accepted.id)).toMatchObject({
      state: 'Starting',
      keypair: 'ops',
      userdata: '#cloud-config\nhostname: web',
    });
    const vm = await client.waitForDeploy(accepted.jobid);
    expect(vm).toMatchObject({ id: accepted.id, name: 'svc-a', state: 'Running' });
    expect(vm.password).toMatch(/.{8,}/);
    expect(ipAddressesOf(vm)).toEqual([double.vm(vm.id)!.ipaddress]);
    expect(sleeps).toEqual([2000, 3000, 4000, 5000, 5000, 5000]);
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(20_000);

    const byName = await client.listVirtualMachines({ name: 'svc-a' });
    expect(byName.map((v) => v.id)).toEqual([vm.id]);
    expect(byName[0]!.password).toBeUndefined();
    expect(await client.findVirtualMachine('no-such-vm')).toBeNull();
  });

  it('stops, starts, reboots, resets the password of a stopped VM and destroys with expunge', async () => {
    const vm = await deployed('svc-b');
    expect((await client.stopVirtualMachine(vm.id)).state).toBe('Stopped');
    const reset = await client.resetPasswordForVirtualMachine(vm.id);
    expect(reset.password).toBe(double.vm(vm.id)!.password);
    expect(reset.password).not.toBe(vm.password);
    expect((await client.startVirtualMachine(vm.id)).state).toBe('Running');
    expect((await client.rebootVirtualMachine(vm.id)).state).toBe('Running');
    await client.destroyVirtualMachine(vm.id);
    expect(double.vm(vm.id)).toBeUndefined();
    expect(double.requests().find((r) => r.command === 'destroyVirtualMachine')!.params).toEqual({
      id: vm.id,
      expunge: 'true',
    });
  });

  it('creates, lists, reverts to and deletes VM snapshots', async () => {
    const vm = await deployed('svc-c');
    const snapshot = await client.createVMSnapshot({ virtualmachineid: vm.id, name: 'before' });
    expect(snapshot).toMatchObject({ displayname: 'before', state: 'Ready' });
    expect((await client.listVMSnapshot({ virtualmachineid: vm.id })).map((s) => s.id)).toEqual([
      snapshot.id,
    ]);
    await client.revertToVMSnapshot(snapshot.id);
    expect(double.vm(vm.id)!.revertedTo).toBe(snapshot.id);
    await client.deleteVMSnapshot(snapshot.id);
    expect(await client.listVMSnapshot({ virtualmachineid: vm.id })).toEqual([]);
  });

  it.each([
    [431, false],
    [432, false],
    [429, true],
    [530, true],
    [533, true],
    [534, true],
  ])(
    'maps CloudStack error %i to a ModuleError (retryable: %s) with its errortext',
    async (code, retryable) => {
      double.failNext('listZones', code, { errortext: `zone lookup said ${code}` });
      const error = await refusal(client.listZones());
      expect(error).toMatchObject({ code: `CLOUDSTACK_${code}`, retryable });
      expect(error.message).toContain(`zone lookup said ${code}`);
    },
  );

  it('refuses a wrong secret as a permanent 401', async () => {
    const wrong = cloudStackClient({ ...double.config, secretKey: 'wrong' }, { now: clock.now });
    expect(await refusal(wrong.listZones())).toMatchObject({
      code: 'CLOUDSTACK_401',
      retryable: false,
    });
  });

  it('gives up on a request that is never answered, and on an unreachable API, as retryable', async () => {
    double.hangNext('listZones');
    const impatient = cloudStackClient(double.config, { now: clock.now, requestTimeoutMs: 100 });
    expect(await refusal(impatient.listZones())).toMatchObject({
      code: 'CLOUDSTACK_TIMEOUT',
      retryable: true,
    });
    const nowhere = cloudStackClient({ ...double.config, apiUrl: 'http://127.0.0.1:9/client/api' });
    expect(await refusal(nowhere.listZones())).toMatchObject({
      code: 'CLOUDSTACK_NETWORK',
      retryable: true,
    });
  });

  it('reports a job that fails after a while with its error code and text', async () => {
    const vm = await deployed('svc-d');
    double.setJobDuration('stopVirtualMachine', 60_000);
    double.failNextJob('stopVirtualMachine', { errorcode: 530, errortext: 'host did not answer' });
    const started = clock.now().getTime();
    const error = await refusal(client.stopVirtualMachine(vm.id));
    expect(error).toMatchObject({ code: 'CLOUDSTACK_530', retryable: true });
    expect(error.message).toContain('host did not answer');
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(60_000);
    double.setJobDuration('stopVirtualMachine', 3000);
  });

  it('keeps polling a job through polls refused for a while', async () => {
    const accepted = await client.request<{ jobid: string }>('startVirtualMachine', {
      id: (await deployed('svc-f')).id,
    });
    double.failNext('queryAsyncJobResult', 530, { times: 2 });
    expect(await client.waitForJob(accepted.jobid)).toMatchObject({
      virtualmachine: { state: 'Running' },
    });
    double.failNext('queryAsyncJobResult', 431);
    expect(await refusal(client.waitForJob(accepted.jobid))).toMatchObject({
      code: 'CLOUDSTACK_431',
    });
  });

  it('gives up on a deploy job after 30 minutes of injected time, retryable', async () => {
    double.setJobDuration('deployVirtualMachine', 2 * 3600_000);
    const accepted = await client.deployVirtualMachine({
      zoneid: zone,
      serviceofferingid: offering,
      templateid: template,
      name: 'svc-slow',
      displayname: 'slow',
    });
    const started = clock.now().getTime();
    const error = await refusal(client.waitForDeploy(accepted.jobid));
    expect(error).toMatchObject({ code: 'CLOUDSTACK_JOB_TIMEOUT', retryable: true });
    const waited = clock.now().getTime() - started;
    expect(waited).toBeGreaterThanOrEqual(30 * 60_000);
    expect(waited).toBeLessThan(31 * 60_000);
    expect(double.jobs().find((j) => j.jobid === accepted.jobid)!.status).toBe(0);
    double.setJobDuration('deployVirtualMachine', 20_000);
  });

  it('sends long user data as a signed form POST', async () => {
    const userdata = '#cloud-config\n' + 'write_files: []\n'.repeat(200);
    const accepted = await client.deployVirtualMachine({
      zoneid: zone,
      serviceofferingid: offering,
      templateid: template,
      name: 'svc-userdata',
      displayname: 'ud',
      userdata,
    });
    expect(double.vm(accepted.id)!.userdata).toBe(userdata);
    expect(double.requests().find((r) => r.params.name === 'svc-userdata')!.method).toBe('POST');
    expect(double.requests().at(0)!.method).toBe('GET');
  });

  it('ends a job on demand, and stops waiting when the caller aborts', async () => {
    const vm = await deployed('svc-e');
    double.setJobDuration('rebootVirtualMachine', 3600_000);
    const accepted = await client.request<{ jobid: string }>('rebootVirtualMachine', { id: vm.id });
    double.completeJobs();
    expect(await client.waitForJob(accepted.jobid)).toMatchObject({
      virtualmachine: { id: vm.id, state: 'Running' },
    });
    const again = await client.request<{ jobid: string }>('rebootVirtualMachine', { id: vm.id });
    const controller = new AbortController();
    const waiting = client.waitForJob(again.jobid, { signal: controller.signal });
    controller.abort(new Error('worker stopping'));
    await expect(waiting).rejects.toThrow('worker stopping');
    double.setJobDuration('rebootVirtualMachine', 3000);
  });

  it('reads every page of a long list', async () => {
    const many = await startCloudStackDouble({ now: clock.now });
    try {
      for (let i = 0; i < 501; i++) many.addTemplate(`t${i}`);
      const c = cloudStackClient(many.config, { now: clock.now });
      expect((await c.listTemplates()).length).toBe(501);
      expect(many.requests().map((r) => r.params.page)).toEqual(['1', '2']);
    } finally {
      await many.close();
    }
  });
});
