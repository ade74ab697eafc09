import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import { initialService, serviceDecider, type ServiceCommand } from './decider.ts';
import {
  provisioningSettingsStreamId,
  serviceStreamId,
  type ServiceEvent,
  type ServiceProvisioned,
} from './events.ts';

const given = specFor(serviceDecider);
const T = 'tenant-1';
const S = 'svc-1';
const now = '2026-05-01T10:00:00.000Z';
const later = '2026-05-01T10:05:00.000Z';
const ids = { tenantId: T, serviceId: S };
const origin = { kind: 'ORDER' as const, orderId: 'o1', itemNo: 1, invoiceId: 'i1' };

type Cmd<K extends ServiceCommand['type']> = Extract<ServiceCommand, { type: K }>;

const create = (over: Partial<Cmd<'CreateService'>> = {}): Cmd<'CreateService'> => ({
  type: 'CreateService',
  tenantId: T,
  serviceId: S,
  customerId: 'c1',
  origin,
  planId: 'plan-vps',
  planName: 'VPS Pro',
  planKind: 'VPS',
  cycle: 'MONTHLY',
  months: 1,
  recurringAmount: '1683.56',
  addons: [{ addonId: 'addon-cpanel', name: 'cPanel/WHM', quantity: 1, recurring: true }],
  dataCentreId: 'dc-mum',
  dataCentreName: 'Mumbai',
  operatingSystemId: 'os-ubuntu',
  operatingSystemName: 'Ubuntu 24.04',
  hostname: ' Web1.Example.com ',
  module: 'MANUAL',
  hasControlPanel: true,
  paidOn: '2026-01-31',
  now,
  ...over,
});

const created = (over: { module?: 'MANUAL' | 'CLOUDSTACK' } = {}): ServiceEvent => ({
  type: 'ServiceCreated',
  data: {
    ...ids,
    customerId: 'c1',
    origin,
    planId: 'plan-vps',
    planName: 'VPS Pro',
    planKind: 'VPS',
    cycle: 'MONTHLY',
    months: 1,
    recurringAmount: '1683.56',
    addons: [{ addonId: 'addon-cpanel', name: 'cPanel/WHM', quantity: 1, recurring: true }],
    dataCentreId: 'dc-mum',
    dataCentreName: 'Mumbai',
    operatingSystemId: 'os-ubuntu',
    operatingSystemName: 'Ubuntu 24.04',
    hostname: 'web1.example.com',
    module: over.module ?? 'MANUAL',
    hasControlPanel: true,
    periodStart: '2026-01-31',
    nextDueDate: '2026-02-28',
    anchorDay: 31,
    createdAt: now,
  },
});
const started = (attempt: number, startedBy: string | null = null): ServiceEvent => ({
  type: 'ProvisioningStarted',
  data: { ...ids, attempt, startedBy, startedAt: now },
});
const accepted = (
  attempt: number,
  vmId = 'vm-1',
  jobId: string | null = 'job-1',
): ServiceEvent => ({
  type: 'ProvisioningJobAccepted',
  data: { ...ids, attempt, vmId, jobId, acceptedAt: now },
});
const error = { code: '530', message: 'CloudStack is busy', retryable: true };
const failed = (attempt: number, retryAt: string | null): ServiceEvent => ({
  type: 'ProvisioningFailed',
  data: { ...ids, attempt, error, retryAt, failedAt: now },
});
const ssh = { username: 'root', port: 22, passwordSealed: 'v1.a.b.c' };
const panel = {
  url: 'https://web1.example.com:2087',
  username: 'admin',
  passwordSealed: 'v1.d.e.f',
};
const provisioned = (over: Partial<ServiceProvisioned['data']> = {}): ServiceEvent => ({
  type: 'ServiceProvisioned',
  data: {
    ...ids,
    customerId: 'c1',
    by: 'MODULE',
    provisionedBy: null,
    vmId: 'vm-1',
    hostname: 'web1.example.com',
    ipAddresses: ['203.0.113.7'],
    ssh,
    controlPanel: null,
    notes: '',
    sendEmail: true,
    provisionedAt: now,
    ...over,
  },
});
const byHand = (): ServiceEvent =>
  provisioned({
    by: 'STAFF',
    provisionedBy: 'staff-1',
    vmId: null,
    controlPanel: panel,
    notes: 'rack 4',
  });

/** CloudStack: created, deploying attempt 1. */
const deploying = [created({ module: 'CLOUDSTACK' }), started(1)];
const active = [...deploying, accepted(1), provisioned()];
const manualActive = [created(), byHand()];
const suspended = (kind: 'STAFF' | 'NON_PAYMENT' = 'STAFF'): ServiceEvent[] => [
  ...active,
  {
    type: 'ServiceSuspended',
    data: {
      ...ids,
      kind,
      reason: 'abuse report',
      suspendedBy: kind === 'STAFF' ? 'staff-1' : null,
      suspendedAt: now,
    },
  },
];
const terminated: ServiceEvent[] = [
  ...active,
  {
    type: 'ServiceTerminated',
    data: {
      ...ids,
      reason: 'unpaid',
      terminatedBy: null,
      finalSnapshotId: null,
      terminatedAt: now,
    },
  },
];
const cancelled: ServiceEvent[] = [
  created(),
  {
    type: 'ServiceCancelled',
    data: {
      ...ids,
      customerId: 'c1',
      origin,
      reason: 'out of stock',
      cancelledBy: 'staff-1',
      creditToWallet: true,
      cancelledAt: now,
    },
  },
];
const failedNeedsAttention = [...deploying, failed(1, null)];
const failedWithRetry = [...deploying, failed(1, '2026-05-01T10:01:00.000Z')];

