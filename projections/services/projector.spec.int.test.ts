import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../server/testing/db.ts';
import { createProjectionSchema, ensureReaderRole } from '../shared/schema.ts';
import {
  provisioningSettingsEventTypes,
  provisioningSettingsStreamId,
  serviceEventTypes,
  serviceStreamId,
  type ProvisioningSettingsEvent,
  type ServiceEvent,
} from '../../domain/services/events.ts';
import {
  endProjectorSpecs,
  projectorSpec,
  recordedEvents,
  SPEC_TENANT,
  type GivenEvent,
} from '../shared/testing/projector-spec.ts';
import { servicesProjector } from './projector.ts';

/**
 * The services read model from a service's events, written as the service decider writes them
 * (domain/services/events.ts). Each `given` is applied twice (projector-spec.ts), so every case
 * also checks the revision guard.
 */
afterAll(endProjectorSpecs);

const SERVICE = '11111111-1111-4111-8111-111111111111';
const CUSTOMER = '22222222-2222-4222-8222-222222222222';
const ORDER = '33333333-3333-4333-8333-333333333333';
const INVOICE = '44444444-4444-4444-8444-444444444444';
const STAFF = '55555555-5555-4555-8555-555555555555';
const SEALED = 'v1.aXY.dGFn.c2VjcmV0LXBhc3N3b3Jk';
const CP_SEALED = 'v1.aXY.dGFn.Y3AtcGFzc3dvcmQ';
const at = (minute: number) => `2026-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const base = { tenantId: SPEC_TENANT, serviceId: SERVICE };

type Data<T extends ServiceEvent['type']> = Omit<
  Extract<ServiceEvent, { type: T }>['data'],
  'tenantId' | 'serviceId'
>;
const ev = <T extends ServiceEvent['type']>(type: T, data: Data<T>): GivenEvent => ({
  type,
  data: { ...base, ...data },
  streamId: serviceStreamId(SERVICE),
});

const created = ev('ServiceCreated', {
  customerId: CUSTOMER,
  origin: { kind: 'ORDER', orderId: ORDER, itemNo: 1, invoiceId: INVOICE },
  planId: 'plan-vps',
  planName: 'VPS 2',
  planKind: 'VPS',
  cycle: 'MONTHLY',
  months: 1,
  recurringAmount: '1299.00',
  addons: [{ addonId: 'addon-cpanel', name: 'cPanel', quantity: 1, recurring: true }],
  dataCentreId: 'dc-mum',
  dataCentreName: 'Mumbai',
  operatingSystemId: 'os-ubuntu',
  operatingSystemName: 'Ubuntu 24.04',
  hostname: 'web.example.com',
  module: 'CLOUDSTACK',
  hasControlPanel: true,
  periodStart: '2026-05-01',
  nextDueDate: '2026-06-01',
  anchorDay: 1,
  createdAt: at(0),
});
const started = (attempt: number, startedBy: string | null = null) =>
  ev('ProvisioningStarted', { attempt, startedBy, startedAt: at(attempt) });
const accepted = ev('ProvisioningJobAccepted', {
  attempt: 1,
  vmId: 'vm-1',
  jobId: 'job-1',
  acceptedAt: at(1),
});
const failed = (attempt: number, retryAt: string | null) =>
  ev('ProvisioningFailed', {
    attempt,
    error: { code: 'CAPACITY', message: 'no host has capacity', retryable: retryAt !== null },
    retryAt,
    failedAt: at(attempt + 1),
  });
const provisioned = ev('ServiceProvisioned', {
  customerId: CUSTOMER,
  by: 'MODULE',
  provisionedBy: null,
  vmId: 'vm-1',
  hostname: 'web.example.com',
  ipAddresses: ['203.0.113.10', '2001:db8::10'],
  ssh: { username: 'root', port: 22, passwordSealed: SEALED },
  controlPanel: { url: 'https://203.0.113.10:2083', username: 'web', passwordSealed: CP_SEALED },
  notes: 'rack 4',
  sendEmail: true,
  provisionedAt: at(5),
});
const running = [created, started(1), accepted, provisioned];

type Spec = ReturnType<ReturnType<typeof projectorSpec>['given']>;
/** The service's history, every line: its summary and who acted (null: the platform). */
const thenHistory = (spec: Spec, lines: [summary: string, actor?: string | null][]) =>
  spec.thenRows(
    'service_history',
    lines.map(([summary, actor]) => ({ summary, actor_id: actor ?? null })),
  );
const CREATED =
  'Ordered: VPS 2, monthly at ₹1,299.00 before tax, host web.example.com in Mumbai with Ubuntu 24.04; next due 2026-06-01';
const RUNNING: [string][] = [
  [CREATED],
  ['Provisioning started'],
  ['The provisioning module accepted the deploy (attempt 1, machine vm-1)'],
  ['Provisioned by the module: web.example.com at 203.0.113.10, 2001:db8::10; welcome mail sent'],
];
const day = (ymd: string) => `${ymd}T00:00:00.000Z`;

describe('services projector', () => {
  it('a created service is PENDING with everything the order sold; nothing provisioned yet', async () => {
    await projectorSpec(servicesProjector)
      .given([created])
      .thenRows('services', [
        {
          id: SERVICE,
          tenant_id: SPEC_TENANT,
          customer_id: CUSTOMER,
          status: 'PENDING',
          origin: 'ORDER',
          order_id: ORDER,
          item_no: 1,
          invoice_id: INVOICE,
          plan_id: 'plan-vps',
          plan_name: 'VPS 2',
          plan_kind: 'VPS',
          cycle: 'MONTHLY',
          recurring_amount: '1299.00',
          addons: [{ addonId: 'addon-cpanel', name: 'cPanel', quantity: 1, recurring: true }],
          data_centre_name: 'Mumbai',
          operating_system_name: 'Ubuntu 24.04',
          hostname: 'web.example.com',
          ip_addresses: [],
          module: 'CLOUDSTACK',
          has_control_panel: true,
          ssh_username: null,
          attempts: 0,
          needs_attention: false,
          anchor_day: 1,
          created_at: at(0),
          revision: '0',
        },
      ]);
  });

  it('a deploy: started, job accepted, provisioned: ACTIVE with logins but no password anywhere', async () => {
    const spec = projectorSpec(servicesProjector).given(running);
    await spec.thenRows('services', [
      {
        status: 'ACTIVE',
        attempts: 1,
        vm_id: 'vm-1',
        job_id: 'job-1',
        ip_addresses: ['203.0.113.10', '2001:db8::10'],
        ssh_username: 'root',
        ssh_port: 22,
        control_panel_url: 'https://203.0.113.10:2083',
        control_panel_username: 'web',
        notes: 'rack 4',
        provisioned_at: at(5),
        last_error: null,
        retry_at: null,
        revision: '3',
      },
    ]);
    await spec.thenRows('service_history', [
      { type: 'ServiceCreated' },
      { type: 'ProvisioningStarted' },
      { type: 'ProvisioningJobAccepted' },
      { type: 'ServiceProvisioned' },
    ]);
    await thenHistory(spec, RUNNING);
  });

  it('a failure keeps its error and retry time; the last one (no retry) needs attention; a staff retry clears it', async () => {
    const retrying = projectorSpec(servicesProjector).given([
      created,
      started(1),
      failed(1, at(3)),
    ]);
    await retrying.thenRows('services', [
      {
        status: 'PROVISIONING_FAILED',
        attempts: 1,
        last_error: { code: 'CAPACITY', message: 'no host has capacity', retryable: true },
        retry_at: at(3),
        needs_attention: false,
      },
    ]);
    const stuck = [created, started(1), failed(1, at(3)), started(2), failed(2, null)];
    const attention = projectorSpec(servicesProjector).given(stuck);
    await attention.thenRows('services', [
      { status: 'PROVISIONING_FAILED', attempts: 2, retry_at: null, needs_attention: true },
    ]);
    await thenHistory(attention, [
      [CREATED],
      ['Provisioning started'],
      [
        `Provisioning failed (attempt 1): no host has capacity [CAPACITY]; the next try is due at ${at(3)}`,
      ],
      ['Provisioning retried (attempt 2)'],
      [
        'Provisioning failed (attempt 2): no host has capacity [CAPACITY]; needs attention (retry, provision by hand or cancel)',
      ],
    ]);
    await projectorSpec(servicesProjector)
      .given([...stuck, started(3, STAFF)])
      .thenRows('services', [
        { status: 'PROVISIONING', attempts: 3, retry_at: null, needs_attention: false },
      ]);
  });

  it('provisioned by hand from a failure, by staff: the actor is named in the history', async () => {
    const byHand = ev('ServiceProvisioned', {
      customerId: CUSTOMER,
      by: 'STAFF',
      provisionedBy: STAFF,
      vmId: null,
      hostname: 'web2.example.com',
      ipAddresses: ['198.51.100.7'],
      ssh: { username: 'admin', port: 2222, passwordSealed: SEALED },
      controlPanel: null,
      notes: '',
      sendEmail: false,
      provisionedAt: at(9),
    });
    const spec = projectorSpec(servicesProjector).given([
      created,
      started(1),
      failed(1, null),
      byHand,
    ]);
    await spec.thenRows('services', [
      {
        status: 'ACTIVE',
        hostname: 'web2.example.com',
        ssh_username: 'admin',
        ssh_port: 2222,
        control_panel_url: null,
        last_error: null,
        needs_attention: false,
      },
    ]);
    await thenHistory(spec, [
      [CREATED],
      ['Provisioning started'],
      [
        'Provisioning failed (attempt 1): no host has capacity [CAPACITY]; needs attention (retry, provision by hand or cancel)',
      ],
      ['Provisioned by hand: web2.example.com at 198.51.100.7', STAFF],
    ]);
  });

  it('reveals, actions and a password reset are history lines only; the reveal names the admin acting as the customer', async () => {
    const spec = projectorSpec(servicesProjector).given([
      ...running,
      ev('ServiceCredentialsRevealed', {
        revealedBy: CUSTOMER,
        as: 'CUSTOMER',
        impersonatedBy: STAFF,
        revealedAt: at(10),
      }),
      ev('ServiceActionPerformed', {
        action: 'REBOOT',
        performedBy: CUSTOMER,
        performedAt: at(11),
      }),
      ev('ServicePasswordReset', { passwordSealed: SEALED, resetBy: CUSTOMER, resetAt: at(12) }),
    ]);
    await spec.thenRows('services', [{ status: 'ACTIVE', revision: '6', power_state: 'RUNNING' }]);
    await thenHistory(spec, [
      ...RUNNING,
      ['Credentials revealed', CUSTOMER],
      ['Server rebooted', CUSTOMER],
      ['Server password reset', CUSTOMER],
    ]);
    await spec.thenRows('service_history', [
      ...RUNNING.map(() => ({ type: expect.any(String), impersonator_id: null })),
      { type: 'ServiceCredentialsRevealed', impersonator_id: STAFF },
      { type: 'ServiceActionPerformed', impersonator_id: null },
      { type: 'ServicePasswordReset', impersonator_id: null },
    ]);
  });

  it('power state: as the module last confirmed it (stop, start, suspension, termination)', async () => {
    const act = (action: 'START' | 'STOP' | 'REBOOT', minute: number) =>
      ev('ServiceActionPerformed', { action, performedBy: CUSTOMER, performedAt: at(minute) });
    const power = async (events: GivenEvent[], expected: string | null) =>
      projectorSpec(servicesProjector)
        .given([...running, ...events])
        .thenRows('services', [{ power_state: expected }]);
    await power([], 'RUNNING');
    await power([act('STOP', 11)], 'STOPPED');
    await power([act('STOP', 11), act('START', 12)], 'RUNNING');
    await power([act('STOP', 11), act('REBOOT', 12)], 'RUNNING');
    await power(
      [
        ev('ServiceSuspended', {
          kind: 'STAFF',
          reason: 'abuse',
          suspendedBy: STAFF,
          suspendedAt: at(11),
        }),
      ],
      'STOPPED',
    );
    await power(
      [
        ev('ServiceSuspended', {
          kind: 'STAFF',
          reason: 'abuse',
          suspendedBy: STAFF,
          suspendedAt: at(11),
        }),
        ev('ServiceUnsuspended', {
          reason: 'cleared',
          unsuspendedBy: STAFF,
          unsuspendedAt: at(12),
        }),
      ],
      'RUNNING',
    );
    await power(
      [
        ev('ServiceTerminated', {
          reason: 'gone',
          terminatedBy: STAFF,
          finalSnapshotId: null,
          terminatedAt: at(12),
        }),
      ],
      null,
    );
  });

  it('snapshots: taken, reverted to, deleted (kept out of the live list), named in the history', async () => {
    const snap = (type: 'ServiceSnapshotReverted' | 'ServiceSnapshotDeleted', minute: number) =>
      type === 'ServiceSnapshotReverted'
        ? ev(type, { snapshotId: 'snap-1', revertedBy: CUSTOMER, revertedAt: at(minute) })
        : ev(type, { snapshotId: 'snap-1', deletedBy: CUSTOMER, deletedAt: at(minute) });
    const taken = [
      ...running,
      ev('ServiceSnapshotCreated', {
        snapshotId: 'snap-1',
        name: 'before upgrade',
        createdBy: CUSTOMER,
        createdAt: at(20),
      }),
      ev('ServiceSnapshotCreated', {
        snapshotId: 'snap-2',
        name: 'nightly',
        createdBy: CUSTOMER,
        createdAt: at(21),
      }),
      snap('ServiceSnapshotReverted', 22),
    ];
    await projectorSpec(servicesProjector)
      .given(taken)
      .thenRows('service_snapshots', [
        { snapshot_id: 'snap-1', name: 'before upgrade', reverted_at: at(22), deleted_at: null },
        { snapshot_id: 'snap-2', name: 'nightly', reverted_at: null, deleted_at: null },
      ]);
    const spec = projectorSpec(servicesProjector).given([
      ...taken,
      snap('ServiceSnapshotDeleted', 23),
    ]);
    await spec.thenRows('service_snapshots', [
      { snapshot_id: 'snap-1', deleted_at: at(23) },
      { snapshot_id: 'snap-2', deleted_at: null },
    ]);
    await thenHistory(spec, [
      ...RUNNING,
      ['Snapshot “before upgrade” taken', CUSTOMER],
      ['Snapshot “nightly” taken', CUSTOMER],
      ['Reverted to snapshot “before upgrade”', CUSTOMER],
      ['Snapshot “before upgrade” deleted', CUSTOMER],
    ]);
  });

  it('suspended for non-payment, unsuspended, then terminated with a final snapshot', async () => {
    const suspended = [
      ...running,
      ev('ServiceSuspended', {
        kind: 'NON_PAYMENT',
        reason: 'invoice overdue',
        suspendedBy: null,
        suspendedAt: at(30),
      }),
    ];
    await projectorSpec(servicesProjector)
      .given(suspended)
      .thenRows('services', [
        {
          status: 'SUSPENDED',
          suspension: 'NON_PAYMENT',
          suspend_reason: 'invoice overdue',
          suspended_at: at(30),
        },
      ]);
    const back = [
      ...suspended,
      ev('ServiceUnsuspended', { reason: 'paid', unsuspendedBy: STAFF, unsuspendedAt: at(31) }),
    ];
    await projectorSpec(servicesProjector)
      .given(back)
      .thenRows('services', [{ status: 'ACTIVE', suspension: null, suspend_reason: null }]);
    const spec = projectorSpec(servicesProjector).given([
      ...back,
      ev('ServiceTerminated', {
        reason: 'customer left',
        terminatedBy: STAFF,
        finalSnapshotId: 'snap-final',
        terminatedAt: at(32),
      }),
    ]);
    await spec.thenRows('services', [
      { status: 'TERMINATED', end_reason: 'customer left', terminated_at: at(32) },
    ]);
    await thenHistory(spec, [
      ...RUNNING,
      ['Suspended for non-payment: invoice overdue'],
      ['Unsuspended: paid', STAFF],
      ['Terminated: customer left (a final snapshot was taken first)', STAFF],
    ]);
  });

  it('a cancellation at the end of the period is shown, then withdrawn', async () => {
    const requested = [
      ...running,
      ev('ServiceCancellationRequested', {
        when: 'END_OF_PERIOD',
        reason: 'moving away',
        requestedBy: CUSTOMER,
        effectiveOn: '2026-06-01',
        requestedAt: at(40),
      }),
    ];
    await projectorSpec(servicesProjector)
      .given(requested)
      .thenRows('services', [
        {
          status: 'ACTIVE',
          cancel_when: 'END_OF_PERIOD',
          cancel_reason: 'moving away',
          cancel_effective_on: day('2026-06-01'),
          cancel_requested_at: at(40),
        },
      ]);
    const spec = projectorSpec(servicesProjector).given([
      ...requested,
      ev('ServiceCancellationWithdrawn', { withdrawnBy: CUSTOMER, withdrawnAt: at(41) }),
    ]);
    await spec.thenRows('services', [
      { cancel_when: null, cancel_reason: null, cancel_effective_on: null },
    ]);
    await thenHistory(spec, [
      ...RUNNING,
      ['Cancellation requested at the end of the period (2026-06-01): moving away', CUSTOMER],
      ['Cancellation withdrawn', CUSTOMER],
    ]);
  });

  it('a never-provisioned service cancelled with a credit: CANCELLED, no longer needing attention', async () => {
    const spec = projectorSpec(servicesProjector).given([
      created,
      started(1),
      failed(1, null),
      ev('ServiceCancelled', {
        customerId: CUSTOMER,
        origin: { kind: 'ORDER', orderId: ORDER, itemNo: 1, invoiceId: INVOICE },
        reason: 'no capacity in Mumbai',
        cancelledBy: STAFF,
        creditToWallet: true,
        cancelledAt: at(50),
      }),
    ]);
    await spec.thenRows('services', [
      {
        status: 'CANCELLED',
        needs_attention: false,
        end_reason: 'no capacity in Mumbai',
        cancelled_at: at(50),
      },
    ]);
    await thenHistory(spec, [
      [CREATED],
      ['Provisioning started'],
      [
        'Provisioning failed (attempt 1): no host has capacity [CAPACITY]; needs attention (retry, provision by hand or cancel)',
      ],
      [
        'Cancelled before it was provisioned: no capacity in Mumbai; its order lines are credited to the wallet',
        STAFF,
      ],
    ]);
  });

  it('an edit changes only what it names (the history names the fields, never a password); a due date moves with its reason', async () => {
    const spec = projectorSpec(servicesProjector).given([
      ...running,
      ev('ServiceDetailsEdited', {
        changes: {
          ipAddresses: ['203.0.113.99'],
          ssh: { username: 'ubuntu', port: 2200, passwordSealed: SEALED },
          controlPanel: null,
        },
        editedBy: STAFF,
        editedAt: at(55),
      }),
      ev('ServiceDueDateChanged', {
        from: '2026-06-01',
        to: '2026-06-15',
        reason: 'goodwill',
        changedBy: STAFF,
        changedAt: at(56),
      }),
    ]);
    await spec.thenRows('services', [
      {
        hostname: 'web.example.com',
        notes: 'rack 4',
        ip_addresses: ['203.0.113.99'],
        ssh_username: 'ubuntu',
        ssh_port: 2200,
        control_panel_url: null,
        control_panel_username: null,
        next_due_date: day('2026-06-15'),
        anchor_day: 15,
      },
    ]);
    await thenHistory(spec, [
      ...RUNNING,
      ['Details edited: IP addresses, SSH access, control panel access', STAFF],
      ['Next due date changed from 2026-06-01 to 2026-06-15: goodwill', STAFF],
    ]);
  });

  it('an allocation by staff names them on its first line', async () => {
    const allocated: GivenEvent = {
      ...created,
      data: { ...created.data, origin: { kind: 'ALLOCATION', invoiceId: INVOICE } },
      actor: { userId: STAFF, role: 'admin' },
    };
    await projectorSpec(servicesProjector)
      .given([allocated])
      .thenRows('services', [{ origin: 'ALLOCATION', order_id: null, item_no: null }]);
    await projectorSpec(servicesProjector)
      .given([allocated])
      .thenRows('service_history', [
        {
          summary:
            'Allocated by hand (with its paid invoice): VPS 2, monthly at ₹1,299.00 before tax, host web.example.com in Mumbai with Ubuntu 24.04; next due 2026-06-01',
          actor_id: STAFF,
        },
      ]);
    // Allocated without a data centre or operating system: the line leaves them out.
    await projectorSpec(servicesProjector)
      .given([
        {
          ...allocated,
          data: {
            ...allocated.data,
            dataCentreId: null,
            dataCentreName: '',
            operatingSystemId: null,
            operatingSystemName: '',
          },
        },
      ])
      .thenRows('service_history', [
        {
          summary:
            'Allocated by hand (with its paid invoice): VPS 2, monthly at ₹1,299.00 before tax, host web.example.com; next due 2026-06-01',
        },
      ]);
  });

  it('provisioning settings: the endpoint and key (never the sealed secret), the mapping, the policy, removal', async () => {
    const sev = <T extends ProvisioningSettingsEvent['type']>(
      type: T,
      data: Omit<Extract<ProvisioningSettingsEvent, { type: T }>['data'], 'tenantId'>,
    ): GivenEvent => ({
      type,
      data: { tenantId: SPEC_TENANT, ...data },
      streamId: provisioningSettingsStreamId(SPEC_TENANT),
    });
    const configured = [
      sev('CloudStackConfigured', {
        apiUrl: 'https://cloud.example.com/client/api',
        apiKey: 'key-1',
        secretKeySealed: 'v1.sealed.secret.KEY',
        configuredBy: STAFF,
        configuredAt: at(0),
      }),
      sev('CloudStackMappingSet', {
        zones: { 'dc-mum': 'zone-1' },
        offerings: { 'plan-vps': 'off-1' },
        templates: { 'os-ubuntu': 'tpl-1' },
        setBy: STAFF,
        setAt: at(1),
      }),
      sev('TerminationPolicySet', { finalSnapshot: true, setBy: STAFF, setAt: at(2) }),
    ];
    const spec = projectorSpec(servicesProjector).given(configured);
    await spec.thenRows('provisioning_settings', [
      {
        tenant_id: SPEC_TENANT,
        cloudstack_configured: true,
        api_url: 'https://cloud.example.com/client/api',
        api_key: 'key-1',
        zones: { 'dc-mum': 'zone-1' },
        offerings: { 'plan-vps': 'off-1' },
        templates: { 'os-ubuntu': 'tpl-1' },
        final_snapshot: true,
        updated_at: at(2),
        revision: '2',
      },
    ]);
    await projectorSpec(servicesProjector)
      .given([...configured, sev('CloudStackRemoved', { removedBy: STAFF, removedAt: at(3) })])
      .thenRows('provisioning_settings', [
        {
          cloudstack_configured: false,
          api_url: null,
          api_key: null,
          offerings: { 'plan-vps': 'off-1' },
          final_snapshot: true,
        },
      ]);
    await projectorSpec(servicesProjector)
      .given([sev('TerminationPolicySet', { finalSnapshot: false, setBy: STAFF, setAt: at(0) })])
      .thenRows('provisioning_settings', [
        { cloudstack_configured: false, final_snapshot: false, zones: {} },
      ]);
  });

  it('handles every event type of both streams, and no column anywhere holds a sealed password', async () => {
    expect([...servicesProjector.handles].sort()).toEqual(
      [...serviceEventTypes, ...provisioningSettingsEventTypes].sort(),
    );
    const events = recordedEvents([
      ...running,
      ev('ServicePasswordReset', { passwordSealed: SEALED, resetBy: CUSTOMER, resetAt: at(12) }),
      ev('ServiceDetailsEdited', {
        changes: {
          ssh: { username: 'root', port: 22, passwordSealed: SEALED },
          controlPanel: { url: 'https://x.example.com', username: 'u', passwordSealed: CP_SEALED },
        },
        editedBy: STAFF,
        editedAt: at(13),
      }),
    ]);
    const sql = postgres(await freshDatabase('spec'), { max: 1, onnotice: () => {} });
    try {
      await ensureReaderRole(sql);
      await createProjectionSchema(sql, servicesProjector, 'spec_no_secrets');
      // Looked at after the deploy and again after the reset and the edit (which rewrite the logins).
      for (const batch of [events.slice(0, running.length), events.slice(running.length)]) {
        await sql.begin(async (tx) => {
          await tx.unsafe('set local search_path to spec_no_secrets');
          await servicesProjector.apply(tx, batch);
        });
        for (const { name } of servicesProjector.tables) {
          const rows = await sql.unsafe(
            `select row_to_json(t)::text as j from spec_no_secrets.${name} t`,
          );
          const dump = rows.map((r) => r.j as string).join('\n');
          if (name === 'services' || name === 'service_history')
            expect(dump, `${name} rows`).toContain(SERVICE);
          expect(dump, name).not.toContain(SEALED);
          expect(dump, name).not.toContain(CP_SEALED);
          expect(dump, name).not.toMatch(/v1\.[A-Za-z0-9_-]+\./);
        }
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
