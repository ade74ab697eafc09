import * as ops from '$lib/graphql/generated/operations';
import type {
  BillingCycle,
  DiskType,
  OrderStatus,
  PayOrderWith,
  PlanKind,
} from '$lib/graphql/generated/operations';

/*
 * The Order Server flow and the order lists. The operations live in orders.graphql; `npm run
 * codegen` checks them against the SDL (graphql/catalog, graphql/orders).
 */
export type {
  BillingCycle,
  OrderFilter,
  OrderItemInput,
  OrderStatus,
  PayOrderWith,
  PlanKind,
} from '$lib/graphql/generated/operations';

export type OrderPlan = ops.OrderPlanFieldsFragment;
export type CyclePrice = ops.CyclePriceFieldsFragment;
export type OrderAddon = OrderPlan['addons'][number];
export type OrderOs = OrderPlan['operatingSystems'][number];
export type OrderDataCentre = OrderPlan['dataCentres'][number];
export type OrderQuote = ops.QuoteOrderQuery['quoteOrder'];
export type OrderRow = ops.OrderRowFieldsFragment;
export type OrderDetail = ops.OrderDetailFieldsFragment;
export type OrderItem = ops.OrderItemFieldsFragment;

export const OrderCatalogQuery = ops.OrderCatalogDocument;
export const QuoteOrderQuery = ops.QuoteOrderDocument;
export const OrdersQuery = ops.OrdersDocument;
export const OrderQuery = ops.OrderDocument;
export const PlaceOrderMutation = ops.PlaceOrderDocument;
export const CancelOrderMutation = ops.CancelOrderDocument;

export const planKinds: readonly PlanKind[] = ['VPS', 'SHARED', 'VDS', 'DEDICATED'];

export const planKindLabels: Record<PlanKind, string> = {
  VPS: 'VPS',
  SHARED: 'Shared hosting',
  VDS: 'VDS',
  DEDICATED: 'Dedicated',
};

export const cycleLabels: Record<BillingCycle, string> = {
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  SEMI_ANNUAL: 'Semi-annual',
  ANNUAL: 'Annual',
  BIENNIAL: '2 years',
  TRIENNIAL: '3 years',
};

export const diskTypeLabels: Record<DiskType, string> = { SSD: 'SSD', NVME: 'NVMe', HDD: 'HDD' };

export const orderStatusLabels: Record<OrderStatus, string> = {
  PENDING: 'Awaiting payment',
  PAID: 'Paid',
  FULFILLED: 'Fulfilled',
  CANCELLED: 'Cancelled',
};

export const payChoiceLabels: Record<PayOrderWith, string> = {
  WALLET: 'Pay from wallet now',
  WALLET_PARTIAL: 'Apply my balance and pay the rest later',
  LATER: 'Pay later',
};

/** Payment state of an order as the admin list shows it, from the invoice's own figures. */
export function paymentState(order: Pick<OrderRow, 'status' | 'invoice'>): {
  label: string;
  tone: 'success' | 'warning' | 'secondary' | 'destructive';
} {
  const inv = order.invoice;
  if (order.status === 'CANCELLED' || inv.status === 'CANCELLED')
    return { label: 'Void', tone: 'secondary' };
  if (inv.status === 'PAID' || inv.status === 'TAX_INVOICE')
    return { label: 'Paid', tone: 'success' };
  // Proforma: "partly paid" once anything has been applied (the API says so, we only compare).
  return /^0+(\.0+)?$/.test(inv.amountPaid)
    ? { label: 'Unpaid', tone: 'warning' }
    : { label: 'Partly paid', tone: 'warning' };
}

/** Numbers in specs are counts and sizes, not money: shown without a currency. */
export function formatSize(gb: number): string {
  return gb >= 1024 && gb % 1024 === 0 ? `${gb / 1024} TB` : `${gb} GB`;
}
