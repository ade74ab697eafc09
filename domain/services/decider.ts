import type { BillingCycle, PlanKind } from '../catalog/events.ts';
import { fieldError } from '../catalog/field-error.ts';
import { checkHostname } from '../orders/pricing.ts';
import { conflict, notFound, type Decider } from '../shared/decider.ts';
import { MoneyError, parseInr } from '../shared/money.ts';
import { firstPeriod, parseYmd, todayInIndia } from './due-dates.ts';
import type {
  CancellationWhen,
  ControlPanelAccess,
  ModuleName,
  ProvisioningError,
  ServiceAddon,
  ServiceDetailsEdited,
  ServiceEvent,
  ServiceOrigin,
  ServiceStatus,
  SshAccess,
  SuspensionKind,
} from './events.ts';
import {
  checkControlPanel,
  checkIpAddresses,
  checkNotes,
  checkReason,
  checkSnapshotName,
  checkSsh,
  retryAtOf,
} from './rules.ts';

export interface ServiceState {
  status: ServiceStatus | 'NONE';
  tenantId: string;
  serviceId: string;
  customerId: string;
  origin: ServiceOrigin | null;
  planId: string | null;
  planName: string;
  planKind: PlanKind | null;
  cycle: BillingCycle | null;
  addons: ServiceAddon[];
  dataCentreId: string | null;
  dataCentreName: string;
  operatingSystemId: string | null;
  operatingSystemName: string;
  module: ModuleName;
  hostname: string;
  ipAddresses: string[];
  vmId: string | null;
  ssh: SshAccess | null;
  controlPanel: ControlPanelAccess | null;
  notes: string;
  hasControlPanel: boolean;
  /** The last ProvisioningStarted's attempt (0 before the first). */
  attempt: number;
  /** The job the module accepted for `attempt`, if it did. */
  job: { attempt: number; vmId: string; jobId: string | null } | null;
  retryAt: string | null;
  lastError: ProvisioningError | null;
  suspension: SuspensionKind | null;
  cancellation: { when: CancellationWhen; effectiveOn: string } | null;
  /** Snapshot ids, oldest first. */
  snapshots: string[];
  periodStart: string;
  nextDueDate: string;
  anchorDay: number;
  months: number;
  recurringAmount: string;
}

export type ServiceCommand =
  | {
      type: 'CreateService';
      tenantId: string;
      serviceId: string;
      customerId: string;
      origin: ServiceOrigin;
      planId: string | null;
      planName: string;
      planKind: PlanKind;
      cycle: BillingCycle;
      months: number;
      recurringAmount: string;
      addons: ServiceAddon[];
      dataCentreId: string | null;
      dataCentreName: string;
      operatingSystemId: string | null;
      operatingSystemName: string;
      hostname: string;
      module: ModuleName;
      hasControlPanel: boolean;
      /** 'YYYY-MM-DD' in India: the first period starts that day and its day is the anchor. */
      paidOn: string;
      now: string;
    }
  | { type: 'StartProvisioning'; startedBy: string | null; now: string }
  | {
      type: 'AcceptProvisioningJob';
      attempt: number;
      vmId: string;
      jobId: string | null;
      now: string;
    }
  | { type: 'RecordProvisioningFailed'; attempt: number; error: ProvisioningError; now: string }
  | {
      type: 'RecordProvisioned';
      attempt: number;
      vmId: string;
      ipAddresses: string[];
      username: string;
      sshPort: number;
      passwordSealed: string | null;
      now: string;
    }
  | {
      type: 'ProvisionByHand';
      provisionedBy: string;
      hostname: string;
      ipAddresses: string[];
      ssh: SshAccess;
      controlPanel: ControlPanelAccess | null;
      notes: string;
      sendEmail: boolean;
      now: string;
    }
  | {
      type: 'RevealCredentials';
      revealedBy: string;
      as: 'CUSTOMER' | 'STAFF';
      impersonatedBy: string | null;
      now: string;
    }
  | { type: 'PerformAction'; action: 'START' | 'STOP' | 'REBOOT'; performedBy: string; now: string }
  | { type: 'ResetPassword'; passwordSealed: string; resetBy: string; now: string }
  | { type: 'CreateSnapshot'; snapshotId: string; name: string; createdBy: string; now: string }
  | { type: 'RevertSnapshot'; snapshotId: string; revertedBy: string; now: string }
  | { type: 'DeleteSnapshot'; snapshotId: string; deletedBy: string; now: string }
  | {
      type: 'SuspendService';
      kind: SuspensionKind;
      reason: string;
      suspendedBy: string | null;
      now: string;
    }
  | { type: 'UnsuspendService'; reason: string; unsuspendedBy: string | null; now: string }
  | {
      type: 'TerminateService';
      reason: string;
      terminatedBy: string | null;
      finalSnapshotId: string | null;
      now: string;
    }
  | {
      type: 'RequestCancellation';
      when: CancellationWhen;
      reason: string;
      requestedBy: string;
      now: string;
    }
  | { type: 'WithdrawCancellation'; withdrawnBy: string; now: string }
  | {
      type: 'CancelService';
      reason: string;
      cancelledBy: string | null;
      creditToWallet: boolean;
      now: string;
    }
  | {
      type: 'EditServiceDetails';
      changes: ServiceDetailsEdited['data']['changes'];
      editedBy: string;
      now: string;
    }
  | { type: 'ChangeDueDate'; to: string; reason: string; changedBy: string; now: string };