describe('CreateService', () => {
  it('a MANUAL service waits, PENDING, for the Provision dialog; its first period starts the day it was paid', () => {
    given([]).when(create()).then([created()]);
  });

  it('a CLOUDSTACK service starts its first deploy at once (attempt 1, by the process)', () => {
    given([])
      .when(create({ module: 'CLOUDSTACK' }))
      .then([created({ module: 'CLOUDSTACK' }), started(1)]);
  });

  it('keeps the recurring amount in paise', () => {
    const [event] = serviceDecider.decide(create({ recurringAmount: '1683.5' }), initialService);
    expect(event!.type === 'ServiceCreated' && event.data.recurringAmount).toBe('1683.50');
  });

  it('refuses a second creation', () => {
    given([created()])
      .when(create())
      .thenRefuses('CONFLICT', /already created/);
  });

  it.each([
    [{ hostname: 'web_1' }, 'hostname'],
    [{ recurringAmount: '12.345' }, 'recurringAmount'],
    [{ paidOn: '2026-02-30' }, 'paidOn'],
    [{ months: 0 }, 'months'],
  ])('refuses %j naming the field', (over, field) => {
    given([])
      .when(create(over))
      .thenRefuses('BAD_USER_INPUT', new RegExp(`\\(${field}\\)\\.$`));
  });
});

describe('StartProvisioning (a retry)', () => {
  it('the process retries once retryAt has come: attempt + 1', () => {
    given(failedWithRetry)
      .when({ type: 'StartProvisioning', startedBy: null, now: '2026-05-01T10:01:00.000Z' })
      .then([
        {
          type: 'ProvisioningStarted',
          data: { ...ids, attempt: 2, startedBy: null, startedAt: '2026-05-01T10:01:00.000Z' },
        },
      ]);
  });

  it('the process does not retry early', () => {
    given(failedWithRetry)
      .when({ type: 'StartProvisioning', startedBy: null, now: '2026-05-01T10:00:59.999Z' })
      .thenRefuses('CONFLICT', /next automatic retry is at 2026-05-01T10:01:00.000Z/);
  });

  it('the process never retries one that needs attention', () => {
    given(failedNeedsAttention)
      .when({ type: 'StartProvisioning', startedBy: null, now: later })
      .thenRefuses('CONFLICT', /needs attention/);
  });

  it('staff retry at any time once it failed, also before retryAt and when it needs attention', () => {
    const start = (attempt: number) => [
      {
        type: 'ProvisioningStarted',
        data: { ...ids, attempt, startedBy: 'staff-1', startedAt: now },
      },
    ];
    given(failedWithRetry)
      .when({ type: 'StartProvisioning', startedBy: 'staff-1', now })
      .then(start(2) as ServiceEvent[]);
    const fourFailures = [
      ...deploying,
      failed(1, 'x'),
      started(2),
      failed(2, 'y'),
      started(3),
      failed(3, 'z'),
      started(4),
      failed(4, null),
    ];
    given(fourFailures)
      .when({ type: 'StartProvisioning', startedBy: 'staff-1', now })
      .then(start(5) as ServiceEvent[]);
  });

  it('refuses while a deploy runs, and for anything that has not failed', () => {
    given(deploying)
      .when({ type: 'StartProvisioning', startedBy: 'staff-1', now })
      .thenRefuses('CONFLICT', /already running/);
    given([created()])
      .when({ type: 'StartProvisioning', startedBy: 'staff-1', now })
      .thenRefuses('CONFLICT', /Only a failed deploy.*pending/);
    given(active)
      .when({ type: 'StartProvisioning', startedBy: 'staff-1', now })
      .thenRefuses('CONFLICT', /active/);
    given([])
      .when({ type: 'StartProvisioning', startedBy: 'staff-1', now })
      .thenRefuses('NOT_FOUND', /Service not found/);
  });
});

describe('AcceptProvisioningJob', () => {
  const accept = (
    over: Partial<Cmd<'AcceptProvisioningJob'>> = {},
  ): Cmd<'AcceptProvisioningJob'> => ({
    type: 'AcceptProvisioningJob',
    attempt: 1,
    vmId: 'vm-1',
    jobId: 'job-1',
    now,
    ...over,
  });

  it('records the module’s job for the running attempt', () => {
    given(deploying)
      .when(accept())
      .then([accepted(1)]);
  });

  it('a repeat is a no-op, even after the deploy ended', () => {
    given([...deploying, accepted(1)])
      .when(accept())
      .then([]);
    given(active).when(accept()).then([]);
  });

  it('refuses another machine for the same attempt', () => {
    given([...deploying, accepted(1)])
      .when(accept({ vmId: 'vm-2' }))
      .thenRefuses('CONFLICT', /already deploys machine vm-1/);
    given([...deploying, accepted(1)])
      .when(accept({ jobId: 'job-2' }))
      .thenRefuses('CONFLICT', /already deploys/);
  });

  it('a later attempt may take another job', () => {
    given([...deploying, accepted(1), failed(1, 'x'), started(2)])
      .when(accept({ attempt: 2, vmId: 'vm-1', jobId: 'job-9' }))
      .then([accepted(2, 'vm-1', 'job-9')]);
  });

  it('refuses a stale attempt, no deploy running, and an empty machine id', () => {
    given([...failedWithRetry, started(2)])
      .when(accept())
      .thenRefuses('CONFLICT', /attempt 1 is over; attempt 2 is running/);
    given(failedWithRetry)
      .when(accept())
      .thenRefuses('CONFLICT', /No deploy is running.*provisioning failed/);
    given(deploying)
      .when(accept({ vmId: ' ' }))
      .thenRefuses('BAD_USER_INPUT', /vmId/);
    given([]).when(accept()).thenRefuses('NOT_FOUND');
  });
});

