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
import {
  ApiError,
  createCloud,
  type DoubleJob,
  type DoubleSnapshot,
  type DoubleVm,
  type JobFailure,
} from './double-cloud.ts';

export type { DoubleJob, DoubleSnapshot, DoubleVm, JobFailure };

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
  /** Whether the VM may be scaled while running (CloudStack's isdynamicallyscalable). */
  setDynamicallyScalable(id: string, scalable: boolean): void;
  close(): Promise<void>;
}

const AUTH_ERROR = 'unable to verify user credentials and/or request signature';

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

export async function startCloudStackDouble(
  options: { now?: () => Date; apiKey?: string; secretKey?: string } = {},
): Promise<CloudStackDouble> {
  const now = () => (options.now ?? (() => new Date()))().getTime();
  const apiKey = options.apiKey ?? `key-${randomUUID()}`;
  const secretKey = options.secretKey ?? `secret-${randomUUID()}`;

  const {
    zones,
    offerings,
    templates,
    vms,
    deployed,
    snapshots,
    jobs,
    jobFailures,
    durations,
    commands,
    settle,
    key,
  } = createCloud(now);
  const failures = new Map<string, { code: number; text: string }[]>();
  const hangs = new Map<string, number>();
  const log: { command: string; method: string; params: Record<string, string> }[] = [];

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
    setDynamicallyScalable(id, scalable) {
      const vm = vms.get(id);
      if (!vm) throw new Error(`no VM ${id}`);
      vm.isdynamicallyscalable = scalable;
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