type Cmd<T extends ServiceCommand['type']> = Extract<ServiceCommand, { type: T }>;

export const initialService: ServiceState = {
  status: 'NONE',
  tenantId: '',
  serviceId: '',
  customerId: '',
  origin: null,
  planId: null,
  planName: '',
  planKind: null,
  cycle: null,
  addons: [],
  dataCentreId: null,
  dataCentreName: '',
  operatingSystemId: null,
  operatingSystemName: '',
  module: 'MANUAL',
  hostname: '',
  ipAddresses: [],
  vmId: null,
  ssh: null,
  controlPanel: null,
  notes: '',
  hasControlPanel: false,
  attempt: 0,
  job: null,
  retryAt: null,
  lastError: null,
  suspension: null,
  cancellation: null,
  snapshots: [],
  periodStart: '',
  nextDueDate: '',
  anchorDay: 0,
  months: 0,
  recurringAmount: '0.00',
};

const ids = (s: ServiceState) => ({ tenantId: s.tenantId, serviceId: s.serviceId });

function exists(s: ServiceState): void {
  if (s.status === 'NONE') throw notFound('service');
}

const statusText = (s: ServiceState) => s.status.toLowerCase().replace('_', ' ');

/** ACTIVE only: a suspended server's actions are locked; a manual one has none. */
function running(s: ServiceState, what: string): void {
  exists(s);
  if (s.status === 'SUSPENDED')
    throw conflict(`this service is suspended: ${what} is locked until it is unsuspended`);
  if (s.status !== 'ACTIVE')
    throw conflict(`${what} needs an active service; this one is ${statusText(s)}`);
  if (s.module === 'MANUAL')
    throw conflict(`this server was provisioned by hand: ${what} is not available from here`);
}

