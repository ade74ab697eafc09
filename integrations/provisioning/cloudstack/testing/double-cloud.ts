/**
 * The account behind the CloudStack double: zones, offerings, templates, VMs, VM snapshots and
 * async jobs in memory, and one handler per command answering in CloudStack's JSON shapes
 * (`<command>response` bodies; 431 for a bad or unknown parameter, as CloudStack refuses them).
 * Jobs end when the injected clock reaches them (`settle`), or all at once (`settle(true)`).
 */
import { randomUUID } from 'node:crypto';

export interface DoubleVm {
  id: string;
  name: string;
  displayname: string;
  state: string;
  zoneid: string;
  serviceofferingid: string;
  templateid: string;
  passwordenabled: boolean;
  /** scaleVirtualMachine while Running (else CloudStack asks for it stopped). Default false. */
  isdynamicallyscalable: boolean;
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

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function formatDate(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export type Command = (params: Record<string, string>) => Record<string, unknown>;

export function createCloud(now: () => number) {
  const zones = new Map<string, { id: string; name: string }>();
  const offerings = new Map<string, { id: string; name: string }>();
  const templates = new Map<string, { id: string; name: string; passwordenabled: boolean }>();
  const vms = new Map<string, DoubleVm>();
  const deployed = new Map<string, number>();
  const snapshots = new Map<string, DoubleSnapshot>();
  const jobs = new Map<string, DoubleJob & { finish: () => void }>();
  const jobFailures = new Map<string, JobFailure[]>();
  const durations = new Map<string, number>([['deployvirtualmachine', 20_000]]);
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
    isdynamicallyscalable: vm.isdynamicallyscalable,
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
        isdynamicallyscalable: false,
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
    scalevirtualmachine: (p) => {
      const vm = vmById(p);
      const offering = need(p, 'serviceofferingid');
      if (!offerings.has(offering))
        throw new ApiError(431, `Unable to find service offering: ${offering}`);
      if (vm.state === 'Running' && !vm.isdynamicallyscalable)
        throw new ApiError(
          431,
          `Unable to scale the vm ${vm.id} while it is running: it is not dynamically scalable, stop it first`,
        );
      return {
        jobid: startJob('scaleVirtualMachine', 'ScaleVM', vm.id, () => {
          vm.serviceofferingid = offering;
          return { virtualmachine: vmView(vm) };
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

  return {
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
  };
}
