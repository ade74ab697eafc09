import { ModuleError } from '../../../commands/services/module-port.ts';
import { encodeParams, signRequest } from './signing.ts';
import type {
  Nic,
  VmState,
  VirtualMachine,
  VmSnapshot,
  Zone,
  ServiceOffering,
  Template,
  AsyncJob,
  AcceptedJob,
  DeployParams,
} from './api-types.ts';

export type {
  Nic,
  VmState,
  VirtualMachine,
  VmSnapshot,
  Zone,
  ServiceOffering,
  Template,
  AsyncJob,
  AcceptedJob,
  DeployParams,
};

/**
 * A typed client of the CloudStack API (JSON responses, signature version 3), on global fetch
 * and node:crypto. Errors become `ModuleError`s whose `retryable` says whether the same call
 * may succeed later; asynchronous commands are polled with `queryAsyncJobResult`.
 */

export interface CloudStackConfig {
  /** The API endpoint, e.g. https://cloud.example.com/client/api */
  apiUrl: string;
  apiKey: string;
  secretKey: string;
}

export interface CloudStackClientOptions {
  /** Signs `expires` and measures how long a job has run. */
  now?: () => Date;
  /** Waits between polls of a job. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch?: typeof fetch;
  /** One HTTP request's limit (default 30 s). */
  requestTimeoutMs?: number;
  /** How long a deploy job may run before the client gives up (default 30 min). */
  deployTimeoutMs?: number;
  /** How long other jobs may run (default 15 min). */
  jobTimeoutMs?: number;
}