function createService(c: Cmd<'CreateService'>, s: ServiceState): ServiceEvent[] {
  if (s.status !== 'NONE') throw conflict(`service ${c.serviceId} was already created`);
  const hostname = checkHostname(c.hostname, 'hostname');
  let recurringAmount: string;
  try {
    recurringAmount = parseInr(c.recurringAmount, 'recurringAmount').toFixed(2);
  } catch (e) {
    throw e instanceof MoneyError ? fieldError('recurringAmount', e.message) : e;
  }
  const { periodStart, nextDueDate, anchorDay } = firstPeriod(c.paidOn, c.months);
  const events: ServiceEvent[] = [
    {
      type: 'ServiceCreated',
      data: {
        tenantId: c.tenantId,
        serviceId: c.serviceId,
        customerId: c.customerId,
        origin: c.origin,
        planId: c.planId,
        planName: c.planName,
        planKind: c.planKind,
        cycle: c.cycle,
        months: c.months,
        recurringAmount,
        addons: c.addons,
        dataCentreId: c.dataCentreId,
        dataCentreName: c.dataCentreName,
        operatingSystemId: c.operatingSystemId,
        operatingSystemName: c.operatingSystemName,
        hostname,
        module: c.module,
        hasControlPanel: c.hasControlPanel,
        periodStart,
        nextDueDate,
        anchorDay,
        createdAt: c.now,
      },
    },
  ];
  if (c.module === 'CLOUDSTACK')
    events.push({
      type: 'ProvisioningStarted',
      data: {
        tenantId: c.tenantId,
        serviceId: c.serviceId,
        attempt: 1,
        startedBy: null,
        startedAt: c.now,
      },
    });
  return events;
}

function startProvisioning(c: Cmd<'StartProvisioning'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status === 'PROVISIONING') throw conflict('a deploy of this service is already running');
  if (s.status !== 'PROVISIONING_FAILED')
    throw conflict(`only a failed deploy is retried; this service is ${statusText(s)}`);
  if (c.startedBy === null) {
    if (s.retryAt === null) throw conflict('this service needs attention: staff retry it');
    if (Date.parse(c.now) < Date.parse(s.retryAt))
      throw conflict(`the next automatic retry is at ${s.retryAt}`);
  }
  return [
    {
      type: 'ProvisioningStarted',
      data: { ...ids(s), attempt: s.attempt + 1, startedBy: c.startedBy, startedAt: c.now },
    },
  ];
}

/** The deploy `attempt` is the one running now. */
function deploying(s: ServiceState, attempt: number): void {
  if (s.status !== 'PROVISIONING')
    throw conflict(`no deploy is running; this service is ${statusText(s)}`);
  if (attempt !== s.attempt)
    throw conflict(`deploy attempt ${attempt} is over; attempt ${s.attempt} is running`);
}

function acceptProvisioningJob(c: Cmd<'AcceptProvisioningJob'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  const job = s.job;
  if (job !== null && job.attempt === c.attempt && job.vmId === c.vmId && job.jobId === c.jobId)
    return [];
  deploying(s, c.attempt);
  if (job !== null && job.attempt === c.attempt)
    throw conflict(`attempt ${c.attempt} already deploys machine ${job.vmId}`);
  if (typeof c.vmId !== 'string' || c.vmId.trim() === '')
    throw fieldError('vmId', 'give the machine id');
  return [
    {
      type: 'ProvisioningJobAccepted',
      data: { ...ids(s), attempt: c.attempt, vmId: c.vmId, jobId: c.jobId, acceptedAt: c.now },
    },
  ];
}

function recordProvisioningFailed(
  c: Cmd<'RecordProvisioningFailed'>,
  s: ServiceState,
): ServiceEvent[] {
  exists(s);
  if (s.status === 'PROVISIONING_FAILED' && s.attempt === c.attempt) return [];
  deploying(s, c.attempt);
  const error: ProvisioningError = {
    code: c.error.code,
    message: c.error.message,
    retryable: c.error.retryable,
  };
  return [
    {
      type: 'ProvisioningFailed',
      data: {
        ...ids(s),
        attempt: c.attempt,
        error,
        retryAt: retryAtOf(c.attempt, error, c.now),
        failedAt: c.now,
      },
    },
  ];
}

function recordProvisioned(c: Cmd<'RecordProvisioned'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  deploying(s, c.attempt);
  if (typeof c.vmId !== 'string' || c.vmId.trim() === '')
    throw fieldError('vmId', 'give the machine id');
  const ipAddresses = checkIpAddresses(c.ipAddresses);
  const ssh = checkSsh({ username: c.username, port: c.sshPort, passwordSealed: c.passwordSealed });
  return [
    {
      type: 'ServiceProvisioned',
      data: {
        ...ids(s),
        customerId: s.customerId,
        by: 'MODULE',
        provisionedBy: null,
        vmId: c.vmId,
        hostname: s.hostname,
        ipAddresses,
        ssh,
        controlPanel: null,
        notes: '',
        sendEmail: true,
        provisionedAt: c.now,
      },
    },
  ];
}