describe('RecordProvisioningFailed', () => {
  const fail = (attempt: number, err = error, at = now): Cmd<'RecordProvisioningFailed'> => ({
    type: 'RecordProvisioningFailed',
    attempt,
    error: err,
    now: at,
  });

  it('attempts 1, 2, 3 retry after 1, 10 and 60 minutes; the 4th needs attention', () => {
    given(deploying)
      .when(fail(1))
      .then([failed(1, '2026-05-01T10:01:00.000Z')]);
    const second = [...deploying, failed(1, 'x'), started(2)];
    given(second)
      .when(fail(2))
      .then([failed(2, '2026-05-01T10:10:00.000Z')]);
    const third = [...second, failed(2, 'y'), started(3)];
    given(third)
      .when(fail(3))
      .then([failed(3, '2026-05-01T11:00:00.000Z')]);
    const fourth = [...third, failed(3, 'z'), started(4)];
    given(fourth)
      .when(fail(4))
      .then([failed(4, null)]);
  });

  it('an error that will not pass on another try needs attention at once', () => {
    const permanent = { code: '431', message: 'Bad template.', retryable: false };
    given(deploying)
      .when(fail(1, permanent))
      .then([
        {
          type: 'ProvisioningFailed',
          data: { ...ids, attempt: 1, error: permanent, retryAt: null, failedAt: now },
        },
      ]);
  });

  it('a repeat for the recorded attempt is a no-op', () => {
    given(failedWithRetry).when(fail(1)).then([]);
  });

  it('refuses a stale attempt or a service not deploying', () => {
    given([...failedWithRetry, started(2)])
      .when(fail(1))
      .thenRefuses('CONFLICT', /attempt 1 is over/);
    given(failedWithRetry)
      .when(fail(2))
      .thenRefuses('CONFLICT', /No deploy is running/);
    given(active)
      .when(fail(1))
      .thenRefuses('CONFLICT', /No deploy is running; this service is active/);
    given([]).when(fail(1)).thenRefuses('NOT_FOUND');
  });
});

describe('RecordProvisioned', () => {
  const done = (over: Partial<Cmd<'RecordProvisioned'>> = {}): Cmd<'RecordProvisioned'> => ({
    type: 'RecordProvisioned',
    attempt: 1,
    vmId: 'vm-1',
    ipAddresses: ['203.0.113.7'],
    username: 'root',
    sshPort: 22,
    passwordSealed: 'v1.a.b.c',
    now,
    ...over,
  });

  it('the module confirmed it: ACTIVE, by MODULE, with the welcome mail', () => {
    given([...deploying, accepted(1)])
      .when(done())
      .then([provisioned()]);
  });

  it('a template that sets no password', () => {
    given(deploying)
      .when(done({ passwordSealed: null }))
      .then([provisioned({ ssh: { ...ssh, passwordSealed: null } })]);
  });

  it('refuses a stale attempt, a repeat, and bad details from the module', () => {
    given([...failedWithRetry, started(2)])
      .when(done())
      .thenRefuses('CONFLICT', /attempt 1 is over/);
    given(active)
      .when(done())
      .thenRefuses('CONFLICT', /No deploy is running/);
    given(deploying)
      .when(done({ ipAddresses: [] }))
      .thenRefuses('BAD_USER_INPUT', /ipAddresses/);
    given(deploying)
      .when(done({ sshPort: 0 }))
      .thenRefuses('BAD_USER_INPUT', /ssh\.port/);
    given(deploying)
      .when(done({ vmId: ' ' }))
      .thenRefuses('BAD_USER_INPUT', /^Give the machine id/);
    given([]).when(done()).thenRefuses('NOT_FOUND');
  });
});

describe('ProvisionByHand', () => {
  const hand = (over: Partial<Cmd<'ProvisionByHand'>> = {}): Cmd<'ProvisionByHand'> => ({
    type: 'ProvisionByHand',
    provisionedBy: 'staff-1',
    hostname: 'WEB1.example.com',
    ipAddresses: ['203.0.113.7'],
    ssh,
    controlPanel: panel,
    notes: ' rack 4 ',
    sendEmail: true,
    now,
    ...over,
  });

  it('a PENDING service becomes ACTIVE with what staff entered', () => {
    given([created()]).when(hand()).then([byHand()]);
  });

  it('also one whose deploy failed (keeping the machine id it had), without a control panel or mail', () => {
    given([...deploying, accepted(1), failed(1, null)])
      .when(hand({ controlPanel: null, sendEmail: false, notes: '' }))
      .then([
        provisioned({ by: 'STAFF', provisionedBy: 'staff-1', vmId: 'vm-1', sendEmail: false }),
      ]);
  });

  it('refuses while a deploy runs, once provisioned, and once cancelled', () => {
    given(deploying)
      .when(hand())
      .thenRefuses('CONFLICT', /A deploy of this service is running/);
    given(active)
      .when(hand())
      .thenRefuses('CONFLICT', /already provisioned/);
    given(suspended())
      .when(hand())
      .thenRefuses('CONFLICT', /already provisioned/);
    given(terminated)
      .when(hand())
      .thenRefuses('CONFLICT', /already provisioned/);
    given(cancelled)
      .when(hand())
      .thenRefuses('CONFLICT', /cancelled/);
    given([]).when(hand()).thenRefuses('NOT_FOUND');
  });

  it.each([
    [{ hostname: '-web' }, 'hostname'],
    [{ ipAddresses: ['10.0.0.1', '10.0.0.1'] }, 'ipAddresses.1'],
    [{ ssh: { ...ssh, port: 70000 } }, 'ssh.port'],
    [{ controlPanel: { ...panel, url: 'ftp://x' } }, 'controlPanel.url'],
    [{ notes: 'n'.repeat(2001) }, 'notes'],
  ])('refuses %j naming the field', (over, field) => {
    given([created()])
      .when(hand(over))
      .thenRefuses('BAD_USER_INPUT', new RegExp(`\\(${field.replace('.', '\\.')}\\)\\.$`));
  });
});

describe('RevealCredentials', () => {
  const reveal: Cmd<'RevealCredentials'> = {
    type: 'RevealCredentials',
    revealedBy: 'u1',
    as: 'CUSTOMER',
    impersonatedBy: 'staff-9',
    now,
  };
  const revealed: ServiceEvent = {
    type: 'ServiceCredentialsRevealed',
    data: { ...ids, revealedBy: 'u1', as: 'CUSTOMER', impersonatedBy: 'staff-9', revealedAt: now },
  };
  it('is recorded while ACTIVE or SUSPENDED', () => {
    given(active).when(reveal).then([revealed]);
    given(suspended()).when(reveal).then([revealed]);
  });
  it('refuses before provisioning and after termination', () => {
    given([created()])
      .when(reveal)
      .thenRefuses('CONFLICT', /pending/);
    given(terminated)
      .when(reveal)
      .thenRefuses('CONFLICT', /terminated/);
    given([]).when(reveal).thenRefuses('NOT_FOUND');
  });
});

