import type { PendingQuery, Row, TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import {
  provisioningSettingsEventTypes,
  serviceEventTypes,
  type ProvisioningSettingsEvent,
  type ServiceEvent,
} from '../../domain/services/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';
import { legacyRecurringLines } from '../../domain/services/renewal-lines.ts';
import { historyLine } from './history.ts';

type Of<T extends ServiceEvent['type']> = Extract<ServiceEvent, { type: T }>['data'];

/**
 * Services (one row per rented server, every column the API's Service shows), their snapshots,
 * their history (a line per event, in words, never a credential) and each tenant's provisioning
 * settings (CloudStack's endpoint and key and the mapping; never the sealed secret).
 *
 * No password is ever copied here: SSH and control-panel logins keep their user, port and URL;
 * the sealed passwords stay in the log, opened only by the reveal command. Every change to a
 * service row (and its snapshots) is guarded by the stream revision of its event, and history
 * lines are keyed by event id, so applying an event twice changes nothing.
 */
export const servicesProjector: Projector = {
  name: 'services',
  version: 2,
  handles: new Set<string>([...serviceEventTypes, ...provisioningSettingsEventTypes]),
  tables: [
    { name: 'services', orderBy: 'id' },
    { name: 'service_snapshots', orderBy: 'service_id, snapshot_id' },
    { name: 'service_history', orderBy: 'service_id, revision' },
    { name: 'service_renewals', orderBy: 'service_id, invoice_id' },
    { name: 'provisioning_settings', orderBy: 'tenant_id' },
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table services (
        id uuid primary key,
        tenant_id text not null,
        customer_id uuid not null,
        status text not null,
        origin text not null,
        order_id uuid,
        item_no int,
        invoice_id uuid not null,
        plan_id text,
        plan_name text not null,
        plan_kind text not null,
        cycle text not null,
        months int not null,
        recurring_amount numeric(18,2) not null,
        addons jsonb not null,
        data_centre_id text,
        data_centre_name text not null,
        operating_system_id text,
        operating_system_name text not null,
        hostname text not null,
        ip_addresses text[] not null default '{}',
        module text not null,
        has_control_panel boolean not null,
        vm_id text,
        job_id text,
        ssh_username text,
        ssh_port int,
        control_panel_url text,
        control_panel_username text,
        notes text not null default '',
        period_start date not null,
        next_due_date date not null,
        anchor_day int not null,
        attempts int not null default 0,
        last_error jsonb,
        retry_at timestamptz,
        needs_attention boolean generated always as
          (status = 'PROVISIONING_FAILED' and retry_at is null) stored,
        power_state text,
        suspension text,
        suspend_reason text,
        suspended_at timestamptz,
        cancel_when text,
        cancel_reason text,
        cancel_effective_on date,
        cancel_requested_at timestamptz,
        end_reason text,
        created_at timestamptz not null,
        provisioned_at timestamptz,
        terminated_at timestamptz,
        cancelled_at timestamptz,
        recurring_lines jsonb not null default '[]',
        pending_plan_change jsonb,
        revision bigint not null
      );
      create index services_by_tenant on services (tenant_id, created_at desc, id);
      create index services_by_customer on services (customer_id, created_at desc);
      create index services_by_status on services (status, retry_at);
      create index services_needing_attention on services (tenant_id) where needs_attention;
      create table service_snapshots (
        service_id uuid not null,
        snapshot_id text not null,
        tenant_id text not null,
        name text not null,
        created_by text not null,
        created_at timestamptz not null,
        reverted_at timestamptz,
        deleted_at timestamptz,
        primary key (service_id, snapshot_id)
      );
      create table service_history (
        event_id uuid primary key,
        service_id uuid not null,
        tenant_id text not null,
        revision bigint not null,
        type text not null,
        summary text not null,
        actor_id text,
        impersonator_id text,
        at timestamptz not null
      );
      create index service_history_by_service on service_history (service_id, revision);
      create table service_renewals (
        service_id uuid not null,
        invoice_id uuid not null,
        tenant_id text not null,
        period_start date not null,
        period_end date not null,
        replaces uuid,
        invoiced_at timestamptz not null,
        primary key (service_id, invoice_id)
      );
      create index service_renewals_by_invoice on service_renewals (invoice_id);
      create table provisioning_settings (
        tenant_id text primary key,
        cloudstack_configured boolean not null default false,
        api_url text,
        api_key text,
        zones jsonb not null default '{}',
        offerings jsonb not null default '{}',
        templates jsonb not null default '{}',
        final_snapshot boolean not null default false,
        updated_by text not null,
        updated_at timestamptz not null,
        revision bigint not null
      );
    `);
    for (const t of [
      'services',
      'service_snapshots',
      'service_history',
      'service_renewals',
      'provisioning_settings',
    ])
      await enableTenantIsolation(tx, t);
  },
  async apply(tx, events) {
    for (const e of events) {
      if (e.streamId.startsWith('provisioning-')) await applySettings(tx, e);
      else await applyService(tx, e);
    }
  },
};

/**
 * `update services set … where id = … and revision < this event's`: once per event. Resolves
 * to whether the row moved (the first time this event is applied), so what hangs off the
 * service (its snapshots) changes only then.
 */
function serviceUpdate(tx: TransactionSql, e: RecordedEvent, serviceId: string) {
  return async (set: PendingQuery<Row[]> | null): Promise<boolean> => {
    const rows = await tx`
      update services set ${set ? tx`${set},` : tx``} revision = ${e.revision.toString()}
      where id = ${serviceId} and revision < ${e.revision.toString()} returning id`;
    return rows.length > 0;
  };
}

async function applyService(tx: TransactionSql, e: RecordedEvent): Promise<void> {
  const event = e as unknown as ServiceEvent;
  const tenantId = e.metadata.tenantId;
  const serviceId = event.data.serviceId;
  const update = serviceUpdate(tx, e, serviceId);
  switch (event.type) {
    case 'ServiceCreated': {
      const d: Of<'ServiceCreated'> = event.data;
      const o = d.origin;
      await tx`
        insert into services (id, tenant_id, customer_id, status, origin, order_id, item_no, invoice_id,
          plan_id, plan_name, plan_kind, cycle, months, recurring_amount, addons, data_centre_id,
          data_centre_name, operating_system_id, operating_system_name, hostname, module,
          has_control_panel, period_start, next_due_date, anchor_day, created_at, recurring_lines, revision)
        values (${d.serviceId}, ${tenantId}, ${d.customerId}, 'PENDING', ${o.kind},
          ${o.kind === 'ORDER' ? o.orderId : null}, ${o.kind === 'ORDER' ? o.itemNo : null}, ${o.invoiceId},
          ${d.planId}, ${d.planName}, ${d.planKind}, ${d.cycle}, ${d.months}, ${d.recurringAmount},
          ${tx.json(d.addons as never)}, ${d.dataCentreId}, ${d.dataCentreName}, ${d.operatingSystemId},
          ${d.operatingSystemName}, ${d.hostname}, ${d.module}, ${d.hasControlPanel}, ${d.periodStart},
          ${d.nextDueDate}, ${d.anchorDay}, ${d.createdAt},
          ${tx.json((d.recurringLines ?? legacyRecurringLines(d)) as never)}, ${e.revision.toString()})
        on conflict (id) do nothing`;
      break;
    }
    case 'ProvisioningStarted': {
      const d: Of<'ProvisioningStarted'> = event.data;
      await update(tx`status = 'PROVISIONING', attempts = ${d.attempt}, retry_at = null`);
      break;
    }
    case 'ProvisioningJobAccepted': {
      const d: Of<'ProvisioningJobAccepted'> = event.data;
      await update(tx`vm_id = ${d.vmId}, job_id = ${d.jobId}`);
      break;
    }
    case 'ProvisioningFailed': {
      const d: Of<'ProvisioningFailed'> = event.data;
      await update(
        tx`status = 'PROVISIONING_FAILED', last_error = ${tx.json(d.error as never)}, retry_at = ${d.retryAt}`,
      );
      break;
    }
    case 'ServiceProvisioned': {
      const d: Of<'ServiceProvisioned'> = event.data;
      await update(tx`status = 'ACTIVE', vm_id = ${d.vmId}, hostname = ${d.hostname},
        ip_addresses = ${d.ipAddresses}::text[], ssh_username = ${d.ssh.username}, ssh_port = ${d.ssh.port},
        control_panel_url = ${d.controlPanel?.url ?? null},
        control_panel_username = ${d.controlPanel?.username ?? null},
        notes = ${d.notes}, last_error = null, retry_at = null, provisioned_at = ${d.provisionedAt},
        power_state = ${d.by === 'MODULE' ? 'RUNNING' : null}`);
      break;
    }
    case 'ServiceActionPerformed': {
      // The power state the module confirmed (START, REBOOT: running; STOP: stopped).
      const d: Of<'ServiceActionPerformed'> = event.data;
      await update(tx`power_state = ${d.action === 'STOP' ? 'STOPPED' : 'RUNNING'}`);
      break;
    }
    case 'ServiceCredentialsRevealed':
    case 'ServicePasswordReset':
      // Only a history line: the new password stays sealed in the log.
      await update(null);
      break;
    case 'ServiceSnapshotCreated': {
      const d: Of<'ServiceSnapshotCreated'> = event.data;
      if (await update(null))
        await tx`
          insert into service_snapshots (service_id, snapshot_id, tenant_id, name, created_by, created_at)
          values (${serviceId}, ${d.snapshotId}, ${tenantId}, ${d.name}, ${d.createdBy}, ${d.createdAt})
          on conflict do nothing`;
      break;
    }
    case 'ServiceSnapshotReverted': {
      const d: Of<'ServiceSnapshotReverted'> = event.data;
      if (await update(null))
        await tx`update service_snapshots set reverted_at = ${d.revertedAt}
          where service_id = ${serviceId} and snapshot_id = ${d.snapshotId}`;
      break;
    }
    case 'ServiceSnapshotDeleted': {
      const d: Of<'ServiceSnapshotDeleted'> = event.data;
      if (await update(null))
        await tx`update service_snapshots set deleted_at = ${d.deletedAt}
          where service_id = ${serviceId} and snapshot_id = ${d.snapshotId}`;
      break;
    }
    case 'ServiceSuspended': {
      const d: Of<'ServiceSuspended'> = event.data;
      await update(tx`status = 'SUSPENDED', suspension = ${d.kind}, suspend_reason = ${d.reason},
        suspended_at = ${d.suspendedAt}, power_state = 'STOPPED'`);
      break;
    }
    case 'ServiceUnsuspended': {
      await update(
        tx`status = 'ACTIVE', suspension = null, suspend_reason = null, suspended_at = null,
          power_state = 'RUNNING'`,
      );
      break;
    }
    case 'ServiceTerminated': {
      const d: Of<'ServiceTerminated'> = event.data;
      await update(tx`status = 'TERMINATED', suspension = null, suspend_reason = null,
        end_reason = ${d.reason}, terminated_at = ${d.terminatedAt}, power_state = null`);
      break;
    }
    case 'ServiceCancellationRequested': {
      const d: Of<'ServiceCancellationRequested'> = event.data;
      await update(tx`cancel_when = ${d.when}, cancel_reason = ${d.reason},
        cancel_effective_on = ${d.effectiveOn}, cancel_requested_at = ${d.requestedAt}`);
      break;
    }
    case 'ServiceCancellationWithdrawn': {
      await update(
        tx`cancel_when = null, cancel_reason = null, cancel_effective_on = null, cancel_requested_at = null`,
      );
      break;
    }
    case 'ServiceCancelled': {
      const d: Of<'ServiceCancelled'> = event.data;
      await update(tx`status = 'CANCELLED', retry_at = null, end_reason = ${d.reason},
        cancelled_at = ${d.cancelledAt}`);
      break;
    }
    case 'ServiceDetailsEdited': {
      const c: Of<'ServiceDetailsEdited'>['changes'] = event.data.changes;
      const sets = [
        c.hostname !== undefined ? tx`hostname = ${c.hostname}` : null,
        c.ipAddresses !== undefined ? tx`ip_addresses = ${c.ipAddresses}::text[]` : null,
        c.notes !== undefined ? tx`notes = ${c.notes}` : null,
        c.ssh !== undefined ? tx`ssh_username = ${c.ssh.username}, ssh_port = ${c.ssh.port}` : null,
        c.controlPanel !== undefined
          ? tx`control_panel_url = ${c.controlPanel?.url ?? null},
              control_panel_username = ${c.controlPanel?.username ?? null}`
          : null,
      ].filter((s) => s !== null);
      await update(sets.length ? sets.reduce((a, s) => tx`${a}, ${s}`) : null);
      break;
    }
    case 'ServiceDueDateChanged': {
      const d: Of<'ServiceDueDateChanged'> = event.data;
      // The billing day moves with it (the decider's anchorDay), so later periods keep the new day.
      await update(tx`next_due_date = ${d.to}, anchor_day = ${Number(d.to.slice(8, 10))}`);
      break;
    }
    case 'RenewalInvoiced': {
      const d: Of<'RenewalInvoiced'> = event.data;
      if (await update(null))
        await tx`
          insert into service_renewals (service_id, invoice_id, tenant_id, period_start, period_end,
            replaces, invoiced_at)
          values (${serviceId}, ${d.invoiceId}, ${tenantId}, ${d.periodStart}, ${d.periodEnd},
            ${d.replaces}, ${d.invoicedAt})
          on conflict do nothing`;
      break;
    }
    case 'ServiceRenewed': {
      const d: Of<'ServiceRenewed'> = event.data;
      await update(tx`period_start = ${d.periodStart}, next_due_date = ${d.nextDueDate}`);
      break;
    }
    case 'ServicePlanChangeRequested': {
      const d: Of<'ServicePlanChangeRequested'> = event.data;
      const pending = {
        id: d.changeId,
        direction: d.direction,
        status: 'AWAITING_PAYMENT',
        fromPlanName: d.fromPlanName,
        toPlanId: d.toPlanId,
        toPlanName: d.toPlanName,
        amount: d.proration.amount,
        description: d.proration.description,
        daysLeft: d.proration.daysLeft,
        daysInPeriod: d.proration.daysInPeriod,
        invoiceId: d.invoiceId,
        creditNoteId: d.creditNoteId,
        requestedAt: d.requestedAt,
      };
      await update(tx`pending_plan_change = ${tx.json(pending as never)}`);
      break;
    }
    case 'ServicePlanChangeAwaitingStaff': {
      const d: Of<'ServicePlanChangeAwaitingStaff'> = event.data;
      await update(tx`pending_plan_change = case when pending_plan_change->>'id' = ${d.changeId}
        then jsonb_set(pending_plan_change, '{status}', '"AWAITING_STAFF"') else pending_plan_change end`);
      break;
    }
    case 'ServicePlanChanged': {
      const d: Of<'ServicePlanChanged'> = event.data;
      await update(tx`plan_id = ${d.planId}, plan_name = ${d.planName},
        recurring_lines = ${tx.json(d.recurringLines as never)}, recurring_amount = ${d.recurringAmount},
        pending_plan_change = null`);
      break;
    }
    case 'ServicePlanChangeCancelled': {
      const d: Of<'ServicePlanChangeCancelled'> = event.data;
      await update(tx`pending_plan_change = case when pending_plan_change->>'id' = ${d.changeId}
        then null else pending_plan_change end`);
      break;
    }
    default: {
      const never: never = event;
      throw new Error(`services projector: unknown event ${(never as { type: string }).type}`);
    }
  }
  await historyInsert(tx, e, serviceId);
}

/** The event's history line (once: keyed by the event id); a snapshot is named from this model. */
async function historyInsert(tx: TransactionSql, e: RecordedEvent, serviceId: string) {
  const snapshotId = (e.data as { snapshotId?: unknown }).snapshotId;
  let name: string | null = null;
  if (typeof snapshotId === 'string' && e.type !== 'ServiceSnapshotCreated') {
    const [row] = await tx`select name from service_snapshots
      where service_id = ${serviceId} and snapshot_id = ${snapshotId}`;
    name = (row?.name as string | undefined) ?? null;
  }
  const h = historyLine(e, () => name);
  await tx`
    insert into service_history (event_id, service_id, tenant_id, revision, type, summary, actor_id,
      impersonator_id, at)
    values (${e.id}, ${serviceId}, ${e.metadata.tenantId}, ${e.revision.toString()}, ${e.type},
      ${h.summary}, ${h.actorId}, ${h.impersonatorId}, ${h.at})
    on conflict (event_id) do nothing`;
}

/** The tenant's settings row: made by its first event, each later one applied once (revision). */
async function applySettings(tx: TransactionSql, e: RecordedEvent): Promise<void> {
  const event = e as unknown as ProvisioningSettingsEvent;
  const tenantId = event.data.tenantId;
  const revision = e.revision.toString();
  const upsert = async (
    by: string,
    at: string,
    columns: Record<string, unknown>,
  ): Promise<void> => {
    const row = { tenant_id: tenantId, updated_by: by, updated_at: at, revision, ...columns };
    const names = Object.keys(row);
    const changed = names.filter((n) => n !== 'tenant_id');
    await tx`
      insert into provisioning_settings ${tx(row as never, names as never)}
      on conflict (tenant_id) do update set
        ${tx.unsafe(changed.map((n) => `${n} = excluded.${n}`).join(', '))}
      where provisioning_settings.revision < excluded.revision`;
  };
  switch (event.type) {
    case 'CloudStackConfigured': {
      const d = event.data;
      // The sealed secret is not copied: only the command that deploys opens it, from the log.
      await upsert(d.configuredBy, d.configuredAt, {
        cloudstack_configured: true,
        api_url: d.apiUrl,
        api_key: d.apiKey,
      });
      return;
    }
    case 'CloudStackRemoved': {
      const d = event.data;
      await upsert(d.removedBy, d.removedAt, {
        cloudstack_configured: false,
        api_url: null,
        api_key: null,
      });
      return;
    }
    case 'CloudStackMappingSet': {
      const d = event.data;
      await upsert(d.setBy, d.setAt, {
        zones: tx.json(d.zones),
        offerings: tx.json(d.offerings),
        templates: tx.json(d.templates),
      });
      return;
    }
    case 'TerminationPolicySet': {
      const d = event.data;
      await upsert(d.setBy, d.setAt, { final_snapshot: d.finalSnapshot });
      return;
    }
    default: {
      const never: never = event;
      throw new Error(`services projector: unknown event ${(never as { type: string }).type}`);
    }
  }
}
