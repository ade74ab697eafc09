/**
 * A CloudStack API double for tests: a node:http server in the test process that checks every
 * request's signature and expiry the way the management server does (its own encoder, not the
 * client's, so a signing mistake shows), answers in CloudStack's JSON shapes, keeps zones,
 * offerings, templates, VMs, VM snapshots and async jobs in memory, and can be told to fail.
 *
 * Time is injected: jobs finish when the clock reaches their end (or on `completeJobs()`),
 * and `expires` is checked against the same clock.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudStackConfig } from '../client.ts';

export interface FakeClock {
  now(): Date;
  /** Advances the clock instead of waiting (give it to the client as its `sleep`). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  advance(ms: number): void;
}

export function fakeClock(start = '2026-12-02T10:00:00Z'): FakeClock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      t += ms;
    },
    advance(ms) {
      t += ms;
    },
  };
}

export interface DoubleVm {
  id: string;
  name: string;
  displayname: string;
  state: string;
  zoneid: string;
  serviceofferingid: string;
  templateid: string;
  passwordenabled: boolean;
  password: string | null;
  ipaddress: string | null;
  keypair: string | null;
  userdata: string | null;
  /** The snapshot it was last reverted to. */
  revertedTo: string | null;
}

export interface DoubleSnapshot {
  id: string;
  name: string;
  displayname: string;
  virtualmachineid: string;
  state: string;
  created: string;
}

export interface DoubleJob {
  jobid: string;
  cmd: string;
  instanceId: string | null;
  status: 0 | 1 | 2;
  readyAt: number;
  result: Record<string, unknown> | null;
}

export interface JobFailure {
  errorcode?: number;
  errortext?: string;
  /** A failed deploy leaves its VM in Error (as CloudStack does when a host refuses it). */
  leaveVmInError?: boolean;
}

export interface CloudStackDouble {
  /** apiUrl, apiKey and secretKey of the double's one account. */
  readonly config: CloudStackConfig;
  addZone(name: string, id?: string): string;
  addOffering(name: string, id?: string): string;
  addTemplate(name: string, options?: { id?: string; passwordenabled?: boolean }): string;
  /** VMs not expunged. */
  vms(): DoubleVm[];
  vm(id: string): DoubleVm | undefined;
  /** How many VMs were ever deployed under this name, expunged ones included. */
  deployedCount(name: string): number;
  snapshots(vmId?: string): DoubleSnapshot[];
  jobs(): DoubleJob[];
  /** Every command received with its parameters (signed ones only). */
  requests(): { command: string; method: string; params: Record<string, string> }[];
  /** The next `times` calls of `command` answer `errorcode` (431, 530, …) with its error JSON. */
  failNext(
    command: string,
    errorcode: number,
    options?: { times?: number; errortext?: string },
  ): void;
  /** The next `times` calls of `command` are never answered. */
  hangNext(command: string, times?: number): void;
  /** The next job of `command` fails when it ends. */
  failNextJob(command: string, failure?: JobFailure): void;
  /** How long the jobs of `command` run (default: deploy 20 s, others 3 s). */
  setJobDuration(command: string, ms: number): void;
  /** Ends every pending job now. */
  completeJobs(): void;
  /** Drops finished jobs, as CloudStack does after `job.expire.minutes` (listAsyncJobs no longer shows them). */
  forgetFinishedJobs(): void;
  setVmState(id: string, state: string): void;
  close(): Promise<void>;
}

const AUTH_ERROR = 'unable to verify user credentials and/or request signature';

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** java.net.URLEncoder.encode(value, "UTF-8") with '+' → '%20', as the server recomputes it. */
function javaEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function expectedSignature(params: Record<string, string>, secretKey: string): string {
  const unsigned = Object.keys(params)
    .filter((n) => n.toLowerCase() !== 'signature')
    .sort()
    .map((n) => `${n}=${javaEncode(params[n]!)}`)
    .join('&')
    .toLowerCase();
  return createHmac('sha1', secretKey).update(unsigned).digest('base64');
}