function provisionByHand(c: Cmd<'ProvisionByHand'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status === 'PROVISIONING')
    throw conflict('a deploy of this service is running; wait for it or for its failure');
  if (s.status === 'CANCELLED') throw conflict('this service was cancelled');
  if (s.status !== 'PENDING' && s.status !== 'PROVISIONING_FAILED')
    throw conflict('this service is already provisioned');
  const hostname = checkHostname(c.hostname, 'hostname');
  const ipAddresses = checkIpAddresses(c.ipAddresses);
  const ssh = checkSsh(c.ssh);
  const controlPanel = c.controlPanel === null ? null : checkControlPanel(c.controlPanel);
  return [
    {
      type: 'ServiceProvisioned',
      data: {
        ...ids(s),
        customerId: s.customerId,
        by: 'STAFF',
        provisionedBy: c.provisionedBy,
        vmId: s.vmId,
        hostname,
        ipAddresses,
        ssh,
        controlPanel,
        notes: checkNotes(c.notes),
        sendEmail: c.sendEmail,
        provisionedAt: c.now,
      },
    },
  ];
}

function revealCredentials(c: Cmd<'RevealCredentials'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED')
    throw conflict(`a service has credentials while it runs; this one is ${statusText(s)}`);
  return [
    {
      type: 'ServiceCredentialsRevealed',
      data: {
        ...ids(s),
        revealedBy: c.revealedBy,
        as: c.as,
        impersonatedBy: c.impersonatedBy,
        revealedAt: c.now,
      },
    },
  ];
}

function performAction(c: Cmd<'PerformAction'>, s: ServiceState): ServiceEvent[] {
  if (c.action !== 'START' && c.action !== 'STOP' && c.action !== 'REBOOT')
    throw fieldError('action', 'must be START, STOP or REBOOT');
  running(s, c.action.toLowerCase());
  return [
    {
      type: 'ServiceActionPerformed',
      data: { ...ids(s), action: c.action, performedBy: c.performedBy, performedAt: c.now },
    },
  ];
}

function resetPassword(c: Cmd<'ResetPassword'>, s: ServiceState): ServiceEvent[] {
  running(s, 'a password reset');
  if (typeof c.passwordSealed !== 'string' || c.passwordSealed === '')
    throw fieldError('passwordSealed', 'give the sealed password');
  return [
    {
      type: 'ServicePasswordReset',
      data: { ...ids(s), passwordSealed: c.passwordSealed, resetBy: c.resetBy, resetAt: c.now },
    },
  ];
}

function createSnapshot(c: Cmd<'CreateSnapshot'>, s: ServiceState): ServiceEvent[] {
  running(s, 'a snapshot');
  const name = checkSnapshotName(c.name);
  if (typeof c.snapshotId !== 'string' || c.snapshotId === '')
    throw fieldError('snapshotId', 'give the snapshot id');
  if (s.snapshots.includes(c.snapshotId))
    throw conflict(`snapshot ${c.snapshotId} is already recorded`);
  return [
    {
      type: 'ServiceSnapshotCreated',
      data: { ...ids(s), snapshotId: c.snapshotId, name, createdBy: c.createdBy, createdAt: c.now },
    },
  ];
}

function revertSnapshot(c: Cmd<'RevertSnapshot'>, s: ServiceState): ServiceEvent[] {
  running(s, 'reverting to a snapshot');
  if (!s.snapshots.includes(c.snapshotId)) throw notFound('snapshot');
  return [
    {
      type: 'ServiceSnapshotReverted',
      data: { ...ids(s), snapshotId: c.snapshotId, revertedBy: c.revertedBy, revertedAt: c.now },
    },
  ];
}

