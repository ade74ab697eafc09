import type { BillingCycle, PlanKind } from '../catalog/events.ts';
import { fieldError } from '../catalog/field-error.ts';
import { checkHostname } from '../orders/pricing.ts';
import { conflict, notFound, type Decider } from '../shared/decider.ts';
import { D, MoneyError, ZERO, inr, parseDecimal, parseInr, type Dec } from '../shared/money.ts';
import { addMonthsAnchored, firstPeriod, parseYmd, todayInIndia } from './due-dates.ts';
import type {
  CancellationWhen,
  PlanChangeCredit,
  PlanChangeDirection,
  PlanChangeProration,
  RecurringLine,
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
import { checkRecurringLines, legacyRecurringLines, recurringTotal } from './renewal-lines.ts';

/** A renewal invoice recorded for the period starting on its key (RenewalInvoiced). */
export interface RenewalRecord {
  invoiceId: string;
  periodEnd: string;
  /** Earlier invoices of the period this one replaced (cancelled ones), oldest first. */
  replaced: string[];
  /** The invoice whose payment renewed the period (ServiceRenewed), null until then. */
  renewedBy: string | null;
}

export interface PendingPlanChange {
  changeId: string;
  direction: PlanChangeDirection;
  status: 'AWAITING_PAYMENT' | 'AWAITING_STAFF';
  invoiceId: string | null;
  toPlanId: string;
  toPlanName: string;
  recurringLines: RecurringLine[];
  recurringAmount: string;
}

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
  /** What each renewal bills (one PLAN line of recurringAmount for a service created before them). */
  recurringLines: RecurringLine[];
  /** periodStart → the renewal invoice recorded for that period. */
  renewals: Record<string, RenewalRecord>;
  planChange: PendingPlanChange | null;
  /** Plan changes applied or cancelled (a repeated apply/cancel answers []). */
  closedChanges: Record<string, 'APPLIED' | 'CANCELLED'>;
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
      /** The order's PLAN, OS_LICENCE and recurring ADDON lines of the item; Σ rounded = recurringAmount. */
      recurringLines?: RecurringLine[];
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
  | { type: 'ChangeDueDate'; to: string; reason: string; changedBy: string; now: string }
  | {
      type: 'InvoiceRenewal';
      invoiceId: string;
      periodStart: string;
      periodEnd: string;
      /** The cancelled invoice of the same period this one replaces, if any. */
      replaces: string | null;
      now: string;
    }
  | { type: 'RenewService'; invoiceId: string; paidAt: string; now: string }
  | {
      type: 'RequestPlanChange';
      changeId: string;
      direction: PlanChangeDirection;
      toPlanId: string;
      toPlanName: string;
      toPlanKind: PlanKind;
      toCycle: BillingCycle;
      recurringLines: RecurringLine[];
      proration: PlanChangeProration;
      invoiceId: string | null;
      creditedInvoiceId: string | null;
      creditNoteId: string | null;
      /** DOWNGRADE over several invoices: one credit note each (see the event). */
      credits?: PlanChangeCredit[];
      requestedBy: string;
      now: string;
    }
  | { type: 'MarkPlanChangeAwaitingStaff'; changeId: string; reason: string; now: string }
  | {
      type: 'ApplyPlanChange';
      changeId: string;
      by: 'MODULE' | 'STAFF';
      appliedBy: string | null;
      now: string;
    }
  | {
      type: 'CancelPlanChange';
      changeId: string;
      reason: string;
      cancelledBy: string | null;
      now: string;
    };

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
  recurringLines: [],
  renewals: {},
  planChange: null,
  closedChanges: {},
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
    throw conflict(`This service is suspended: ${what} is locked until it is unsuspended.`);
  if (s.status !== 'ACTIVE')
    throw conflict(`This needs an active service (${what}); this one is ${statusText(s)}.`);
  if (s.module === 'MANUAL')
    throw conflict(`This server was provisioned by hand: ${what} is not available from here.`);
}

