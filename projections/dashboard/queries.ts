import type { TransactionSql } from 'postgres';
import type { PlanKind } from '../../domain/catalog/events.ts';

// The dashboards' figures: read-only queries over other areas' read models (invoices, services,
// wallet, identity, tickets), summed in PostgreSQL `numeric` (exact; never a JS number). Each
// takes a transaction scoped to the request's tenant (projections/shared/scoped.ts
// `readScoped`): row-level security keeps other tenants' rows out, the caller decides who may
// ask. No table of its own: every figure comes from an existing read model (active services over
// time from the services' history, whose every status change is a line with its instant).

/**
 * Month boundaries are India's (IST, UTC+05:30, no daylight saving): every tenant bills in
 * India, and its invoices are dated in IST (domain/invoices/document.ts `indianDate`).
 */
export const DASHBOARD_TIME_ZONE = 'Asia/Kolkata';
const TZ = DASHBOARD_TIME_ZONE;

/** Revenue excluding GST and the GST on it, for one IST month ('YYYY-MM'). */
export interface MonthRevenueRow {
  month: string;
  revenue: string;
  gst: string;
  /** The credit notes' share, already taken off revenue and gst. */
  credited_revenue: string;
  credited_gst: string;
}

/**
 * Revenue and GST by IST month, the `months` months up to and including the one `now` falls in,
 * oldest first, every month present (zero when nothing was paid).
 *
 * Revenue is the taxable value of paid invoices (PAID or TAX_INVOICE) in the month of their
 * invoice date (the tax point: the day they were paid, in IST); GST is their tax (CGST + SGST +
 * UTGST + IGST). A credit note (raised or issued) takes its taxable value and its tax off the
 * month of its issue date, as it does in that month's GST return, not off the original
 * invoice's month: a month already reported stays as it was reported.
 */
export async function revenueByMonth(
  tx: TransactionSql,
  now: Date,
  months: number,
): Promise<MonthRevenueRow[]> {
  return (await tx`
    with bounds as (
      select date_trunc('month', ${now}::timestamptz at time zone ${TZ})::date as this_month
    ), series as (
      select generate_series(this_month - make_interval(months => ${months - 1}::int), this_month,
        interval '1 month')::date as month from bounds
    ), paid as (
      select date_trunc('month', coalesce(invoice_date, (paid_at at time zone ${TZ})::date))::date as month,
        sum((document->'totals'->>'taxableValue')::numeric) as revenue,
        sum((document->'totals'->>'tax')::numeric) as gst
      from rm_invoices.invoices
      where paid_at is not null and status in ('PAID', 'TAX_INVOICE')
      group by 1
    ), credited as (
      select date_trunc('month', issue_date)::date as month,
        sum((document->'totals'->>'taxableValue')::numeric) as revenue,
        sum((document->'totals'->>'tax')::numeric) as gst
      from rm_invoices.credit_notes
      group by 1
    )
    select to_char(s.month, 'YYYY-MM') as month,
      (coalesce(p.revenue, 0) - coalesce(c.revenue, 0))::numeric(18,2)::text as revenue,
      (coalesce(p.gst, 0) - coalesce(c.gst, 0))::numeric(18,2)::text as gst,
      coalesce(c.revenue, 0)::numeric(18,2)::text as credited_revenue,
      coalesce(c.gst, 0)::numeric(18,2)::text as credited_gst
    from series s
    left join paid p on p.month = s.month
    left join credited c on c.month = s.month
    order by s.month`) as unknown as MonthRevenueRow[];
}

/** What customers owe: unpaid (proforma) invoices' amount due. */
export async function outstanding(tx: TransactionSql): Promise<{ amount: string; count: number }> {
  const [row] = await tx`
    select coalesce(sum(total - amount_paid), 0)::numeric(18,2)::text as amount, count(*)::int as count
    from rm_invoices.invoices where status = 'PROFORMA'`;
  return { amount: row!.amount as string, count: row!.count as number };
}

/** Money held for customers in their wallets, and the top-ups waiting for a decision. */
export async function walletFigures(tx: TransactionSql): Promise<{
  balances: string;
  pending_count: number;
  pending_amount: string;
}> {
  const [row] = await tx`
    select (select coalesce(sum(balance), 0)::numeric(18,2)::text from rm_wallet.wallets) as balances,
      count(*)::int as pending_count, coalesce(sum(amount), 0)::numeric(18,2)::text as pending_amount
    from rm_wallet.top_ups where status = 'PENDING'`;
  return row as never;
}