function deleteSnapshot(c: Cmd<'DeleteSnapshot'>, s: ServiceState): ServiceEvent[] {
  running(s, 'deleting a snapshot');
  if (!s.snapshots.includes(c.snapshotId)) throw notFound('snapshot');
  return [
    {
      type: 'ServiceSnapshotDeleted',
      data: { ...ids(s), snapshotId: c.snapshotId, deletedBy: c.deletedBy, deletedAt: c.now },
    },
  ];
}

function suspendService(c: Cmd<'SuspendService'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status === 'SUSPENDED') return [];
  if (s.status !== 'ACTIVE')
    throw conflict(`only an active service is suspended; this one is ${statusText(s)}`);
  if (c.kind !== 'STAFF' && c.kind !== 'NON_PAYMENT')
    throw fieldError('kind', 'must be STAFF or NON_PAYMENT');
  const reason = checkReason(c.reason);
  return [
    {
      type: 'ServiceSuspended',
      data: { ...ids(s), kind: c.kind, reason, suspendedBy: c.suspendedBy, suspendedAt: c.now },
    },
  ];
}

function unsuspendService(c: Cmd<'UnsuspendService'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status !== 'SUSPENDED')
    throw conflict(`this service is not suspended; it is ${statusText(s)}`);
  if (c.unsuspendedBy === null && s.suspension === 'STAFF')
    throw conflict('staff suspended this service: only staff lift the suspension');
  const reason = checkReason(c.reason);
  return [
    {
      type: 'ServiceUnsuspended',
      data: { ...ids(s), reason, unsuspendedBy: c.unsuspendedBy, unsuspendedAt: c.now },
    },
  ];
}

function terminateService(c: Cmd<'TerminateService'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status === 'TERMINATED') throw conflict('this service is already terminated');
  if (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED')
    throw conflict(
      `only a provisioned service is terminated (cancel one that never ran); this one is ${statusText(s)}`,
    );
  const reason = checkReason(c.reason);
  return [
    {
      type: 'ServiceTerminated',
      data: {
        ...ids(s),
        reason,
        terminatedBy: c.terminatedBy,
        finalSnapshotId: c.finalSnapshotId,
        terminatedAt: c.now,
      },
    },
  ];
}

function requestCancellation(c: Cmd<'RequestCancellation'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED')
    throw conflict(
      `only a provisioned service is cancelled this way; this one is ${statusText(s)}`,
    );
  if (c.when !== 'END_OF_PERIOD' && c.when !== 'IMMEDIATE')
    throw fieldError('when', 'must be END_OF_PERIOD or IMMEDIATE');
  if (s.cancellation !== null && s.cancellation.when === c.when)
    throw conflict(`a cancellation is already requested for ${s.cancellation.effectiveOn}`);
  const reason = checkReason(c.reason);
  const effectiveOn = c.when === 'END_OF_PERIOD' ? s.nextDueDate : todayInIndia(c.now);
  return [
    {
      type: 'ServiceCancellationRequested',
      data: {
        ...ids(s),
        when: c.when,
        reason,
        requestedBy: c.requestedBy,
        effectiveOn,
        requestedAt: c.now,
      },
    },
  ];
}