function createService(c: Cmd<'CreateService'>, s: ServiceState): ServiceEvent[] {
  if (s.status !== 'NONE') throw conflict(`Service ${c.serviceId} was already created.`);
  const hostname = checkHostname(c.hostname, 'hostname');
  let recurringAmount: string;
  try {
    recurringAmount = parseInr(c.recurringAmount, 'recurringAmount').toFixed(2);
  } catch (e) {
    throw e instanceof MoneyError ? fieldError('recurringAmount', e.message) : e;
  }
  const { periodStart, nextDueDate, anchorDay } = firstPeriod(c.paidOn, c.months);
  const recurringLines =
    c.recurringLines === undefined
      ? undefined
      : checkRecurringLines(c.recurringLines, recurringAmount);
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
        ...(recurringLines === undefined ? {} : { recurringLines }),
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
  if (s.status === 'PROVISIONING') throw conflict('A deploy of this service is already running.');
  if (s.status !== 'PROVISIONING_FAILED')
    throw conflict(`Only a failed deploy is retried; this service is ${statusText(s)}.`);
  if (c.startedBy === null) {
    if (s.retryAt === null) throw conflict('This service needs attention: staff retry it.');
    if (Date.parse(c.now) < Date.parse(s.retryAt))
      throw conflict(`The next automatic retry is at ${s.retryAt}.`);
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
    throw conflict(`No deploy is running; this service is ${statusText(s)}.`);
  if (attempt !== s.attempt)
    throw conflict(`Deploy attempt ${attempt} is over; attempt ${s.attempt} is running.`);
}

function acceptProvisioningJob(c: Cmd<'AcceptProvisioningJob'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  const job = s.job;
  if (job !== null && job.attempt === c.attempt && job.vmId === c.vmId && job.jobId === c.jobId)
    return [];
  deploying(s, c.attempt);
  if (job !== null && job.attempt === c.attempt)
    throw conflict(`Attempt ${c.attempt} already deploys machine ${job.vmId}.`);
  if (typeof c.vmId !== 'string' || c.vmId.trim() === '')
    throw fieldError('vmId', 'Give the machine id.');
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
    throw fieldError('vmId', 'Give the machine id.');
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
    throw conflict('A deploy of this service is running; wait for it or for its failure.');
  if (s.status === 'CANCELLED') throw conflict('This service was cancelled.');
  if (s.status !== 'PENDING' && s.status !== 'PROVISIONING_FAILED')
    throw conflict('This service is already provisioned.');
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
    throw conflict(`A service has credentials while it runs; this one is ${statusText(s)}.`);
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
    throw fieldError('action', 'Must be START, STOP or REBOOT.');
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
    throw fieldError('passwordSealed', 'Give the sealed password.');
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
    throw fieldError('snapshotId', 'Give the snapshot id.');
  if (s.snapshots.includes(c.snapshotId))
    throw conflict(`Snapshot ${c.snapshotId} is already recorded.`);
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
    throw conflict(`Only an active service is suspended; this one is ${statusText(s)}.`);
  if (c.kind !== 'STAFF' && c.kind !== 'NON_PAYMENT')
    throw fieldError('kind', 'Must be STAFF or NON_PAYMENT.');
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
    throw conflict(`This service is not suspended; it is ${statusText(s)}.`);
  if (c.unsuspendedBy === null && s.suspension === 'STAFF')
    throw conflict('Staff suspended this service: only staff lift the suspension.');
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
  if (s.status === 'TERMINATED') throw conflict('This service is already terminated.');
  if (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED')
    throw conflict(
      `Only a provisioned service is terminated (cancel one that never ran); this one is ${statusText(s)}.`,
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
      `Only a provisioned service is cancelled this way; this one is ${statusText(s)}.`,
    );
  if (c.when !== 'END_OF_PERIOD' && c.when !== 'IMMEDIATE')
    throw fieldError('when', 'Must be END_OF_PERIOD or IMMEDIATE.');
  if (s.cancellation !== null && s.cancellation.when === c.when)
    throw conflict(`A cancellation is already requested for ${s.cancellation.effectiveOn}.`);
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

/**
 * The day a service cancelled at the end of its period ends: the cancellation's day, or the end
 * of a later period the customer paid for anyway (its renewal invoice paid after the request,
 * before automation cancelled it): a paid period is never cut short.
 */
export function cancellationEndsOn(service: {
  nextDueDate: string;
  cancellation: { effectiveOn: string };
}): string {
  const { effectiveOn } = service.cancellation;
  return service.nextDueDate > effectiveOn ? service.nextDueDate : effectiveOn;
}

function withdrawCancellation(c: Cmd<'WithdrawCancellation'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  const cancellation = s.cancellation;
  if (cancellation === null) throw conflict('No cancellation is requested for this service.');
  if (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED')
    throw conflict(`This service is ${statusText(s)}.`);
  if (cancellation.when === 'IMMEDIATE')
    throw conflict('An immediate cancellation cannot be withdrawn.');
  // Paid past the cancellation's day: it can be withdrawn until the paid period ends.
  const endsOn = cancellationEndsOn({ nextDueDate: s.nextDueDate, cancellation });
  if (todayInIndia(c.now) >= endsOn) throw conflict(`The cancellation took effect on ${endsOn}.`);
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
    throw conflict('A deploy of this service is running; wait for it or for its failure.');
  if (s.status === 'CANCELLED') throw conflict('This service is already cancelled.');
  if (s.status !== 'PENDING' && s.status !== 'PROVISIONING_FAILED')
    throw conflict('This service was provisioned: terminate it instead.');
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
    throw conflict(`This service is ${statusText(s)}; its details are kept as they were.`);
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
    throw conflict(`This service is ${statusText(s)}; it has no due date to move.`);
  parseYmd(c.to, 'to');
  const reason = checkReason(c.reason);
  if (c.to === s.nextDueDate) throw fieldError('to', `The next due date is already ${c.to}.`);
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

/** The renewal recorded for `invoiceId`, with its period's start. */
function renewalOf(s: ServiceState, invoiceId: string): [string, RenewalRecord] | null {
  for (const [periodStart, r] of Object.entries(s.renewals))
    if (r.invoiceId === invoiceId) return [periodStart, r];
  return null;
}

function invoiceRenewal(c: Cmd<'InvoiceRenewal'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  const recorded = s.renewals[c.periodStart];
  if (recorded !== undefined && recorded.invoiceId === c.invoiceId) return [];
  if (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED')
    throw conflict(`Only an active or suspended service is renewed; this one is ${statusText(s)}.`);
  if (s.cancellation !== null)
    throw conflict(
      `This service is cancelled from ${s.cancellation.effectiveOn}: it is not renewed.`,
    );
  parseYmd(c.periodStart, 'periodStart');
  if (c.periodStart !== s.nextDueDate)
    throw conflict(
      `The period to invoice starts on the next due date ${s.nextDueDate}, not ${c.periodStart}.`,
    );
  const periodEnd = addMonthsAnchored(s.nextDueDate, s.months, s.anchorDay);
  if (c.periodEnd !== periodEnd)
    throw fieldError('periodEnd', `The period starting ${c.periodStart} ends on ${periodEnd}.`);
  if (typeof c.invoiceId !== 'string' || c.invoiceId === '')
    throw fieldError('invoiceId', 'Give the invoice id.');
  if (recorded !== undefined) {
    if (c.replaces !== recorded.invoiceId)
      throw conflict(
        `The period starting ${c.periodStart} is already invoiced (invoice ${recorded.invoiceId}).`,
      );
  } else if (c.replaces !== null)
    throw conflict(`Invoice ${c.replaces} is not the renewal invoice of ${c.periodStart}.`);
  return [
    {
      type: 'RenewalInvoiced',
      data: {
        ...ids(s),
        customerId: s.customerId,
        invoiceId: c.invoiceId,
        periodStart: c.periodStart,
        periodEnd,
        replaces: c.replaces,
        invoicedAt: c.now,
      },
    },
  ];
}

function renewService(c: Cmd<'RenewService'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  const found = renewalOf(s, c.invoiceId);
  if (found === null) throw conflict(`Invoice ${c.invoiceId} is not a renewal of this service.`);
  const [periodStart, renewal] = found;
  if (renewal.renewedBy === c.invoiceId) return [];
  if (s.status === 'TERMINATED' || s.status === 'CANCELLED')
    throw conflict(`This service is ${statusText(s)}; it is not renewed.`);
  if (periodStart !== s.nextDueDate)
    throw conflict(
      `Invoice ${c.invoiceId} bills the period from ${periodStart}; the next due date is ${s.nextDueDate}.`,
    );
  todayInIndia(c.paidAt);
  return [
    {
      type: 'ServiceRenewed',
      data: {
        ...ids(s),
        invoiceId: c.invoiceId,
        periodStart,
        nextDueDate: renewal.periodEnd,
        paidAt: c.paidAt,
        renewedAt: c.now,
      },
    },
  ];
}

function prorationOf(p: PlanChangeProration, direction: PlanChangeDirection): PlanChangeProration {
  if (p === null || typeof p !== 'object') throw fieldError('proration', 'Give the proration.');
  parseYmd(p.on, 'proration.on');
  if (!Number.isSafeInteger(p.daysInPeriod) || p.daysInPeriod < 1)
    throw fieldError('proration.daysInPeriod', 'Must be a whole number of days, at least 1.');
  if (!Number.isSafeInteger(p.daysLeft) || p.daysLeft < 0 || p.daysLeft > p.daysInPeriod)
    throw fieldError('proration.daysLeft', `Must be a whole number from 0 to ${p.daysInPeriod}.`);
  let amount;
  try {
    amount = parseDecimal(p.amount, { maxDecimals: 2, allowNegative: true, field: 'amount' });
  } catch (e) {
    throw e instanceof MoneyError ? fieldError('proration.amount', e.message) : e;
  }
  if (direction === 'UPGRADE' && amount.isNegative())
    throw fieldError('proration.amount', 'An upgrade charges the days left: give zero or more.');
  if (direction === 'DOWNGRADE' && amount.isPositive() && !amount.isZero())
    throw fieldError('proration.amount', 'A downgrade credits the days left: give zero or less.');
  return {
    on: p.on,
    daysLeft: p.daysLeft,
    daysInPeriod: p.daysInPeriod,
    amount: amount.toFixed(2),
    description: checkReason(p.description, 'proration.description'),
  };
}

/**
 * A downgrade's credit notes: 1 to 10, each on an invoice with a note id and a positive taxable
 * value in paise, the first being creditedInvoiceId's creditNoteId, adding up to the credit.
 */
function creditsOf(c: Cmd<'RequestPlanChange'>, amount: string): PlanChangeCredit[] {
  const given = c.credits!;
  if (c.direction !== 'DOWNGRADE') throw fieldError('credits', 'Only a downgrade is credited.');
  if (!Array.isArray(given) || given.length === 0 || given.length > 10)
    throw fieldError('credits', 'Give 1 to 10 credit notes.');
  let sum = ZERO;
  const credits = given.map((x, i) => {
    if (typeof x.invoiceId !== 'string' || x.invoiceId === '')
      throw fieldError(`credits.${i}.invoiceId`, 'Give the invoice.');
    if (typeof x.creditNoteId !== 'string' || x.creditNoteId === '')
      throw fieldError(`credits.${i}.creditNoteId`, 'Give the credit note.');
    let value: Dec;
    try {
      value = parseInr(x.taxableValue, `credits.${i}.taxableValue`);
    } catch (e) {
      throw fieldError(`credits.${i}.taxableValue`, (e as MoneyError).message);
    }
    if (!value.gt(0)) throw fieldError(`credits.${i}.taxableValue`, 'Must be more than zero.');
    sum = sum.plus(value);
    return { invoiceId: x.invoiceId, creditNoteId: x.creditNoteId, taxableValue: inr(value) };
  });
  if (credits[0]!.invoiceId !== c.creditedInvoiceId || credits[0]!.creditNoteId !== c.creditNoteId)
    throw fieldError('credits', 'The first credit note is the one on the credited invoice.');
  if (!sum.eq(new D(amount).abs()))
    throw fieldError(
      'credits',
      `The credit notes add up to ₹${inr(sum)}, not the credit ₹${inr(new D(amount).abs())}.`,
    );
  return credits;
}

function requestPlanChange(c: Cmd<'RequestPlanChange'>, s: ServiceState): ServiceEvent[] {
  exists(s);
  if (s.planChange?.changeId === c.changeId || s.closedChanges[c.changeId] !== undefined) return [];
  if (s.status !== 'ACTIVE')
    throw conflict(`Only an active service changes plan; this one is ${statusText(s)}.`);
  if (s.planChange !== null)
    throw conflict(`A change to ${s.planChange.toPlanName} is already pending.`);
  if (c.direction !== 'UPGRADE' && c.direction !== 'DOWNGRADE')
    throw fieldError('direction', 'Must be UPGRADE or DOWNGRADE.');
  if (c.toPlanKind !== s.planKind || c.toCycle !== s.cycle)
    throw fieldError('planId', 'Choose a plan of the same kind and billing cycle.');
  if (typeof c.toPlanId !== 'string' || c.toPlanId === '')
    throw fieldError('planId', 'Choose a plan.');
  if (c.toPlanId === s.planId)
    throw fieldError('planId', `The service is already on ${s.planName}.`);
  if (c.direction === 'UPGRADE' && !c.invoiceId)
    throw fieldError('invoiceId', 'An upgrade is invoiced: give its invoice.');
  if (c.direction === 'DOWNGRADE' && !c.creditNoteId)
    throw fieldError('creditNoteId', 'A downgrade is credited: give its credit note.');
  const recurringLines = checkRecurringLines(c.recurringLines);
  const plan = recurringLines.find((l) => l.source.kind === 'PLAN')!;
  if (plan.source.refId !== c.toPlanId)
    throw fieldError('recurringLines', 'The PLAN line must be the new plan’s.');
  const proration = prorationOf(c.proration, c.direction);
  const credits = c.credits === undefined ? undefined : creditsOf(c, proration.amount);
  return [
    {
      type: 'ServicePlanChangeRequested',
      data: {
        ...ids(s),
        customerId: s.customerId,
        changeId: c.changeId,
        direction: c.direction,
        fromPlanId: s.planId,
        fromPlanName: s.planName,
        toPlanId: c.toPlanId,
        toPlanName: c.toPlanName,
        recurringLines,
        recurringAmount: recurringTotal(recurringLines),
        proration,
        invoiceId: c.invoiceId ?? null,
        creditedInvoiceId: c.creditedInvoiceId ?? null,
        creditNoteId: c.creditNoteId ?? null,
        ...(credits === undefined ? {} : { credits }),
        requestedBy: c.requestedBy,
        requestedAt: c.now,
      },
    },
  ];
}

/** The pending change `changeId`; CONFLICT when it is not the one pending. */
function pendingChange(s: ServiceState, changeId: string): PendingPlanChange {
  exists(s);
  const closed = s.closedChanges[changeId];
  if (closed !== undefined) throw conflict(`Plan change ${changeId} was ${closed.toLowerCase()}.`);
  const change = s.planChange;
  if (change === null || change.changeId !== changeId)
    throw conflict(`Plan change ${changeId} is not pending on this service.`);
  return change;
}

function markPlanChangeAwaitingStaff(
  c: Cmd<'MarkPlanChangeAwaitingStaff'>,
  s: ServiceState,
): ServiceEvent[] {
  const change = pendingChange(s, c.changeId);
  if (change.status === 'AWAITING_STAFF') return [];
  const reason = checkReason(c.reason);
  return [
    {
      type: 'ServicePlanChangeAwaitingStaff',
      data: { ...ids(s), changeId: c.changeId, reason, at: c.now },
    },
  ];
}

function applyPlanChange(c: Cmd<'ApplyPlanChange'>, s: ServiceState): ServiceEvent[] {
  if (s.closedChanges[c.changeId] === 'APPLIED') return [];
  const change = pendingChange(s, c.changeId);
  if (s.status !== 'ACTIVE' && s.status !== 'SUSPENDED')
    throw conflict(`This service is ${statusText(s)}; its plan no longer changes.`);
  if (c.by !== 'MODULE' && c.by !== 'STAFF') throw fieldError('by', 'Must be MODULE or STAFF.');
  return [
    {
      type: 'ServicePlanChanged',
      data: {
        ...ids(s),
        changeId: c.changeId,
        planId: change.toPlanId,
        planName: change.toPlanName,
        recurringLines: change.recurringLines,
        recurringAmount: change.recurringAmount,
        by: c.by,
        appliedBy: c.appliedBy,
        appliedAt: c.now,
      },
    },
  ];
}

function cancelPlanChange(c: Cmd<'CancelPlanChange'>, s: ServiceState): ServiceEvent[] {
  if (s.closedChanges[c.changeId] === 'CANCELLED') return [];
  pendingChange(s, c.changeId);
  const reason = checkReason(c.reason);
  return [
    {
      type: 'ServicePlanChangeCancelled',
      data: {
        ...ids(s),
        changeId: c.changeId,
        reason,
        cancelledBy: c.cancelledBy,
        cancelledAt: c.now,
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
    case 'InvoiceRenewal':
      return invoiceRenewal(command, state);
    case 'RenewService':
      return renewService(command, state);
    case 'RequestPlanChange':
      return requestPlanChange(command, state);
    case 'MarkPlanChangeAwaitingStaff':
      return markPlanChangeAwaitingStaff(command, state);
    case 'ApplyPlanChange':
      return applyPlanChange(command, state);
    case 'CancelPlanChange':
      return cancelPlanChange(command, state);
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
        recurringLines: d.recurringLines ?? legacyRecurringLines(d),
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
    case 'RenewalInvoiced': {
      const { periodStart, periodEnd, invoiceId } = event.data;
      const prior = state.renewals[periodStart];
      const replaced = prior === undefined ? [] : [...prior.replaced, prior.invoiceId];
      return {
        ...state,
        renewals: {
          ...state.renewals,
          [periodStart]: { invoiceId, periodEnd, replaced, renewedBy: null },
        },
      };
    }
    case 'ServiceRenewed': {
      const { periodStart, nextDueDate, invoiceId } = event.data;
      const renewal = state.renewals[periodStart]!;
      return {
        ...state,
        periodStart,
        nextDueDate,
        renewals: { ...state.renewals, [periodStart]: { ...renewal, renewedBy: invoiceId } },
      };
    }
    case 'ServicePlanChangeRequested': {
      const d = event.data;
      return {
        ...state,
        planChange: {
          changeId: d.changeId,
          direction: d.direction,
          status: 'AWAITING_PAYMENT',
          invoiceId: d.invoiceId,
          toPlanId: d.toPlanId,
          toPlanName: d.toPlanName,
          recurringLines: d.recurringLines,
          recurringAmount: d.recurringAmount,
        },
      };
    }
    case 'ServicePlanChangeAwaitingStaff':
      return {
        ...state,
        planChange: state.planChange && { ...state.planChange, status: 'AWAITING_STAFF' },
      };
    case 'ServicePlanChanged': {
      const d = event.data;
      return {
        ...state,
        planId: d.planId,
        planName: d.planName,
        recurringLines: d.recurringLines,
        recurringAmount: d.recurringAmount,
        planChange: null,
        closedChanges: { ...state.closedChanges, [d.changeId]: 'APPLIED' },
      };
    }
    case 'ServicePlanChangeCancelled':
      return {
        ...state,
        planChange: null,
        closedChanges: { ...state.closedChanges, [event.data.changeId]: 'CANCELLED' },
      };
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