describe('PerformAction and ResetPassword', () => {
  const act = (action: 'START' | 'STOP' | 'REBOOT'): Cmd<'PerformAction'> => ({
    type: 'PerformAction',
    action,
    performedBy: 'u1',
    now,
  });
  const reset: Cmd<'ResetPassword'> = {
    type: 'ResetPassword',
    passwordSealed: 'v1.new',
    resetBy: 'u1',
    now,
  };

  it.each(['START', 'STOP', 'REBOOT'] as const)('%s on an active server', (action) => {
    given(active)
      .when(act(action))
      .then([
        {
          type: 'ServiceActionPerformed',
          data: { ...ids, action, performedBy: 'u1', performedAt: now },
        },
      ]);
  });

  it('a reset password replaces the sealed one', () => {
    given(active)
      .when(reset)
      .then([
        {
          type: 'ServicePasswordReset',
          data: { ...ids, passwordSealed: 'v1.new', resetBy: 'u1', resetAt: now },
        },
      ]);
    const state = fold(serviceDecider, [
      ...active,
      ...serviceDecider.decide(reset, fold(serviceDecider, active)),
    ]);
    expect(state.ssh).toEqual({ ...ssh, passwordSealed: 'v1.new' });
  });

  it('locked while suspended; nothing before it runs; none on a server provisioned by hand', () => {
    given(suspended())
      .when(act('START'))
      .thenRefuses('CONFLICT', /suspended: start is locked/);
    given(suspended())
      .when(reset)
      .thenRefuses('CONFLICT', /suspended/);
    given([created()])
      .when(act('REBOOT'))
      .thenRefuses('CONFLICT', /^This needs an active service \(reboot\); this one is pending\.$/);
    given(terminated)
      .when(reset)
      .thenRefuses('CONFLICT', /terminated/);
    given(manualActive)
      .when(act('REBOOT'))
      .thenRefuses('CONFLICT', /provisioned by hand/);
    given(manualActive)
      .when(reset)
      .thenRefuses('CONFLICT', /provisioned by hand/);
    given([]).when(act('STOP')).thenRefuses('NOT_FOUND');
  });

  it('refuses an unknown action and an empty password', () => {
    given(active)
      .when(act('DESTROY' as 'START'))
      .thenRefuses('BAD_USER_INPUT', /^Must be START, STOP or REBOOT/);
    given(active)
      .when({ ...reset, passwordSealed: '' })
      .thenRefuses('BAD_USER_INPUT', /^Give the sealed password/);
  });
});

describe('snapshots', () => {
  const snapCreated = (snapshotId = 'snap-1'): ServiceEvent => ({
    type: 'ServiceSnapshotCreated',
    data: { ...ids, snapshotId, name: 'before upgrade', createdBy: 'u1', createdAt: now },
  });
  const take = (over: Partial<Cmd<'CreateSnapshot'>> = {}): Cmd<'CreateSnapshot'> => ({
    type: 'CreateSnapshot',
    snapshotId: 'snap-1',
    name: ' before upgrade ',
    createdBy: 'u1',
    now,
    ...over,
  });
  const revert: Cmd<'RevertSnapshot'> = {
    type: 'RevertSnapshot',
    snapshotId: 'snap-1',
    revertedBy: 'u1',
    now,
  };
  const remove: Cmd<'DeleteSnapshot'> = {
    type: 'DeleteSnapshot',
    snapshotId: 'snap-1',
    deletedBy: 'u1',
    now,
  };

  it('created, reverted to and deleted on an active server', () => {
    given(active).when(take()).then([snapCreated()]);
    given([...active, snapCreated()])
      .when(revert)
      .then([
        {
          type: 'ServiceSnapshotReverted',
          data: { ...ids, snapshotId: 'snap-1', revertedBy: 'u1', revertedAt: now },
        },
      ]);
    given([...active, snapCreated()])
      .when(remove)
      .then([
        {
          type: 'ServiceSnapshotDeleted',
          data: { ...ids, snapshotId: 'snap-1', deletedBy: 'u1', deletedAt: now },
        },
      ]);
  });

  it('the state keeps the ids of the snapshots that exist', () => {
    const deletedOne: ServiceEvent = {
      type: 'ServiceSnapshotDeleted',
      data: { ...ids, snapshotId: 'snap-1', deletedBy: 'u1', deletedAt: now },
    };
    expect(
      fold(serviceDecider, [...active, snapCreated('snap-1'), snapCreated('snap-2'), deletedOne])
        .snapshots,
    ).toEqual(['snap-2']);
  });

  it('refuses an unknown snapshot, the same id twice, a bad name, and while suspended', () => {
    given(active)
      .when(revert)
      .thenRefuses('NOT_FOUND', /Snapshot not found/);
    given(active)
      .when(remove)
      .thenRefuses('NOT_FOUND', /Snapshot not found/);
    given([...active, snapCreated()])
      .when(take())
      .thenRefuses('CONFLICT', /already recorded/);
    given(active)
      .when(take({ name: '  ' }))
      .thenRefuses('BAD_USER_INPUT', /\(name\)/);
    given(active)
      .when(take({ snapshotId: '' }))
      .thenRefuses('BAD_USER_INPUT', /^Give the snapshot id/);
    given(suspended())
      .when(take())
      .thenRefuses('CONFLICT', /suspended/);
    given([...suspended(), snapCreated()])
      .when(revert)
      .thenRefuses('CONFLICT', /suspended/);
    given([...suspended(), snapCreated()])
      .when(remove)
      .thenRefuses('CONFLICT', /suspended/);
    given(manualActive)
      .when(take())
      .thenRefuses('CONFLICT', /provisioned by hand/);
  });
});

