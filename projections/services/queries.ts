import type { Row, Sql, TransactionSql } from 'postgres';
import type {
  CancellationWhen,
  ModuleName,
  ProvisioningError,
  RecurringLine,
  ServiceAddon,
  ServiceStatus,
  SuspensionKind,
} from '../../domain/services/events.ts';
import type { BillingCycle, PlanKind } from '../../domain/catalog/events.ts';
import { likePattern } from '../invoices/queries.ts';

// The services read model's queries (tables: projector.ts). The `tx` ones take a transaction
// scoped to the request's tenant (projections/shared/scoped.ts `readScoped`): row-level
// security keeps other tenants' rows out, the caller decides who may ask. The `sql` ones
// (servicesToProvision, dueProvisioningRetries) are the worker's and the fulfilment process's,
// over every tenant, on the owner connection. No row holds a password: there is none here.

/** A service with its customer (name, email from the identity read model). */
export interface ServiceRow extends Row {
  id: string;
  tenant_id: string;
  customer_id: string;
  status: ServiceStatus;
  origin: 'ORDER' | 'ALLOCATION';
  order_id: string | null;
  item_no: number | null;
  invoice_id: string;
  plan_id: string | null;
  plan_name: string;
  plan_kind: PlanKind;
  cycle: BillingCycle;
  months: number;
  recurring_amount: string;
  addons: ServiceAddon[];
  data_centre_id: string | null;
  data_centre_name: string;
  operating_system_id: string | null;
  operating_system_name: string;
  hostname: string;
  ip_addresses: string[];
  module: ModuleName;
  has_control_panel: boolean;
  vm_id: string | null;
  job_id: string | null;
  ssh_username: string | null;
  ssh_port: number | null;
  control_panel_url: string | null;
  control_panel_username: string | null;
  notes: string;
  period_start: string;
  next_due_date: string;
  anchor_day: number;
  attempts: number;
  last_error: ProvisioningError | null;
  retry_at: Date | null;
  needs_attention: boolean;
  /** As the module's last confirmed power action left it; null before one is known or once gone. */
  power_state: 'RUNNING' | 'STOPPED' | null;
  suspension: SuspensionKind | null;
  suspend_reason: string | null;
  cancel_when: CancellationWhen | null;
  cancel_reason: string | null;
  cancel_effective_on: string | null;
  cancel_requested_at: Date | null;
  end_reason: string | null;
  created_at: Date;
  provisioned_at: Date | null;
  terminated_at: Date | null;
  cancelled_at: Date | null;
  recurring_lines: RecurringLine[];
  /** An upgrade waiting for payment or for staff (ServicePlanChangeRequested), else null. */
  pending_plan_change: PendingPlanChange | null;
  revision: string;
  customer_email: string | null;
  customer_name: string | null;
  customer_company: string | null;
}

export interface SnapshotRow extends Row {
  service_id: string;
  snapshot_id: string;
  name: string;
  created_by: string;
  created_at: Date;
  reverted_at: Date | null;
}

export interface HistoryRow extends Row {
  event_id: string;
  service_id: string;
  revision: string;
  type: string;
  summary: string;
  actor_id: string | null;
  /** The acting person's name (or email when they have none), null for the platform. */
  actor_name: string | null;
  impersonator_name: string | null;
  at: Date;
}

export interface ProvisioningSettingsRow extends Row {
  tenant_id: string;
  cloudstack_configured: boolean;
  api_url: string | null;
  api_key: string | null;
  zones: Record<string, string>;
  offerings: Record<string, string>;
  templates: Record<string, string>;
  final_snapshot: boolean;
  updated_by: string;
  updated_at: Date;
}

const SERVICE_COLUMNS = `s.id, s.tenant_id, s.customer_id, s.status, s.origin, s.order_id, s.item_no, s.invoice_id,
  s.plan_id, s.plan_name, s.plan_kind, s.cycle, s.months, s.recurring_amount::text, s.addons,
  s.data_centre_id, s.data_centre_name, s.operating_system_id, s.operating_system_name, s.hostname,
  s.ip_addresses, s.module, s.has_control_panel, s.vm_id, s.job_id, s.ssh_username, s.ssh_port,
  s.control_panel_url, s.control_panel_username, s.notes,
  to_char(s.period_start, 'YYYY-MM-DD') as period_start, to_char(s.next_due_date, 'YYYY-MM-DD') as next_due_date,
  s.anchor_day, s.attempts, s.last_error, s.retry_at, s.needs_attention, s.power_state, s.suspension, s.suspend_reason,
  s.cancel_when, s.cancel_reason, to_char(s.cancel_effective_on, 'YYYY-MM-DD') as cancel_effective_on,
  s.cancel_requested_at, s.end_reason, s.created_at, s.provisioned_at, s.terminated_at, s.cancelled_at,
  s.recurring_lines, s.pending_plan_change,
  s.revision::text, u.email as customer_email, u.name as customer_name, a.company as customer_company`;
