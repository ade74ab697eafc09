import type { Sql, TransactionSql } from 'postgres';
import type {
  AutomationJob,
  RunItemKind,
  RunItemOutcome,
  RunTrigger,
} from '../../domain/automation/events.ts';
import type { AutomationSettings } from '../../domain/automation/settings.ts';

// The automation read model's queries (tables: projector.ts). Each takes a transaction scoped
// to the request's tenant (projections/shared/scoped.ts `readScoped`) unless it says otherwise:
// row-level security keeps other tenants' rows out, the caller decides who may ask.

/** The tenant's settings as last changed (none: the defaults hold). */
export interface AutomationSettingsRow {
  settings: AutomationSettings;
  updated_at: Date;
  updated_by: string;
}

export async function automationSettingsRow(
  tx: TransactionSql,
): Promise<AutomationSettingsRow | undefined> {
  const [row] = await tx`
    select settings, updated_at, updated_by from rm_automation.automation_settings
    where tenant_id = current_setting('app.tenant_id', true)`;
  return row as AutomationSettingsRow | undefined;
}

export interface AutomationRunRow {
  id: string;
  job: AutomationJob;
  trigger: RunTrigger;
  started_by: string | null;
  started_by_name: string | null;
  as_of: Date;
  started_at: Date;
  finished_at: Date | null;
  /** DONE items per kind: the finished run's, or those recorded so far while it runs. */
  counts: Partial<Record<RunItemKind, number>>;
  already_done: number;
  skipped: number;
  failed: number;
}

/**
 * A run still going has no counts yet: they come from the items recorded so far (outcome
 * totals likewise), so the history shows its progress.
 */
const RUN_COLUMNS = `r.id, r.job, r.trigger, r.started_by, u.name as started_by_name, r.as_of, r.started_at,
  r.finished_at,
  coalesce(r.counts, (select coalesce(jsonb_object_agg(c.kind, c.n), '{}'::jsonb)
    from (select i.kind, count(*)::int as n from rm_automation.automation_run_items i
          where i.run_id = r.id and i.outcome = 'DONE' group by i.kind) c)) as counts,
  coalesce(r.already_done, (select count(*)::int from rm_automation.automation_run_items i
    where i.run_id = r.id and i.outcome = 'ALREADY_DONE')) as already_done,
  coalesce(r.skipped, (select count(*)::int from rm_automation.automation_run_items i
    where i.run_id = r.id and i.outcome = 'SKIPPED')) as skipped,
  coalesce(r.failed, (select count(*)::int from rm_automation.automation_run_items i
    where i.run_id = r.id and i.outcome = 'FAILED')) as failed`;

/** Staff who started a run, by name (the schedule's runs have none). */
const RUN_FROM = `rm_automation.automation_runs r left join rm_identity.users u
  on u.id = (case when r.started_by ~ '^[0-9a-f-]{36}$' then r.started_by::uuid end)`;

/** One page of runs, newest first, and how many there are. */
export async function automationRunPage(
  tx: TransactionSql,
  page: { first: number; offset: number },
): Promise<{ rows: AutomationRunRow[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    tx`select ${tx.unsafe(RUN_COLUMNS)} from ${tx.unsafe(RUN_FROM)}
       order by r.started_at desc, r.id limit ${page.first} offset ${page.offset}`,
    tx`select count(*)::int as total from rm_automation.automation_runs`,
  ]);
  return { rows: rows as unknown as AutomationRunRow[], total: count!.total as number };
}

/** One run by id (a uuid; the caller checks the form), or undefined. */
export async function automationRunById(
  tx: TransactionSql,
  id: string,
): Promise<AutomationRunRow | undefined> {
  const [row] = await tx`select ${tx.unsafe(RUN_COLUMNS)} from ${tx.unsafe(RUN_FROM)}
    where r.id = ${id}`;
  return row as AutomationRunRow | undefined;
}

/** One effect of a run, with what a person needs to recognise it. */
export interface AutomationRunItemRow {
  seq: number;
  kind: RunItemKind;
  command_id: string;
  service_id: string | null;
  invoice_id: string | null;
  order_id: string | null;
  outcome: RunItemOutcome;
  detail: string | null;
  hostname: string | null;
  plan_name: string | null;
  customer_name: string | null;
  invoice_number: string | null;
  /** The invoice's total (renewal invoices), or what the automation paid on it from the wallet. */
  invoice_total: string | null;
  auto_paid: string | null;
  recurring_amount: string | null;
}

/**
 * A run's items: those that did something or did not (DONE, SKIPPED, FAILED) in the order the
 * run did them, then those that had been done before (ALREADY_DONE).
 */
export async function automationRunItems(
  tx: TransactionSql,
  runId: string,
  first: number,
): Promise<AutomationRunItemRow[]> {
  const rows = await tx`
    select i.seq, i.kind, i.command_id, i.service_id, i.invoice_id, i.order_id, i.outcome, i.detail,
      s.hostname, s.plan_name, s.recurring_amount::text, coalesce(u.name, ou.name) as customer_name,
      inv.number as invoice_number, inv.total::text as invoice_total,
      (select sum(p.amount)::text from rm_invoices.invoice_payments p
        where p.invoice_id = i.invoice_id and p.method = 'WALLET' and p.recorded_by = 'automation'
          and p.refunded_at is null) as auto_paid
    from rm_automation.automation_run_items i
    left join rm_services.services s on s.id = i.service_id
    left join rm_invoices.invoices inv on inv.id = i.invoice_id
    left join rm_orders.orders o on o.id = i.order_id
    left join rm_identity.users u on u.id = s.customer_id
    left join rm_identity.users ou on ou.id = o.customer_id
    where i.run_id = ${runId}
    order by (i.outcome = 'ALREADY_DONE'), i.seq
    limit ${first}`;
  return rows as unknown as AutomationRunItemRow[];
}

/**
 * Every tenant with how often its automation runs (the scheduler's list), on the owner
 * connection: the defaults' hours for a tenant that never changed its settings.
 */
export async function scheduledTenants(
  sql: Sql,
  defaultHours: number,
): Promise<{ tenantId: string; runEveryHours: number }[]> {
  const rows = await sql`
    select t.tenant_id, coalesce((s.settings->>'runEveryHours')::int, ${defaultHours}::int) as hours
    from rm_identity.tenants t left join rm_automation.automation_settings s on s.tenant_id = t.tenant_id
    order by t.tenant_id`;
  return rows.map((r) => ({
    tenantId: r.tenant_id as string,
    runEveryHours: r.hours as number,
  }));
}