describe('SuspendService and UnsuspendService', () => {
  const suspend = (over: Partial<Cmd<'SuspendService'>> = {}): Cmd<'SuspendService'> => ({
    type: 'SuspendService',
    kind: 'STAFF',
    reason: ' abuse report ',
    suspendedBy: 'staff-1',
    now,
    ...over,
  });
  const unsuspend = (over: Partial<Cmd<'UnsuspendService'>> = {}): Cmd<'UnsuspendService'> => ({
    type: 'UnsuspendService',
    reason: 'paid',
    unsuspendedBy: 'staff-1',
    now,
    ...over,
  });
  const unsuspended = (by: string | null): ServiceEvent => ({
    type: 'ServiceUnsuspended',
    data: { ...ids, reason: 'paid', unsuspendedBy: by, unsuspendedAt: now },
  });

  it('ACTIVE → SUSPENDED, by staff or for non-payment', () => {
    given(active)
      .when(suspend())
      .then([suspended().at(-1)!]);
    given(active)
      .when(suspend({ kind: 'NON_PAYMENT', suspendedBy: null }))
      .then([suspended('NON_PAYMENT').at(-1)!]);
    expect(fold(serviceDecider, suspended('NON_PAYMENT'))).toMatchObject({
      status: 'SUSPENDED',
      suspension: 'NON_PAYMENT',
    });
  });

  it('suspended again is a no-op', () => {
    given(suspended())
      .when(suspend({ kind: 'NON_PAYMENT', suspendedBy: null }))
      .then([]);
  });

  it('refuses what is not running, an unknown kind and a missing reason', () => {
    given([created()])
      .when(suspend())
      .thenRefuses('CONFLICT', /Only an active service is suspended; this one is pending/);
    given(terminated)
      .when(suspend())
      .thenRefuses('CONFLICT', /terminated/);
    given(active)
      .when(suspend({ kind: 'LOCKED' as 'STAFF' }))
      .thenRefuses('BAD_USER_INPUT', /^Must be STAFF or NON_PAYMENT/);
    given(active)
      .when(suspend({ reason: ' ' }))
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given([]).when(suspend()).thenRefuses('NOT_FOUND');
  });

  it('SUSPENDED → ACTIVE by staff, or by the process when it was for non-payment', () => {
    given(suspended())
      .when(unsuspend())
      .then([unsuspended('staff-1')]);
    given(suspended('NON_PAYMENT'))
      .when(unsuspend({ unsuspendedBy: null }))
      .then([unsuspended(null)]);
    expect(fold(serviceDecider, [...suspended(), unsuspended('staff-1')])).toMatchObject({
      status: 'ACTIVE',
      suspension: null,
    });
  });

  it('the process does not lift a suspension staff made', () => {
    given(suspended('STAFF'))
      .when(unsuspend({ unsuspendedBy: null }))
      .thenRefuses('CONFLICT', /only staff lift/);
  });

  it('refuses what is not suspended and a missing reason', () => {
    given(active)
      .when(unsuspend())
      .thenRefuses('CONFLICT', /not suspended; it is active/);
    given(suspended())
      .when(unsuspend({ reason: '' }))
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given([]).when(unsuspend()).thenRefuses('NOT_FOUND');
  });
});

describe('TerminateService', () => {
  const terminate = (over: Partial<Cmd<'TerminateService'>> = {}): Cmd<'TerminateService'> => ({
    type: 'TerminateService',
    reason: 'unpaid',
    terminatedBy: null,
    finalSnapshotId: null,
    now,
    ...over,
  });
  it('ACTIVE or SUSPENDED → TERMINATED, with the final snapshot when one was taken', () => {
    given(active)
      .when(terminate())
      .then([terminated.at(-1)!]);
    given(suspended())
      .when(
        terminate({
          terminatedBy: 'staff-1',
          finalSnapshotId: 'snap-final',
          reason: ' moved out ',
        }),
      )
      .then([
        {
          type: 'ServiceTerminated',
          data: {
            ...ids,
            reason: 'moved out',
            terminatedBy: 'staff-1',
            finalSnapshotId: 'snap-final',
            terminatedAt: now,
          },
        },
      ]);
    expect(fold(serviceDecider, [...suspended(), terminated.at(-1)!])).toMatchObject({
      status: 'TERMINATED',
      suspension: null,
    });
  });
  it('refuses twice, a service that never ran, and a missing reason', () => {
    given(terminated)
      .when(terminate())
      .thenRefuses('CONFLICT', /already terminated/);
    given([created()])
      .when(terminate())
      .thenRefuses('CONFLICT', /cancel one that never ran/);
    given(failedNeedsAttention)
      .when(terminate())
      .thenRefuses('CONFLICT', /provisioning failed/);
    given(active)
      .when(terminate({ reason: '' }))
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given([]).when(terminate()).thenRefuses('NOT_FOUND');
  });
});