function withdrawCancellation(c: Cmd<'WithdrawCancellation'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  const cancellation = s.cancellation;
  if (cancellation === null) throw conflict('no cancellation is requested for this service');
  if (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED')
    throw conflict(`this service is ${statusText(s)}`);
  if (cancellation.when === 'IMMEDIATE')
    throw conflict('an immediate cancellation cannot be withdrawn');
  if (todayInIndia(c.now) >= cancellation.effectiveOn)
    throw conflict(`the cancellation took effect on ${cancellation.effectiveOn}`);
  return [
    {
      type: 'ServiceCancellationWithdrawn',
      data: { ...ids(s), withdrawnBy: c.withdrawnBy, withdrawnAt: c.now },
    },
  ];
}

function cancelService(c: Cmd<'CancelService'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status === 'PROVISIONING')
    throw conflict('a deploy of this service is running; wait for it or for its failure');
  if (s.status === 'CANCELLED') throw conflict('this service is already cancelled');
  if (s.status !== 'PENDING' && s.status !== 'PROVISIONING_FAILED')
    throw conflict('this service was provisioned: terminate it instead');
  const reason = checkReason(c.reason);
  return [
    {
      type: 'ServiceCancelled',
      data: {
        ...ids(s),
        customerId: s.customerId,
        origin: s.origin!,
        reason,
        cancelledBy: c.cancelledBy,
        creditToWallet: c.creditToWallet,
        cancelledAt: c.now,
      },
    },
  ];
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const sameSsh = (a: SshAccess | null, b: SshAccess) =>
  a !== null &&
  a.username === b.username &&
  a.port === b.port &&
  a.passwordSealed === b.passwordSealed;
const sameControlPanel = (a: ControlPanelAccess | null, b: ControlPanelAccess | null) =>
  a === null || b === null
    ? a === b
    : a.url === b.url && a.username === b.username && a.passwordSealed === b.passwordSealed;

function editServiceDetails(c: Cmd<'EditServiceDetails'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status === 'TERMINATED' || s.status === 'CANCELLED')
    throw conflict(`this service is ${statusText(s)}; its details are kept as they were`);
  const given = c.changes;
  const changes: ServiceDetailsEdited['data']['changes'] = {};
  if (given.hostname !== undefined) {
    const hostname = checkHostname(given.hostname, 'hostname');
    if (hostname !== s.hostname) changes.hostname = hostname;
  }
  if (given.ipAddresses !== undefined) {
    const ipAddresses = checkIpAddresses(given.ipAddresses);
    if (!sameList(ipAddresses, s.ipAddresses)) changes.ipAddresses = ipAddresses;
  }
  if (given.notes !== undefined) {
    const notes = checkNotes(given.notes);
    if (notes !== s.notes) changes.notes = notes;
  }
  if (given.ssh !== undefined) {
    const ssh = checkSsh(given.ssh);
    if (!sameSsh(s.ssh, ssh)) changes.ssh = ssh;
  }
  if (given.controlPanel !== undefined) {
    const controlPanel = given.controlPanel === null ? null : checkControlPanel(given.controlPanel);
    if (!sameControlPanel(s.controlPanel, controlPanel)) changes.controlPanel = controlPanel;
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'ServiceDetailsEdited',
      data: { ...ids(s), changes, editedBy: c.editedBy, editedAt: c.now },
    },
  ];
}

function changeDueDate(c: Cmd<'ChangeDueDate'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.status === 'TERMINATED' || s.status === 'CANCELLED')
    throw conflict(`this service is ${statusText(s)}; it has no due date to move`);
  parseYmd(c.to, 'to');
  const reason = checkReason(c.reason);
  if (c.to === s.nextDueDate) throw fieldError('to', `the next due date is already ${c.to}`);
  return [
    {
      type: 'ServiceDueDateChanged',
      data: {
        ...ids(s),
        from: s.nextDueDate,
        to: c.to,
        reason,
        changedBy: c.changedBy,
        changedAt: c.now,
      },
    },
  ];
}