function parseExpires(value: string): number | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)([+-])(\d\d)(\d\d)$/.exec(value);
  if (!m) return null;
  const t = Date.parse(`${m[1]}${m[2]}${m[3]}:${m[4]}`);
  return Number.isNaN(t) ? null : t;
}

function formatDate(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export async function startCloudStackDouble(
  options: { now?: () => Date; apiKey?: string; secretKey?: string } = {},
): Promise<CloudStackDouble> {
  const now = () => (options.now ?? (() => new Date()))().getTime();
  const apiKey = options.apiKey ?? `key-${randomUUID()}`;
  const secretKey = options.secretKey ?? `secret-${randomUUID()}`;

  const zones = new Map<string, { id: string; name: string }>();
  const offerings = new Map<string, { id: string; name: string }>();
  const templates = new Map<string, { id: string; name: string; passwordenabled: boolean }>();
  const vms = new Map<string, DoubleVm>();
  const deployed = new Map<string, number>();
  const snapshots = new Map<string, DoubleSnapshot>();
  const jobs = new Map<string, DoubleJob & { finish: () => void }>();
  const failures = new Map<string, { code: number; text: string }[]>();
  const hangs = new Map<string, number>();
  const jobFailures = new Map<string, JobFailure[]>();
  const durations = new Map<string, number>([['deployvirtualmachine', 20_000]]);
  const log: { command: string; method: string; params: Record<string, string> }[] = [];
  let ipCounter = 10;

  const key = (command: string) => command.toLowerCase();
  const vmView = (vm: DoubleVm, withPassword = false) => ({
    id: vm.id,
    name: vm.name,
    displayname: vm.displayname,
    state: vm.state,
    zoneid: vm.zoneid,
    serviceofferingid: vm.serviceofferingid,
    templateid: vm.templateid,
    passwordenabled: vm.passwordenabled,
    ...(withPassword && vm.password ? { password: vm.password } : {}),
    nic: vm.ipaddress
      ? [{ id: `nic-${vm.id}`, ipaddress: vm.ipaddress, isdefault: true, type: 'Isolated' }]
      : [],
  });

  function settle(all = false) {
    for (const job of jobs.values()) {
      if (job.status === 0 && (all || now() >= job.readyAt)) job.finish();
    }
  }

  /** A job of `cmd` on `instanceId`; `succeed` applies its effect and returns its jobresult. */
  function startJob(
    command: string,
    cmd: string,
    instanceId: string | null,
    succeed: () => Record<string, unknown>,
    onFailure?: (f: JobFailure) => void,
  ): string {
    const jobid = randomUUID();
    const failure = jobFailures.get(key(command))?.shift();
    const job: DoubleJob & { finish: () => void } = {
      jobid,
      cmd: `org.apache.cloudstack.api.command.user.vm.${cmd}Cmd`,
      instanceId,
      status: 0,
      readyAt: now() + (durations.get(key(command)) ?? 3000),
      result: null,
      finish() {
        if (failure) {
          onFailure?.(failure);
          job.status = 2;
          job.result = {
            errorcode: failure.errorcode ?? 530,
            errortext: failure.errortext ?? `${command} failed on the hypervisor`,
          };
          return;
        }
        try {
          job.result = succeed();
          job.status = 1;
        } catch (error) {
          job.status = 2;
          job.result = {
            errorcode: error instanceof ApiError ? error.code : 530,
            errortext: (error as Error).message,
          };
        }
      },
    };
    jobs.set(jobid, job);
    return jobid;
  }

  const need = (params: Record<string, string>, name: string) => {
    const value = params[name];
    if (!value)
      throw new ApiError(431, `Unable to execute API command due to missing parameter ${name}`);
    return value;
  };
  const vmById = (params: Record<string, string>, name = 'id') => {
    const id = need(params, name);
    const vm = vms.get(id);
    if (!vm)
      throw new ApiError(
        431,
        `Unable to execute API command due to invalid value. Invalid parameter ${name} value=${id} due to incorrect long value format, or entity does not exist`,
      );
    return vm;
  };
  const listOf = (name: string, items: unknown[]) =>
    items.length ? { count: items.length, [name]: items } : {};
  const paged = <T>(items: T[], params: Record<string, string>) => {
    const size = Number(params.pagesize ?? 500);
    const page = Number(params.page ?? 1);
    return items.slice((page - 1) * size, page * size);
  };

  const commands: Record<string, (p: Record<string, string>) => Record<string, unknown>> = {
    listzones: (p) => listOf('zone', paged([...zones.values()], p)),
    listserviceofferings: (p) => listOf('serviceoffering', paged([...offerings.values()], p)),
    listtemplates: (p) => {
      if (!p.templatefilter) throw new ApiError(431, 'templatefilter is required');
      return listOf(
        'template',
        paged(
          [...templates.values()].map((t) => ({ ...t, isready: true })),
          p,
        ),
      );
    },
    deployvirtualmachine: (p) => {
      const zoneid = need(p, 'zoneid');
      const serviceofferingid = need(p, 'serviceofferingid');
      const templateid = need(p, 'templateid');
      if (!zones.has(zoneid)) throw new ApiError(431, `Unable to find zone by id=${zoneid}`);
      if (!offerings.has(serviceofferingid))
        throw new ApiError(431, `Unable to find service offering: ${serviceofferingid}`);
      const template = templates.get(templateid);
      if (!template) throw new ApiError(431, `Unable to use template ${templateid}`);
      const name = p.name ?? `VM-${randomUUID()}`;
      if (!/^[a-zA-Z][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]$/.test(name))
        throw new ApiError(
          431,
          `Invalid name. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'), must be between 1 and 63 characters long, and can't start or end with "-" and can't start with digit`,
        );
      if ([...vms.values()].some((v) => v.name === name))
        throw new ApiError(
          431,
          `The vm with hostName ${name} already exists in the network domain`,
        );
      const vm: DoubleVm = {
        id: randomUUID(),
        name,
        displayname: p.displayname ?? name,
        state: 'Starting',
        zoneid,
        serviceofferingid,
        templateid,
        passwordenabled: template.passwordenabled,
        password: null,
        ipaddress: null,
        keypair: p.keypair ?? null,
        userdata: p.userdata ? Buffer.from(p.userdata, 'base64').toString('utf8') : null,
        revertedTo: null,
      };
      vms.set(vm.id, vm);
      deployed.set(name, (deployed.get(name) ?? 0) + 1);
      const jobid = startJob(
        'deployVirtualMachine',
        'DeployVM',
        vm.id,
        () => {
          vm.state = 'Running';
          vm.ipaddress = `10.1.1.${ipCounter++}`;
          if (vm.passwordenabled) vm.password = randomUUID().slice(0, 12);
          return { virtualmachine: vmView(vm, true) };
        },
        (failure) => {
          if (failure.leaveVmInError) vm.state = 'Error';
          else vms.delete(vm.id);
        },
      );
      return { id: vm.id, jobid };
    },
    listvirtualmachines: (p) => {
      // CloudStack turns an id into its database id first: an unknown one is a 431.
      if (p.id) vmById(p);
      const found = [...vms.values()].filter(
        // CloudStack matches `name` as a substring.
        (v) => (!p.id || v.id === p.id) && (!p.name || v.name.includes(p.name)),
      );
      return listOf(
        'virtualmachine',
        paged(found, p).map((v) => vmView(v)),
      );
    },
    startvirtualmachine: (p) => {
      const vm = vmById(p);
      if (vm.state !== 'Running') vm.state = 'Starting';
      return {
        jobid: startJob('startVirtualMachine', 'StartVM', vm.id, () => {
          vm.state = 'Running';
          vm.ipaddress ??= `10.1.1.${ipCounter++}`;
          return { virtualmachine: vmView(vm) };
        }),
      };
    },
    stopvirtualmachine: (p) => {
      const vm = vmById(p);
      if (vm.state === 'Running') vm.state = 'Stopping';
      return {
        jobid: startJob('stopVirtualMachine', 'StopVM', vm.id, () => {
          vm.state = 'Stopped';
          return { virtualmachine: vmView(vm) };
        }),
      };
    },
    rebootvirtualmachine: (p) => {
      const vm = vmById(p);
      if (vm.state !== 'Running') throw new ApiError(431, `VM ${vm.id} is not running`);
      return {
        jobid: startJob('rebootVirtualMachine', 'RebootVM', vm.id, () => ({
          virtualmachine: vmView(vm),
        })),
      };
    },
    destroyvirtualmachine: (p) => {
      const vm = vmById(p);
      return {
        jobid: startJob('destroyVirtualMachine', 'DestroyVM', vm.id, () => {
          vm.state = p.expunge === 'true' ? 'Expunging' : 'Destroyed';
          if (p.expunge === 'true') vms.delete(vm.id);
          return { virtualmachine: vmView(vm) };
        }),
      };
    },
    resetpasswordforvirtualmachine: (p) => {
      const vm = vmById(p);
      if (!vm.passwordenabled)
        throw new ApiError(
          431,
          'Fail to reset password for the virtual machine, the template is not password enabled',
        );
      if (vm.state !== 'Stopped')
        throw new ApiError(431, `Vm ${vm.id} should be stopped to do password reset`);
      return {
        jobid: startJob('resetPasswordForVirtualMachine', 'ResetVMPassword', vm.id, () => {
          vm.password = randomUUID().slice(0, 12);
          return { virtualmachine: vmView(vm, true) };
        }),
      };
    },
    createvmsnapshot: (p) => {
      const vm = vmById(p, 'virtualmachineid');
      const snapshot: DoubleSnapshot = {
        id: randomUUID(),
        name: `i-2-${vm.id.slice(0, 4)}-VM_VS_${now()}`,
        displayname: p.name ?? '',
        virtualmachineid: vm.id,
        state: 'Allocated',
        created: formatDate(now()),
      };
      snapshots.set(snapshot.id, snapshot);
      return {
        jobid: startJob('createVMSnapshot', 'CreateVMSnapshot', snapshot.id, () => {
          snapshot.state = 'Ready';
          return { vmsnapshot: { ...snapshot } };
        }),
      };
    },
    listvmsnapshot: (p) =>
      listOf(
        'vmSnapshot',
        paged(
          [...snapshots.values()].filter(
            (s) =>
              (!p.virtualmachineid || s.virtualmachineid === p.virtualmachineid) &&
              (!p.vmsnapshotid || s.id === p.vmsnapshotid),
          ),
          p,
        ),
      ),
    reverttovmsnapshot: (p) => {
      const snapshot = snapshots.get(need(p, 'vmsnapshotid'));
      if (!snapshot) throw new ApiError(431, 'unable to find the vm snapshot');
      return {
        jobid: startJob(
          'revertToVMSnapshot',
          'RevertToVMSnapshot',
          snapshot.virtualmachineid,
          () => {
            const vm = vms.get(snapshot.virtualmachineid)!;
            vm.revertedTo = snapshot.id;
            return { virtualmachine: vmView(vm) };
          },
        ),
      };
    },
    deletevmsnapshot: (p) => {
      const snapshot = snapshots.get(need(p, 'vmsnapshotid'));
      if (!snapshot) throw new ApiError(431, 'unable to find the vm snapshot');
      return {
        jobid: startJob('deleteVMSnapshot', 'DeleteVMSnapshot', snapshot.id, () => {
          snapshots.delete(snapshot.id);
          return { success: true };
        }),
      };
    },
    queryasyncjobresult: (p) => {
      const job = jobs.get(need(p, 'jobid'));
      if (!job) throw new ApiError(431, `Unable to find job by id ${p.jobid}`);
      return jobView(job);
    },
    listasyncjobs: (p) => listOf('asyncjobs', paged([...jobs.values()].map(jobView), p)),
  };

  function jobView(job: DoubleJob) {
    return {
      jobid: job.jobid,
      cmd: job.cmd,
      jobstatus: job.status,
      jobprocstatus: 0,
      jobresultcode: job.status === 2 ? 530 : 0,
      jobresulttype: 'object',
      ...(job.instanceId
        ? { jobinstancetype: 'VirtualMachine', jobinstanceid: job.instanceId }
        : {}),
      ...(job.result ? { jobresult: job.result } : {}),
      created: formatDate(job.readyAt),
    };
  }

  const hanging = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://double');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    }
    const command = params.command ?? '';
    const wrapper = `${command.toLowerCase()}response`;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    const sendError = (code: number, text: string, name = wrapper) =>
      send(code, { [name]: { uuidList: [], errorcode: code, cserrorcode: 9999, errortext: text } });

    // The server's check: api key known, signature matches, a version 3 request not expired.
    const expires = params.signatureversion === '3' ? parseExpires(params.expires ?? '') : 0;
    if (
      params.apikey !== apiKey ||
      !params.signature ||
      params.signature !== expectedSignature(params, secretKey) ||
      expires === null ||
      (params.signatureversion === '3' && expires < now())
    ) {
      send(401, { [wrapper]: { uuidList: [], errorcode: 401, errortext: AUTH_ERROR } });
      return;
    }
    const rest = { ...params };
    for (const name of [
      'apikey',
      'signature',
      'signatureversion',
      'expires',
      'command',
      'response',
    ])
      delete rest[name];
    log.push({ command, method: req.method ?? 'GET', params: rest });

    const hang = hangs.get(key(command)) ?? 0;
    if (hang > 0) {
      hangs.set(key(command), hang - 1);
      hanging.add(res);
      return;
    }
    const failure = failures.get(key(command))?.shift();
    if (failure) return sendError(failure.code, failure.text);
    const run = commands[key(command)];
    if (!run)
      return sendError(
        432,
        'The given command does not exist or it is not available for user',
        'errorresponse',
      );
    settle();
    try {
      send(200, { [wrapper]: run(rest) });
    } catch (error) {
      if (error instanceof ApiError) return sendError(error.code, error.message);
      sendError(530, (error as Error).message);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    config: { apiUrl: `http://127.0.0.1:${port}/client/api`, apiKey, secretKey },
    addZone(name, id = randomUUID()) {
      zones.set(id, { id, name });
      return id;
    },
    addOffering(name, id = randomUUID()) {
      offerings.set(id, { id, name });
      return id;
    },
    addTemplate(name, opts = {}) {
      const id = opts.id ?? randomUUID();
      templates.set(id, { id, name, passwordenabled: opts.passwordenabled ?? true });
      return id;
    },
    vms: () => [...vms.values()].map((v) => ({ ...v })),
    vm: (id) => {
      const vm = vms.get(id);
      return vm && { ...vm };
    },
    deployedCount: (name) => deployed.get(name) ?? 0,
    snapshots: (vmId) =>
      [...snapshots.values()]
        .filter((s) => !vmId || s.virtualmachineid === vmId)
        .map((s) => ({ ...s })),
    jobs: () => [...jobs.values()].map(({ finish: _f, ...j }) => ({ ...j })),
    requests: () => log.map((r) => ({ ...r, params: { ...r.params } })),
    failNext(command, errorcode, opts = {}) {
      const list = failures.get(key(command)) ?? [];
      const text = opts.errortext ?? `CloudStack refused ${command} with ${errorcode}`;
      for (let i = 0; i < (opts.times ?? 1); i++) list.push({ code: errorcode, text });
      failures.set(key(command), list);
    },
    hangNext(command, times = 1) {
      hangs.set(key(command), (hangs.get(key(command)) ?? 0) + times);
    },
    failNextJob(command, failure = {}) {
      const list = jobFailures.get(key(command)) ?? [];
      list.push(failure);
      jobFailures.set(key(command), list);
    },
    setJobDuration(command, ms) {
      durations.set(key(command), ms);
    },
    completeJobs: () => settle(true),
    forgetFinishedJobs() {
      for (const [id, job] of jobs) if (job.status !== 0) jobs.delete(id);
    },
    setVmState(id, state) {
      const vm = vms.get(id);
      if (!vm) throw new Error(`no VM ${id}`);
      vm.state = state;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
