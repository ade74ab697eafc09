import { PLAN_KINDS, type PlanKind } from '../../domain/catalog/events.ts';
import type { Permission } from '../../domain/identity/permissions.ts';
import type { Feature } from '../../domain/tenancy/features.ts';
import {
  activeServicesByMonth,
  DASHBOARD_TIME_ZONE,
  istMonths,
  monthStart,
  newCustomers,
  openTickets,
  outstanding,
  revenueByMonth,
  serviceCounts,
  walletFigures,
} from '../../projections/dashboard/queries.ts';
import { tenantFeatures } from '../access/features.ts';
import { readScoped, requireViewer, type RequestContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

/** The charts' span: this month and the eleven before it. */
const MONTHS = 12;

const kinds = (counts: Partial<Record<PlanKind, number>>) =>
  PLAN_KINDS.map((kind) => ({ kind, count: counts[kind] ?? 0 }));

/**
 * The admin dashboard, one read-only transaction scoped to the host's tenant. Staff only; each
 * part is computed only for a viewer holding its permission (and, for the wallet and tickets,
 * where the tenant has the feature on), else it is null: a billing clerk without users.manage
 * sees no customer figures, a support member every part they could open the list of.
 */
async function adminDashboard(ctx: RequestContext) {
  const viewer = requireViewer(ctx, 'admin');
  const now = ctx.platform.wallet.now();
  const { thisMonth, lastMonth } = istMonths(now);
  const features = await tenantFeatures(ctx);
  const may = (p: Permission, feature?: Feature) =>
    viewer.permissions.includes(p) && (!feature || features.includes(feature));
  return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
    const billing = may('billing.read')
      ? await (async () => {
          const byMonth = await revenueByMonth(tx, now, MONTHS);
          const owed = await outstanding(tx);
          const of = (m: string) => byMonth.find((r) => r.month === m);
          return {
            revenueThisMonth: of(thisMonth)!.revenue,
            revenueLastMonth: of(lastMonth)!.revenue,
            gstThisMonth: of(thisMonth)!.gst,
            outstanding: owed.amount,
            unpaidInvoices: owed.count,
            byMonth: byMonth.map((r) => ({
              month: r.month,
              revenue: r.revenue,
              gst: r.gst,
              creditedRevenue: r.credited_revenue,
              creditedGst: r.credited_gst,
            })),
          };
        })()
      : null;
    const wallet = may('wallet.view', 'wallet')
      ? await walletFigures(tx).then((w) => ({
          balancesHeld: w.balances,
          topUpsWaiting: w.pending_count,
          topUpsWaitingAmount: w.pending_amount,
        }))
      : null;
    const services = may('services.read')
      ? await (async () => {
          const counts = await serviceCounts(tx, now);
          const history = await activeServicesByMonth(tx, now, MONTHS);
          const months = lastMonths(thisMonth);
          return {
            active: kinds(counts.active),
            activeTotal: Object.values(counts.active).reduce((a, b) => a + b, 0),
            pendingProvisioning: counts.pending,
            failed: counts.failed,
            suspended: counts.suspended,
            overdue: counts.overdue,
            activeByMonth: months.map((month) => {
              const rows = history.filter((r) => r.month === month);
              return {
                month,
                total: rows.reduce((a, r) => a + r.count, 0),
                byKind: kinds(Object.fromEntries(rows.map((r) => [r.kind, r.count]))),
              };
            }),
          };
        })()
      : null;
    const customers = may('users.manage')
      ? {
          newThisMonth: await newCustomers(tx, monthStart(thisMonth)),
          newLastMonth:
            (await newCustomers(tx, monthStart(lastMonth))) -
            (await newCustomers(tx, monthStart(thisMonth))),
        }
      : null;
    const tickets = may('tickets.read', 'tickets')
      ? await openTickets(tx).then((t) => ({ open: t.open, awaitingStaff: t.awaiting_staff }))
      : null;
    return {
      month: thisMonth,
      lastMonth,
      timeZone: DASHBOARD_TIME_ZONE,
      billing,
      wallet,
      services,
      customers,
      tickets,
    };
  });
}

/** The MONTHS months ('YYYY-MM') up to and including `last`, oldest first. */
export function lastMonths(last: string): string[] {
  const [y, m] = last.split('-').map(Number) as [number, number];
  return Array.from({ length: MONTHS }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (MONTHS - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

export const dashboardResolvers = {
  Query: {
    adminDashboard: (_, __, ctx) => adminDashboard(ctx),
  },
} satisfies Resolvers;