export interface ServiceCountsRow {
  /** ACTIVE services by their plan's kind. */
  active: Partial<Record<PlanKind, number>>;
  /** Ordered or allocated, waiting for (or in) provisioning. */
  pending: number;
  /** A failed deploy with no retry left (services.needs_attention). */
  failed: number;
  suspended: number;
  /** Running, with their next due date passed (IST today) and not renewed. */
  overdue: number;
}

export async function serviceCounts(tx: TransactionSql, now: Date): Promise<ServiceCountsRow> {
  const rows = await tx`
    select plan_kind, count(*)::int as n from rm_services.services where status = 'ACTIVE'
    group by plan_kind`;
  const [row] = await tx`
    select count(*) filter (where status in ('PENDING', 'PROVISIONING'))::int as pending,
      count(*) filter (where needs_attention)::int as failed,
      count(*) filter (where status = 'SUSPENDED')::int as suspended,
      count(*) filter (where status = 'ACTIVE'
        and next_due_date < (${now}::timestamptz at time zone ${TZ})::date)::int as overdue
    from rm_services.services`;
  return {
    active: Object.fromEntries(rows.map((r) => [r.plan_kind as PlanKind, r.n as number])),
    pending: row!.pending as number,
    failed: row!.failed as number,
    suspended: row!.suspended as number,
    overdue: row!.overdue as number,
  };
}

export interface ActiveServicesMonthRow {
  month: string;
  kind: PlanKind;
  count: number;
}

/**
 * How many services were active at the end of each IST month (for the month `now` is in: at
 * `now`), by plan kind, the `months` months up to now. A service counts where its last status
 * change by then (the services' history) left it ACTIVE: provisioned, or unsuspended; a
 * suspended, terminated or cancelled one does not. Only (month, kind) pairs with services.
 */
export async function activeServicesByMonth(
  tx: TransactionSql,
  now: Date,
  months: number,
): Promise<ActiveServicesMonthRow[]> {
  return (await tx`
    with bounds as (
      select date_trunc('month', ${now}::timestamptz at time zone ${TZ}) as this_month
    ), series as (
      select m as month,
        least(((m + interval '1 month') at time zone ${TZ}), ${now}::timestamptz) as until
      from bounds, generate_series(this_month - make_interval(months => ${months - 1}::int), this_month,
        interval '1 month') as m
    ), last_change as (
      select s.month, h.service_id, h.type,
        row_number() over (partition by s.month, h.service_id order by h.at desc, h.revision desc) as n
      from series s
      join rm_services.service_history h on h.at < s.until
      where h.type in ('ProvisioningStarted', 'ProvisioningFailed', 'ServiceProvisioned',
        'ServiceSuspended', 'ServiceUnsuspended', 'ServiceTerminated', 'ServiceCancelled')
    )
    select to_char(l.month, 'YYYY-MM') as month, v.plan_kind as kind, count(*)::int as count
    from last_change l join rm_services.services v on v.id = l.service_id
    where l.n = 1 and l.type in ('ServiceProvisioned', 'ServiceUnsuspended')
    group by l.month, v.plan_kind
    order by l.month, v.plan_kind`) as unknown as ActiveServicesMonthRow[];
}

/** Customer accounts registered since `since` (the month's start); a team member is not one. */
export async function newCustomers(tx: TransactionSql, since: Date): Promise<number> {
  const [row] = await tx`
    select count(*)::int as n from rm_identity.users u
    where u.role = 'customer' and u.registered_at >= ${since}
      and not exists (select 1 from rm_access.team_members tm where tm.member_id = u.id)`;
  return row!.n as number;
}

/** Tickets not closed, and those waiting on staff (opened or replied to by the customer). */
export async function openTickets(
  tx: TransactionSql,
): Promise<{ open: number; awaiting_staff: number }> {
  const [row] = await tx`
    select count(*)::int as open,
      count(*) filter (where status in ('OPEN', 'CUSTOMER_REPLY'))::int as awaiting_staff
    from rm_tickets.tickets where status <> 'CLOSED'`;
  return row as never;
}

/** The instant an IST month ('YYYY-MM') starts. */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00+05:30`);
}

/** The IST month ('YYYY-MM') an instant falls in, and the one before it. */
export function istMonths(now: Date): { thisMonth: string; lastMonth: string } {
  const ist = new Date(now.getTime() + 5.5 * 3600_000);
  const y = ist.getUTCFullYear();
  const m = ist.getUTCMonth();
  const fmt = (yy: number, mm: number) => `${yy}-${String(mm + 1).padStart(2, '0')}`;
  return { thisMonth: fmt(y, m), lastMonth: m === 0 ? fmt(y - 1, 11) : fmt(y, m - 1) };
}