const SERVICE_FROM = `rm_services.services s left join rm_identity.users u on u.id = s.customer_id
  left join rm_accounts.accounts a on a.user_id = s.customer_id`;

/** One service by id (a uuid; the caller checks the form), or undefined. */
export async function serviceById(tx: TransactionSql, id: string): Promise<ServiceRow | undefined> {
  const [row] = await tx.unsafe(`select ${SERVICE_COLUMNS} from ${SERVICE_FROM} where s.id = $1`, [
    id,
  ]);
  return row as ServiceRow | undefined;
}

export interface ServiceFilter {
  status?: ServiceStatus | null;
  customerId?: string | null;
  needsAttention?: boolean | null;
  /** Host name, IP address, plan, customer name or email (case-insensitive, contains). */
  search?: string | null;
}

/**
 * One page of services, newest first, and how many match. `customerId` (a customer's own list)
 * and the filter's customer both apply when given. `tenantId` is asked as well as row-level
 * security's: the list is the tenant's even on a connection that is not scoped.
 */
export async function listServices(
  tx: TransactionSql,
  tenantId: string,
  filter: ServiceFilter,
  page: { customerId?: string | null; first: number; offset: number },
): Promise<{ rows: ServiceRow[]; total: number }> {
  const f = filter;
  const like = likePattern(f.search);
  const where = [
    tx`s.tenant_id = ${tenantId}`,
    page.customerId ? tx`s.customer_id = ${page.customerId}` : null,
    f.customerId ? tx`s.customer_id = ${f.customerId}` : null,
    f.status ? tx`s.status = ${f.status}` : null,
    f.needsAttention === true ? tx`s.needs_attention` : null,
    f.needsAttention === false ? tx`not s.needs_attention` : null,
    like
      ? tx`(s.hostname ilike ${like} or s.plan_name ilike ${like} or u.email ilike ${like}
          or u.name ilike ${like} or exists (select 1 from unnest(s.ip_addresses) ip where ip ilike ${like}))`
      : null,
  ].filter((c) => c !== null);
  const conditions = where.reduce((a, c) => tx`${a} and ${c}`);
  const [rows, [count]] = await Promise.all([
    tx`select ${tx.unsafe(SERVICE_COLUMNS)} from ${tx.unsafe(SERVICE_FROM)}
       where ${conditions} order by s.created_at desc, s.id limit ${page.first} offset ${page.offset}`,
    tx`select count(*)::int as total from ${tx.unsafe(SERVICE_FROM)} where ${conditions}`,
  ]);
  return { rows: rows as unknown as ServiceRow[], total: count!.total as number };
}

/** Every service of one account (customer), newest first. */
export async function servicesOfAccount(
  tx: TransactionSql,
  customerId: string,
): Promise<ServiceRow[]> {
  const rows = await tx.unsafe(
    `select ${SERVICE_COLUMNS} from ${SERVICE_FROM} where s.customer_id = $1
     order by s.created_at desc, s.id`,
    [customerId],
  );
  return rows as unknown as ServiceRow[];
}

/** How many of the tenant's services failed with no retry left (the admin's "needs attention"). */
export async function needsAttentionCount(tx: TransactionSql, tenantId: string): Promise<number> {
  const [row] = await tx`select count(*)::int as n from rm_services.services
    where tenant_id = ${tenantId} and needs_attention`;
  return row!.n as number;
}

/** The live snapshots (not deleted) of these services, oldest first. */
export async function snapshotsOf(
  tx: TransactionSql,
  serviceIds: readonly string[],
): Promise<SnapshotRow[]> {
  if (serviceIds.length === 0) return [];
  const rows = await tx`
    select service_id, snapshot_id, name, created_by, created_at, reverted_at
    from rm_services.service_snapshots
    where service_id = any(${serviceIds as string[]}::uuid[]) and deleted_at is null
    order by created_at, snapshot_id`;
  return rows as unknown as SnapshotRow[];
}