function decide(command: ServiceCommand, state: ServiceState): ServiceEvent[] {
  switch (command.type) {
    case 'CreateService':
      return createService(command, state);
    case 'StartProvisioning':
      return startProvisioning(command, state);
    case 'AcceptProvisioningJob':
      return acceptProvisioningJob(command, state);
    case 'RecordProvisioningFailed':
      return recordProvisioningFailed(command, state);
    case 'RecordProvisioned':
      return recordProvisioned(command, state);
    case 'ProvisionByHand':
      return provisionByHand(command, state);
    case 'RevealCredentials':
      return revealCredentials(command, state);
    case 'PerformAction':
      return performAction(command, state);
    case 'ResetPassword':
      return resetPassword(command, state);
    case 'CreateSnapshot':
      return createSnapshot(command, state);
    case 'RevertSnapshot':
      return revertSnapshot(command, state);
    case 'DeleteSnapshot':
      return deleteSnapshot(command, state);
    case 'SuspendService':
      return suspendService(command, state);
    case 'UnsuspendService':
      return unsuspendService(command, state);
    case 'TerminateService':
      return terminateService(command, state);
    case 'RequestCancellation':
      return requestCancellation(command, state);
    case 'WithdrawCancellation':
      return withdrawCancellation(command, state);
    case 'CancelService':
      return cancelService(command, state);
    case 'EditServiceDetails':
      return editServiceDetails(command, state);
    case 'ChangeDueDate':
      return changeDueDate(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown service command ${(unknown as { type: string }).type}`);
    }
  }
}

function evolve(state: ServiceState, event: ServiceEvent): ServiceState {
  switch (event.type) {
    case 'ServiceCreated': {
      const d = event.data;
      return {
        ...state,
        status: 'PENDING',
        tenantId: d.tenantId,
        serviceId: d.serviceId,
        customerId: d.customerId,
        origin: d.origin,
        planId: d.planId,
        planName: d.planName,
        planKind: d.planKind,
        cycle: d.cycle,
        addons: d.addons,
        dataCentreId: d.dataCentreId,
        dataCentreName: d.dataCentreName,
        operatingSystemId: d.operatingSystemId,
        operatingSystemName: d.operatingSystemName,
        module: d.module,
        hostname: d.hostname,
        hasControlPanel: d.hasControlPanel,
        periodStart: d.periodStart,
        nextDueDate: d.nextDueDate,
        anchorDay: d.anchorDay,
        months: d.months,
        recurringAmount: d.recurringAmount,
      };
    }
    case 'ProvisioningStarted':
      return { ...state, status: 'PROVISIONING', attempt: event.data.attempt, retryAt: null };
    case 'ProvisioningJobAccepted': {
      const { attempt, vmId, jobId } = event.data;
      return { ...state, vmId, job: { attempt, vmId, jobId } };
    }
    case 'ProvisioningFailed':
      return {
        ...state,
        status: 'PROVISIONING_FAILED',
        lastError: event.data.error,
        retryAt: event.data.retryAt,
      };
    case 'ServiceProvisioned': {
      const d = event.data;
      return {
        ...state,
        status: 'ACTIVE',
        vmId: d.vmId,
        hostname: d.hostname,
        ipAddresses: d.ipAddresses,
        ssh: d.ssh,
        controlPanel: d.controlPanel,
        notes: d.notes,
        retryAt: null,
      };
    }
    case 'ServicePasswordReset':
      return {
        ...state,
        ssh: state.ssh && { ...state.ssh, passwordSealed: event.data.passwordSealed },
      };
    case 'ServiceSnapshotCreated':
      return { ...state, snapshots: [...state.snapshots, event.data.snapshotId] };
    case 'ServiceSnapshotDeleted':
      return { ...state, snapshots: state.snapshots.filter((id) => id !== event.data.snapshotId) };
    case 'ServiceSuspended':
      return { ...state, status: 'SUSPENDED', suspension: event.data.kind };
    case 'ServiceUnsuspended':
      return { ...state, status: 'ACTIVE', suspension: null };
    case 'ServiceTerminated':
      return { ...state, status: 'TERMINATED', suspension: null };
    case 'ServiceCancellationRequested':
      return {
        ...state,
        cancellation: { when: event.data.when, effectiveOn: event.data.effectiveOn },
      };
    case 'ServiceCancellationWithdrawn':
      return { ...state, cancellation: null };
    case 'ServiceCancelled':
      return { ...state, status: 'CANCELLED', retryAt: null };
    case 'ServiceDetailsEdited':
      return { ...state, ...event.data.changes };
    case 'ServiceDueDateChanged': {
      const to = event.data.to;
      // Staff moved the billing day: later due dates follow the new day of month.
      return { ...state, nextDueDate: to, anchorDay: Number(to.slice(8, 10)) };
    }
    default:
      // Reveals, actions and reverts are history only; an event of a later version is ignored.
      return state;
  }
}

export const serviceDecider: Decider<ServiceCommand, ServiceEvent, ServiceState> = {
  initialState: initialService,
  decide,
  evolve,
};