export interface CloudStackClient {
  readonly config: CloudStackConfig;
  /** One command, its `<command>response` object; errors thrown as ModuleError. */
  request<T = Record<string, unknown>>(
    command: string,
    params?: Record<string, string>,
  ): Promise<T>;
  queryAsyncJobResult(jobId: string): Promise<AsyncJob>;
  /**
   * Polls every 2–5 s until the job ends: its `jobresult` on success, a ModuleError from the
   * job's error code otherwise, CLOUDSTACK_JOB_TIMEOUT (retryable) once `timeoutMs` has passed.
   * Polls refused with a retryable error are tried again until then.
   */
  waitForJob(
    jobId: string,
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Record<string, unknown>>;
  listAsyncJobs(): Promise<AsyncJob[]>;

  /** Accepted: the VM id and the job; wait with `waitForDeploy`. */
  deployVirtualMachine(params: DeployParams): Promise<{ id: string; jobid: string }>;
  waitForDeploy(jobId: string, options?: { signal?: AbortSignal }): Promise<VirtualMachine>;
  /** `name` is matched by CloudStack as a substring; an unknown `id` is refused with 431. */
  listVirtualMachines(filter: { id?: string; name?: string }): Promise<VirtualMachine[]>;
  /** The VM of this id, or null when CloudStack has none (its 431 for an unknown id). */
  findVirtualMachine(id: string): Promise<VirtualMachine | null>;
  /** Polls listVirtualMachines (2–5 s) until `until(vm)` holds; a ModuleError if the VM goes or time runs out. */
  waitForVirtualMachine(
    id: string,
    until: (vm: VirtualMachine) => boolean,
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<VirtualMachine>;
  startVirtualMachine(id: string): Promise<VirtualMachine>;
  stopVirtualMachine(id: string, options?: { forced?: boolean }): Promise<VirtualMachine>;
  rebootVirtualMachine(id: string): Promise<VirtualMachine>;
  /** Destroys and expunges the VM. */
  destroyVirtualMachine(id: string): Promise<void>;
  /** The VM on another service offering (scaleVirtualMachine); resolves when the job ended. */
  scaleVirtualMachine(id: string, serviceOfferingId: string): Promise<void>;
  /** The VM (stopped first, on most hypervisors) with its new `password`. */
  resetPasswordForVirtualMachine(id: string): Promise<VirtualMachine>;

  createVMSnapshot(params: {
    virtualmachineid: string;
    name: string;
    description?: string;
  }): Promise<VmSnapshot>;
  listVMSnapshot(filter: {
    virtualmachineid?: string;
    vmsnapshotid?: string;
  }): Promise<VmSnapshot[]>;
  revertToVMSnapshot(vmSnapshotId: string): Promise<void>;
  deleteVMSnapshot(vmSnapshotId: string): Promise<void>;

  listZones(): Promise<Zone[]>;
  listServiceOfferings(): Promise<ServiceOffering[]>;
  /** Templates the account may deploy (templatefilter=executable). */
  listTemplates(): Promise<Template[]>;
}

/** CloudStack's error codes that a later identical call may get past. */
const RETRYABLE_CODES = new Set([429, 530, 533, 534, 535]);
/** Asked wrongly (431 parameter, 432 unsupported action, 401 credentials): never succeeds as asked. */
const PERMANENT_CODES = new Set([401, 431, 432, 436, 437]);

export function errorFor(code: number, text: string): ModuleError {
  const retryable = RETRYABLE_CODES.has(code) || (!PERMANENT_CODES.has(code) && code >= 500);
  return new ModuleError(`CLOUDSTACK_${code}`, `CloudStack ${code}: ${text}`, retryable);
}

const PAGE_SIZE = 500;

export function cloudStackClient(
  config: CloudStackConfig,
  options: CloudStackClientOptions = {},
): CloudStackClient {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const doFetch = options.fetch ?? fetch;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const deployTimeoutMs = options.deployTimeoutMs ?? 30 * 60_000;
  const jobTimeoutMs = options.jobTimeoutMs ?? 15 * 60_000;

  async function request<T>(command: string, params: Record<string, string> = {}): Promise<T> {
    const signed = signRequest({ ...params, command, response: 'json' }, config, now());
    const body = encodeParams(signed);
    // GET unless the query would be long (user data): CloudStack takes a form POST too.
    const post = body.length > 2000;
    const url = post ? config.apiUrl : `${config.apiUrl}?${body}`;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, {
        method: post ? 'POST' : 'GET',
        headers: post ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
        body: post ? body : undefined,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      text = await res.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new ModuleError(
        timedOut ? 'CLOUDSTACK_TIMEOUT' : 'CLOUDSTACK_NETWORK',
        timedOut
          ? `CloudStack did not answer ${command} within ${requestTimeoutMs / 1000} s`
          : `CloudStack could not be reached for ${command}: ${causeOf(error)}`,
        true,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ModuleError(
        `CLOUDSTACK_HTTP_${res.status}`,
        `CloudStack answered ${command} with HTTP ${res.status} and no JSON`,
        res.status >= 500 || res.status === 429,
      );
    }
    const wrapper = responseOf(json, command);
    if (wrapper && typeof wrapper.errorcode === 'number') {
      throw errorFor(wrapper.errorcode, String(wrapper.errortext ?? 'no error text'));
    }
    if (!res.ok || !wrapper) {
      throw errorFor(res.status, `unexpected answer to ${command}`);
    }
    return wrapper as T;
  }

  async function list<T>(command: string, key: string, params: Record<string, string> = {}) {
    const all: T[] = [];
    for (let page = 1; ; page++) {
      const res = await request<Record<string, unknown>>(command, {
        ...params,
        page: String(page),
        pagesize: String(PAGE_SIZE),
      });
      const items = (res[key] as T[] | undefined) ?? [];
      all.push(...items);
      if (items.length < PAGE_SIZE) return all;
    }
  }

  async function waitForJob(
    jobId: string,
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Record<string, unknown>> {
    const timeoutMs = opts.timeoutMs ?? jobTimeoutMs;
    const deadline = now().getTime() + timeoutMs;
    for (let poll = 0; ; poll++) {
      // A poll that fails for a while (a cut connection, a busy server) does not end the wait:
      // the job runs on in CloudStack. Only the deadline does.
      const job = await client.queryAsyncJobResult(jobId).catch((error: unknown) => {
        if (error instanceof ModuleError && error.retryable && now().getTime() < deadline) {
          return null;
        }
        throw error;
      });
      if (!job) {
        opts.signal?.throwIfAborted();
        await sleep(5000, opts.signal);
        continue;
      }
      if (job.jobstatus === 1) return job.jobresult ?? {};
      if (job.jobstatus === 2) {
        const result = job.jobresult ?? {};
        const code = typeof result.errorcode === 'number' ? result.errorcode : 530;
        throw errorFor(code, String(result.errortext ?? `job ${jobId} failed`));
      }
      if (now().getTime() >= deadline) {
        throw new ModuleError(
          'CLOUDSTACK_JOB_TIMEOUT',
          `CloudStack job ${jobId} (${job.cmd ?? 'unknown command'}) had not finished after ${timeoutMs / 60_000} minutes`,
          true,
        );
      }
      opts.signal?.throwIfAborted();
      // 2 s, 3 s, 4 s, then every 5 s: a deploy takes minutes, a stop seconds.
      await sleep(Math.min(2000 + poll * 1000, 5000), opts.signal);
    }
  }

  const vmOf = (result: Record<string, unknown>) => result.virtualmachine as VirtualMachine;
  async function vmJob(command: string, params: Record<string, string>) {
    const accepted = await request<AcceptedJob>(command, params);
    return vmOf(await waitForJob(accepted.jobid));
  }

  const client: CloudStackClient = {
    config,
    request,
    async queryAsyncJobResult(jobId) {
      const job = await request<AsyncJob>('queryAsyncJobResult', { jobid: jobId });
      return { ...job, jobid: job.jobid ?? jobId };
    },
    waitForJob,
    listAsyncJobs: () => list<AsyncJob>('listAsyncJobs', 'asyncjobs'),

    async deployVirtualMachine(params) {
      const { userdata, keypair, ...rest } = params;
      const res = await request<AcceptedJob>('deployVirtualMachine', {
        ...rest,
        ...(keypair ? { keypair } : {}),
        ...(userdata ? { userdata: Buffer.from(userdata, 'utf8').toString('base64') } : {}),
      });
      if (!res.id || !res.jobid) throw errorFor(530, 'deployVirtualMachine returned no job');
      return { id: res.id, jobid: res.jobid };
    },
    async waitForDeploy(jobId, opts = {}) {
      return vmOf(await waitForJob(jobId, { timeoutMs: deployTimeoutMs, signal: opts.signal }));
    },
    listVirtualMachines: (filter) =>
      list<VirtualMachine>('listVirtualMachines', 'virtualmachine', defined(filter)),
    async findVirtualMachine(id) {
      try {
        const [vm] = await client.listVirtualMachines({ id });
        return vm ?? null;
      } catch (error) {
        if (error instanceof ModuleError && error.code === 'CLOUDSTACK_431') return null;
        throw error;
      }
    },
    async waitForVirtualMachine(id, until, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? deployTimeoutMs;
      const deadline = now().getTime() + timeoutMs;
      for (let poll = 0; ; poll++) {
        const vm = await client.findVirtualMachine(id);
        if (!vm) throw new ModuleError('CLOUDSTACK_VM_GONE', `CloudStack has no VM ${id}`, true);
        if (until(vm)) return vm;
        if (now().getTime() >= deadline) {
          throw new ModuleError(
            'CLOUDSTACK_JOB_TIMEOUT',
            `CloudStack VM ${id} was still ${vm.state} after ${timeoutMs / 60_000} minutes`,
            true,
          );
        }
        opts.signal?.throwIfAborted();
        await sleep(Math.min(2000 + poll * 1000, 5000), opts.signal);
      }
    },
    startVirtualMachine: (id) => vmJob('startVirtualMachine', { id }),
    stopVirtualMachine: (id, opts = {}) =>
      vmJob('stopVirtualMachine', { id, ...(opts.forced ? { forced: 'true' } : {}) }),
    rebootVirtualMachine: (id) => vmJob('rebootVirtualMachine', { id }),
    async destroyVirtualMachine(id) {
      const accepted = await request<AcceptedJob>('destroyVirtualMachine', {
        id,
        expunge: 'true',
      });
      await waitForJob(accepted.jobid);
    },
    resetPasswordForVirtualMachine: (id) => vmJob('resetPasswordForVirtualMachine', { id }),
    async scaleVirtualMachine(id, serviceOfferingId) {
      const accepted = await request<AcceptedJob>('scaleVirtualMachine', {
        id,
        serviceofferingid: serviceOfferingId,
      });
      await waitForJob(accepted.jobid);
    },

    async createVMSnapshot(params) {
      const accepted = await request<AcceptedJob>('createVMSnapshot', defined(params));
      const result = await waitForJob(accepted.jobid);
      return result.vmsnapshot as VmSnapshot;
    },
    listVMSnapshot: (filter) => list<VmSnapshot>('listVMSnapshot', 'vmSnapshot', defined(filter)),
    async revertToVMSnapshot(vmSnapshotId) {
      const accepted = await request<AcceptedJob>('revertToVMSnapshot', {
        vmsnapshotid: vmSnapshotId,
      });
      await waitForJob(accepted.jobid);
    },
    async deleteVMSnapshot(vmSnapshotId) {
      const accepted = await request<AcceptedJob>('deleteVMSnapshot', {
        vmsnapshotid: vmSnapshotId,
      });
      await waitForJob(accepted.jobid);
    },

    listZones: () => list<Zone>('listZones', 'zone'),
    listServiceOfferings: () => list<ServiceOffering>('listServiceOfferings', 'serviceoffering'),
    listTemplates: () =>
      list<Template>('listTemplates', 'template', { templatefilter: 'executable' }),
  };
  return client;
}

export interface MappingCheck {
  zones: string[];
  offerings: string[];
  templates: string[];
}

/**
 * Which of the tenant's mapped CloudStack ids do not exist in its account (for the admin
 * settings page): each list holds the missing ids. A wrong key or an unreachable API throws.
 */
export async function checkMapping(
  client: CloudStackClient,
  mapped: MappingCheck,
): Promise<MappingCheck> {
  const [zones, offerings, templates] = await Promise.all([
    client.listZones(),
    client.listServiceOfferings(),
    client.listTemplates(),
  ]);
  const missing = (wanted: string[], found: { id: string }[]) => {
    const ids = new Set(found.map((f) => f.id));
    return [...new Set(wanted)].filter((id) => !ids.has(id));
  };
  return {
    zones: missing(mapped.zones, zones),
    offerings: missing(mapped.offerings, offerings),
    templates: missing(mapped.templates, templates),
  };
}

/** The IP addresses of a VM, its default NIC first. */
export function ipAddressesOf(vm: VirtualMachine): string[] {
  const nics = [...(vm.nic ?? [])].sort((a, b) => Number(!!b.isdefault) - Number(!!a.isdefault));
  return nics.flatMap((n) => [n.ipaddress, n.ip6address].filter((ip): ip is string => !!ip));
}

/** `<command>response`, or the error wrapper CloudStack uses for an unknown command. */
function responseOf(json: unknown, command: string): Record<string, unknown> | null {
  if (!json || typeof json !== 'object') return null;
  const body = json as Record<string, unknown>;
  const value = body[`${command.toLowerCase()}response`] ?? body.errorresponse;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

function defined(params: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