describe('RequestCancellation and WithdrawCancellation', () => {
  const request = (over: Partial<Cmd<'RequestCancellation'>> = {}): Cmd<'RequestCancellation'> => ({
    type: 'RequestCancellation',
    when: 'END_OF_PERIOD',
    reason: ' moving ',
    requestedBy: 'u1',
    now,
    ...over,
  });
  const requested = (
    when: 'END_OF_PERIOD' | 'IMMEDIATE',
    effectiveOn: string,
    at = now,
  ): ServiceEvent => ({
    type: 'ServiceCancellationRequested',
    data: { ...ids, when, reason: 'moving', requestedBy: 'u1', effectiveOn, requestedAt: at },
  });
  const withdraw = (at = now): Cmd<'WithdrawCancellation'> => ({
    type: 'WithdrawCancellation',
    withdrawnBy: 'u1',
    now: at,
  });

  it('at the end of the period: effective on the next due date', () => {
    given(active)
      .when(request())
      .then([requested('END_OF_PERIOD', '2026-02-28')]);
    expect(
      fold(serviceDecider, [...active, requested('END_OF_PERIOD', '2026-02-28')]).cancellation,
    ).toEqual({ when: 'END_OF_PERIOD', effectiveOn: '2026-02-28' });
  });

  it('immediately: effective today in India, also while suspended and after an end-of-period request', () => {
    const lateEvening = '2026-05-01T19:00:00.000Z';
    given(suspended())
      .when(request({ when: 'IMMEDIATE', now: lateEvening }))
      .then([requested('IMMEDIATE', '2026-05-02', lateEvening)]);
    given([...active, requested('END_OF_PERIOD', '2026-02-28')])
      .when(request({ when: 'IMMEDIATE' }))
      .then([requested('IMMEDIATE', '2026-05-01')]);
  });

  it('refuses the same request twice, an unknown when, a missing reason, and a service not running', () => {
    given([...active, requested('END_OF_PERIOD', '2026-02-28')])
      .when(request())
      .thenRefuses('CONFLICT', /already requested for 2026-02-28/);
    given([...active, requested('IMMEDIATE', '2026-05-01')])
      .when(request({ when: 'IMMEDIATE' }))
      .thenRefuses('CONFLICT', /already requested/);
    given(active)
      .when(request({ when: 'TOMORROW' as 'IMMEDIATE' }))
      .thenRefuses('BAD_USER_INPUT', /^Must be END_OF_PERIOD or IMMEDIATE/);
    given(active)
      .when(request({ reason: '' }))
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given([created()])
      .when(request())
      .thenRefuses('CONFLICT', /pending/);
    given(terminated)
      .when(request())
      .thenRefuses('CONFLICT', /terminated/);
    given([]).when(request()).thenRefuses('NOT_FOUND');
  });

  it('an end-of-period request is withdrawn before it takes effect', () => {
    const history = [...active, requested('END_OF_PERIOD', '2026-02-28')];
    const before = '2026-02-27T18:29:59.000Z'; // 23:59:59 on 27 Feb in India
    given(history)
      .when(withdraw(before))
      .then([
        {
          type: 'ServiceCancellationWithdrawn',
          data: { ...ids, withdrawnBy: 'u1', withdrawnAt: before },
        },
      ]);
    const withdrawn: ServiceEvent = {
      type: 'ServiceCancellationWithdrawn',
      data: { ...ids, withdrawnBy: 'u1', withdrawnAt: before },
    };
    expect(fold(serviceDecider, [...history, withdrawn]).cancellation).toBeNull();
  });

  it('refuses once it took effect, an immediate one, none requested, and a service no longer running', () => {
    const history = [...active, requested('END_OF_PERIOD', '2026-02-28')];
    given(history)
      .when(withdraw('2026-02-27T18:30:00.000Z'))
      .thenRefuses('CONFLICT', /took effect on 2026-02-28/);
    given([...active, requested('IMMEDIATE', '2026-05-01')])
      .when(withdraw())
      .thenRefuses('CONFLICT', /immediate cancellation cannot be withdrawn/);
    given(active)
      .when(withdraw())
      .thenRefuses('CONFLICT', /No cancellation is requested/);
    given([...history, terminated.at(-1)!])
      .when(withdraw('2026-02-01T00:00:00.000Z'))
      .thenRefuses('CONFLICT', /This service is terminated/);
    given([]).when(withdraw()).thenRefuses('NOT_FOUND');
  });
});

describe('CancelService', () => {
  const cancel = (over: Partial<Cmd<'CancelService'>> = {}): Cmd<'CancelService'> => ({
    type: 'CancelService',
    reason: 'out of stock',
    cancelledBy: 'staff-1',
    creditToWallet: true,
    now,
    ...over,
  });
  it('a service that never ran ends CANCELLED, naming where it came from', () => {
    given([created()])
      .when(cancel())
      .then([cancelled.at(-1)!]);
    given(failedNeedsAttention)
      .when(cancel({ creditToWallet: false, cancelledBy: null }))
      .then([
        {
          type: 'ServiceCancelled',
          data: {
            ...ids,
            customerId: 'c1',
            origin,
            reason: 'out of stock',
            cancelledBy: null,
            creditToWallet: false,
            cancelledAt: now,
          },
        },
      ]);
    expect(fold(serviceDecider, cancelled).status).toBe('CANCELLED');
  });
  it('refuses while a deploy runs, twice, once provisioned, and without a reason', () => {
    given(deploying)
      .when(cancel())
      .thenRefuses('CONFLICT', /A deploy of this service is running/);
    given(cancelled)
      .when(cancel())
      .thenRefuses('CONFLICT', /already cancelled/);
    given(active)
      .when(cancel())
      .thenRefuses('CONFLICT', /terminate it instead/);
    given(terminated)
      .when(cancel())
      .thenRefuses('CONFLICT', /terminate it instead/);
    given([created()])
      .when(cancel({ reason: ' ' }))
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given([]).when(cancel()).thenRefuses('NOT_FOUND');
  });
});

describe('EditServiceDetails', () => {
  const edit = (changes: Cmd<'EditServiceDetails'>['changes']): Cmd<'EditServiceDetails'> => ({
    type: 'EditServiceDetails',
    changes,
    editedBy: 'staff-1',
    now,
  });
  const edited = (changes: Cmd<'EditServiceDetails'>['changes']): ServiceEvent => ({
    type: 'ServiceDetailsEdited',
    data: { ...ids, changes, editedBy: 'staff-1', editedAt: now },
  });

  it('records only the fields that changed', () => {
    given(manualActive)
      .when(
        edit({
          hostname: 'WEB1.example.com',
          ipAddresses: ['203.0.113.7', '2001:DB8::1'],
          notes: 'rack 4',
          ssh: { ...ssh, port: 2222 },
          controlPanel: panel,
        }),
      )
      .then([edited({ ipAddresses: ['203.0.113.7', '2001:db8::1'], ssh: { ...ssh, port: 2222 } })]);
    given(manualActive)
      .when(edit({ hostname: 'web2.example.com', notes: ' moved ', controlPanel: null }))
      .then([edited({ hostname: 'web2.example.com', notes: 'moved', controlPanel: null })]);
    given(active)
      .when(edit({ controlPanel: panel, ssh: { ...ssh, username: 'admin' } }))
      .then([edited({ ssh: { ...ssh, username: 'admin' }, controlPanel: panel })]);
  });

  it('each field of the credentials counts', () => {
    const hist = [...manualActive];
    given(hist)
      .when(edit({ ssh: { ...ssh, passwordSealed: 'v1.other' } }))
      .then([edited({ ssh: { ...ssh, passwordSealed: 'v1.other' } })]);
    for (const change of [
      { url: 'https://web1.example.com:8443' },
      { username: 'root' },
      { passwordSealed: 'v1.other' },
    ])
      given(hist)
        .when(edit({ controlPanel: { ...panel, ...change } }))
        .then([edited({ controlPanel: { ...panel, ...change } })]);
  });

  it('the state follows the edit', () => {
    const state = fold(serviceDecider, [
      ...manualActive,
      edited({ hostname: 'web2.example.com', ipAddresses: ['10.0.0.2'], controlPanel: null }),
    ]);
    expect(state).toMatchObject({
      hostname: 'web2.example.com',
      ipAddresses: ['10.0.0.2'],
      controlPanel: null,
      notes: 'rack 4',
      ssh,
    });
  });

  it('no change is no event', () => {
    given(manualActive).when(edit({})).then([]);
    given(manualActive)
      .when(
        edit({
          hostname: 'web1.example.com',
          ipAddresses: ['203.0.113.7'],
          notes: ' rack 4',
          ssh,
          controlPanel: panel,
        }),
      )
      .then([]);
    given(active)
      .when(edit({ controlPanel: null }))
      .then([]);
  });

  it('a PENDING service’s hostname may change before it is provisioned', () => {
    given([created()])
      .when(edit({ hostname: 'db1.example.com' }))
      .then([edited({ hostname: 'db1.example.com' })]);
  });

  it('refuses a terminated or cancelled service and bad fields', () => {
    given(terminated)
      .when(edit({ notes: 'x' }))
      .thenRefuses('CONFLICT', /terminated/);
    given(cancelled)
      .when(edit({ notes: 'x' }))
      .thenRefuses('CONFLICT', /cancelled/);
    given(manualActive)
      .when(edit({ hostname: 'a..b' }))
      .thenRefuses('BAD_USER_INPUT', /\(hostname\)/);
    given(manualActive)
      .when(edit({ ipAddresses: ['1.2.3.999'] }))
      .thenRefuses('BAD_USER_INPUT', /\(ipAddresses\.0\)/);
    given(manualActive)
      .when(edit({ notes: 'x'.repeat(2001) }))
      .thenRefuses('BAD_USER_INPUT', /\(notes\)/);
    given(manualActive)
      .when(edit({ ssh: { ...ssh, username: '' } }))
      .thenRefuses('BAD_USER_INPUT', /\(ssh\.username\)/);
    given(manualActive)
      .when(edit({ controlPanel: { ...panel, url: 'x' } }))
      .thenRefuses('BAD_USER_INPUT', /\(controlPanel\.url\)/);
    given([])
      .when(edit({ notes: 'x' }))
      .thenRefuses('NOT_FOUND');
  });
});