/** A service's history, oldest first, with the names of who acted. */
export async function historyOf(tx: TransactionSql, serviceId: string): Promise<HistoryRow[]> {
  const rows = await tx`
    select h.event_id, h.service_id, h.revision::text, h.type, h.summary, h.actor_id,
      coalesce(nullif(u.name, ''), u.email) as actor_name,
      coalesce(nullif(i.name, ''), i.email) as impersonator_name, h.at
    from rm_services.service_history h
    left join rm_identity.users u on u.id::text = h.actor_id
    left join rm_identity.users i on i.id::text = h.impersonator_id
    where h.service_id = ${serviceId}
    order by h.revision`;
  return rows as unknown as HistoryRow[];
}

export interface PendingPlanChange {
  id: string;
  direction: 'UPGRADE' | 'DOWNGRADE';
  status: 'AWAITING_PAYMENT' | 'AWAITING_STAFF';
  fromPlanName: string;
  toPlanId: string;
  toPlanName: string;
  amount: string;
  description: string;
  daysLeft: number;
  daysInPeriod: number;
  invoiceId: string | null;
  creditNoteId: string | null;
  requestedAt: string;
}

/** A renewal invoice of a service with its figures as the invoices read model has them now. */
export interface RenewalRow extends Row {
  invoice_id: string;
  period_start: string;
  period_end: string;
  status: 'PROFORMA' | 'PAID' | 'TAX_INVOICE' | 'CANCELLED';
  total: string;
  amount_due: string;
  invoiced_at: Date;
}

/** A service's renewal invoices, newest period first. */
export async function renewalsOf(tx: TransactionSql, serviceId: string): Promise<RenewalRow[]> {
  const rows = await tx`
    select r.invoice_id, to_char(r.period_start, 'YYYY-MM-DD') as period_start,
      to_char(r.period_end, 'YYYY-MM-DD') as period_end, i.status, i.total::text,
      (case when i.status = 'CANCELLED' then 0 else i.total - i.amount_paid end)::text as amount_due,
      r.invoiced_at
    from rm_services.service_renewals r
    join rm_invoices.invoices i on i.id = r.invoice_id
    where r.service_id = ${serviceId}
    order by r.period_start desc, r.invoiced_at desc`;
  return rows as unknown as RenewalRow[];
}

/** The tenant's provisioning settings (never the sealed secret), or undefined before any was set. */
export async function provisioningSettingsOf(
  tx: TransactionSql,
  tenantId: string,
): Promise<ProvisioningSettingsRow | undefined> {
  const [row] = await tx`
    select tenant_id, cloudstack_configured, api_url, api_key, zones, offerings, templates,
      final_snapshot, updated_by, updated_at
    from rm_services.provisioning_settings where tenant_id = ${tenantId}`;
  return row as ProvisioningSettingsRow | undefined;
}

/** A service the worker deploys or resumes: where it stands, across every tenant. */
export interface ProvisioningWork extends Row {
  id: string;
  tenant_id: string;
  module: ModuleName;
  attempts: number;
  vm_id: string | null;
  job_id: string | null;
  retry_at: Date | null;
  revision: string;
}

const WORK_COLUMNS = `id, tenant_id, module, attempts, vm_id, job_id, retry_at, revision::text`;

/**
 * The provisioning worker's queue: every service PROVISIONING (a deploy started and not yet
 * answered), over all tenants, oldest first. Owner connection (not scoped).
 */
export async function servicesToProvision(sql: Sql): Promise<ProvisioningWork[]> {
  const rows = await sql.unsafe(
    `select ${WORK_COLUMNS} from rm_services.services where status = 'PROVISIONING'
     order by created_at, id`,
  );
  return rows as unknown as ProvisioningWork[];
}

/**
 * Failed deploys whose retry is due (`retry_at <= now`), over all tenants, the earliest first:
 * the fulfilment process starts each again. Owner connection (not scoped).
 */
export async function dueProvisioningRetries(sql: Sql, now: Date): Promise<ProvisioningWork[]> {
  const rows = await sql.unsafe(
    `select ${WORK_COLUMNS} from rm_services.services
     where status = 'PROVISIONING_FAILED' and retry_at is not null and retry_at <= $1
     order by retry_at, id`,
    [now.toISOString()],
  );
  return rows as unknown as ProvisioningWork[];
}