describe('ChangeDueDate', () => {
  const change = (over: Partial<Cmd<'ChangeDueDate'>> = {}): Cmd<'ChangeDueDate'> => ({
    type: 'ChangeDueDate',
    to: '2026-03-15',
    reason: ' goodwill ',
    changedBy: 'staff-1',
    now,
    ...over,
  });
  const changed: ServiceEvent = {
    type: 'ServiceDueDateChanged',
    data: {
      ...ids,
      from: '2026-02-28',
      to: '2026-03-15',
      reason: 'goodwill',
      changedBy: 'staff-1',
      changedAt: now,
    },
  };
  it('moves the next due date with a reason; later dates follow its day', () => {
    given(active).when(change()).then([changed]);
    given([created()]).when(change()).then([changed]);
    expect(fold(serviceDecider, [...active, changed])).toMatchObject({
      nextDueDate: '2026-03-15',
      anchorDay: 15,
    });
  });
  it('refuses a bad date, no reason, the same date, and a service that ended', () => {
    given(active)
      .when(change({ to: '2026-02-30' }))
      .thenRefuses('BAD_USER_INPUT', /\(to\)/);
    given(active)
      .when(change({ reason: '' }))
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given(active)
      .when(change({ to: '2026-02-28' }))
      .thenRefuses('BAD_USER_INPUT', /^The next due date is already 2026-02-28/);
    given(terminated)
      .when(change())
      .thenRefuses('CONFLICT', /terminated/);
    given(cancelled)
      .when(change())
      .thenRefuses('CONFLICT', /cancelled/);
    given([]).when(change()).thenRefuses('NOT_FOUND');
  });
});

describe('the state', () => {
  it('follows a deploy: attempts, job, error, retry time', () => {
    const s = fold(serviceDecider, [
      ...deploying,
      accepted(1),
      failed(1, '2026-05-01T10:01:00.000Z'),
    ]);
    expect(s).toMatchObject({
      status: 'PROVISIONING_FAILED',
      attempt: 1,
      vmId: 'vm-1',
      job: { attempt: 1, vmId: 'vm-1', jobId: 'job-1' },
      lastError: error,
      retryAt: '2026-05-01T10:01:00.000Z',
      module: 'CLOUDSTACK',
    });
    const retried = fold(serviceDecider, [...deploying, accepted(1), failed(1, 'x'), started(2)]);
    expect(retried).toMatchObject({
      status: 'PROVISIONING',
      attempt: 2,
      retryAt: null,
      lastError: error,
    });
    expect(fold(serviceDecider, active)).toMatchObject({
      status: 'ACTIVE',
      ipAddresses: ['203.0.113.7'],
      ssh,
      controlPanel: null,
      retryAt: null,
    });
  });

  it('keeps what was sold and the due dates', () => {
    expect(fold(serviceDecider, [created()])).toEqual({
      ...initialService,
      status: 'PENDING',
      tenantId: T,
      serviceId: S,
      customerId: 'c1',
      origin,
      planId: 'plan-vps',
      planName: 'VPS Pro',
      planKind: 'VPS',
      cycle: 'MONTHLY',
      addons: [{ addonId: 'addon-cpanel', name: 'cPanel/WHM', quantity: 1, recurring: true }],
      dataCentreId: 'dc-mum',
      dataCentreName: 'Mumbai',
      operatingSystemId: 'os-ubuntu',
      operatingSystemName: 'Ubuntu 24.04',
      module: 'MANUAL',
      hostname: 'web1.example.com',
      hasControlPanel: true,
      periodStart: '2026-01-31',
      nextDueDate: '2026-02-28',
      anchorDay: 31,
      months: 1,
      recurringAmount: '1683.56',
      // Created before renewals: one PLAN line of the recurring amount.
      recurringLines: [
        {
          description: 'VPS Pro (monthly)',
          sac: '998315',
          quantity: '1',
          unitPrice: '1683.56',
          source: { kind: 'PLAN', refId: 'plan-vps' },
        },
      ],
    });
  });

  it('reveals, actions and reverts change nothing but the history', () => {
    const s = fold(serviceDecider, active);
    for (const e of [
      {
        type: 'ServiceCredentialsRevealed',
        data: { ...ids, revealedBy: 'u', as: 'STAFF', impersonatedBy: null, revealedAt: now },
      },
      {
        type: 'ServiceActionPerformed',
        data: { ...ids, action: 'REBOOT', performedBy: 'u', performedAt: now },
      },
      {
        type: 'ServiceSnapshotReverted',
        data: { ...ids, snapshotId: 's', revertedBy: 'u', revertedAt: now },
      },
      { type: 'SomethingNew', data: {} },
    ] as ServiceEvent[])
      expect(serviceDecider.evolve(s, e)).toBe(s);
  });

  it('an unknown command is a bug', () => {
    expect(() =>
      serviceDecider.decide({ type: 'Explode' } as unknown as ServiceCommand, initialService),
    ).toThrow(/unknown service command Explode/);
  });
});

describe('more refusals and repeats', () => {
  const accept = (
    over: Partial<Cmd<'AcceptProvisioningJob'>> = {},
  ): Cmd<'AcceptProvisioningJob'> => ({
    type: 'AcceptProvisioningJob',
    attempt: 1,
    vmId: 'vm-1',
    jobId: 'job-1',
    now,
    ...over,
  });

  it('a recurring amount in fractions of paise is refused with money’s own words', () => {
    given([])
      .when(create({ recurringAmount: '12.345' }))
      .thenRefuses('BAD_USER_INPUT', /^The recurringAmount has 3 decimals/);
  });

  it('a later attempt resuming the same machine and job is recorded again', () => {
    given([...deploying, accepted(1), failed(1, 'x'), started(2)])
      .when(accept({ attempt: 2 }))
      .then([accepted(2)]);
  });

  it('a machine id that is not a string is refused', () => {
    given(deploying)
      .when(accept({ vmId: null as unknown as string }))
      .thenRefuses('BAD_USER_INPUT', /^Give the machine id/);
    given(deploying)
      .when({
        type: 'RecordProvisioned',
        attempt: 1,
        vmId: undefined as unknown as string,
        ipAddresses: ['203.0.113.7'],
        username: 'root',
        sshPort: 22,
        passwordSealed: null,
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(vmId\)/);
  });

  it('a sealed password or snapshot id that is not a string is refused', () => {
    given(active)
      .when({
        type: 'ResetPassword',
        passwordSealed: null as unknown as string,
        resetBy: 'u1',
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(passwordSealed\)/);
    given(active)
      .when({
        type: 'CreateSnapshot',
        snapshotId: undefined as unknown as string,
        name: 'n',
        createdBy: 'u1',
        now,
      })
      .thenRefuses('BAD_USER_INPUT', /\(snapshotId\)/);
  });

  it('a suspended server’s refusals say what is locked', () => {
    const locked = (command: ServiceCommand, what: string) =>
      given(suspended())
        .when(command)
        .thenRefuses('CONFLICT', new RegExp(`^This service is suspended: ${what} is locked`));
    locked(
      { type: 'ResetPassword', passwordSealed: 'v1.x', resetBy: 'u1', now },
      'a password reset',
    );
    locked(
      { type: 'CreateSnapshot', snapshotId: 's', name: 'n', createdBy: 'u1', now },
      'a snapshot',
    );
    locked(
      { type: 'RevertSnapshot', snapshotId: 's', revertedBy: 'u1', now },
      'reverting to a snapshot',
    );
    locked(
      { type: 'DeleteSnapshot', snapshotId: 's', deletedBy: 'u1', now },
      'deleting a snapshot',
    );
  });

  it('an end-of-period cancellation is withdrawn while suspended too', () => {
    const requested: ServiceEvent = {
      type: 'ServiceCancellationRequested',
      data: {
        ...ids,
        when: 'END_OF_PERIOD',
        reason: 'moving',
        requestedBy: 'u1',
        effectiveOn: '2026-02-28',
        requestedAt: now,
      },
    };
    const at = '2026-02-01T00:00:00.000Z';
    given([...suspended(), requested])
      .when({ type: 'WithdrawCancellation', withdrawnBy: 'u1', now: at })
      .then([
        {
          type: 'ServiceCancellationWithdrawn',
          data: { ...ids, withdrawnBy: 'u1', withdrawnAt: at },
        },
      ]);
  });

  const edit = (changes: Cmd<'EditServiceDetails'>['changes']): Cmd<'EditServiceDetails'> => ({
    type: 'EditServiceDetails',
    changes,
    editedBy: 'staff-1',
    now,
  });
  const edited = (changes: Cmd<'EditServiceDetails'>['changes']): ServiceEvent => ({
    type: 'ServiceDetailsEdited',
    data: { ...ids, changes, editedBy: 'staff-1', editedAt: now },
  });

  it('a PENDING service (no login yet) takes SSH and control-panel details', () => {
    given([created()])
      .when(edit({ ssh }))
      .then([edited({ ssh })]);
    given([created()])
      .when(edit({ controlPanel: panel }))
      .then([edited({ controlPanel: panel })]);
  });

  it('the order of the addresses counts (the first is the primary), and so does their number', () => {
    const two = [...manualActive, edited({ ipAddresses: ['10.0.0.1', '10.0.0.2'] })];
    given(two)
      .when(edit({ ipAddresses: ['10.0.0.2', '10.0.0.1'] }))
      .then([edited({ ipAddresses: ['10.0.0.2', '10.0.0.1'] })]);
    given(two)
      .when(edit({ ipAddresses: ['10.0.0.1'] }))
      .then([edited({ ipAddresses: ['10.0.0.1'] })]);
    given(two)
      .when(edit({ ipAddresses: ['10.0.0.1', '10.0.0.3'] }))
      .then([edited({ ipAddresses: ['10.0.0.1', '10.0.0.3'] })]);
    given(two)
      .when(edit({ ipAddresses: ['10.0.0.1', '10.0.0.2'] }))
      .then([]);
  });

  it('starts empty', () => {
    expect(initialService).toEqual({
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
    });
  });

  it('lives in service-<id>; the settings in provisioning-<tenant>', () => {
    expect(serviceStreamId('s1')).toBe('service-s1');
    expect(provisioningSettingsStreamId('t1')).toBe('provisioning-t1');
  });
});
