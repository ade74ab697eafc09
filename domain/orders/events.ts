/**
 * An order: a customer's request to buy one or more servers. One stream per order,
 * `order-<orderId>`.
 *
 * Lifecycle: OrderPlaced (Pending) → OrderPaid (Paid) → OrderItemFulfilled per item →
 * OrderFulfilled (Fulfilled, written with the last item); or OrderCancelled from Pending, by the
 * customer, an admin, or automatically once `expiresAt` (placedAt + 7 days by default) has
 * passed unpaid. A paid order is never cancelled: money goes back by a credit note.
 *
 * The order carries its items and invoice line inputs at the catalog's prices of the moment
 * (`priceOrder`); the tax figures live on its invoice (`invoiceId`, named when it is placed so
 * that placing the order and issuing its proforma derive from one commandId). Cross-stream
 * steps are process managers: invoice paid in full → MarkOrderPaid; service provisioned →
 * FulfilOrderItem. To cancel, cancel the proforma first (the invoice stream is the authority
 * on payments and refuses once paid), then the order.
 */
import type { DomainEvent } from '../shared/decider.ts';
import type { OrderLine, PricedItem } from './pricing.ts';

export type CancelReason = 'CUSTOMER' | 'ADMIN' | 'EXPIRED';

export type OrderPlaced = DomainEvent<
  'OrderPlaced',
  {
    tenantId: string;
    orderId: string;
    customerId: string;
    invoiceId: string;
    items: PricedItem[];
    lines: OrderLine[];
    placedAt: string;
    /** When an unpaid order may be cancelled automatically. */
    expiresAt: string;
  }
>;
export type OrderPaid = DomainEvent<
  'OrderPaid',
  { tenantId: string; orderId: string; invoiceId: string; paidAt: string }
>;
export type OrderItemFulfilled = DomainEvent<
  'OrderItemFulfilled',
  { tenantId: string; orderId: string; itemNo: number; serviceId: string; fulfilledAt: string }
>;
export type OrderFulfilled = DomainEvent<
  'OrderFulfilled',
  { tenantId: string; orderId: string; fulfilledAt: string }
>;
/** `cancelledBy`: the user who cancelled, null when the order expired. */
export type OrderCancelled = DomainEvent<
  'OrderCancelled',
  {
    tenantId: string;
    orderId: string;
    invoiceId: string;
    reason: CancelReason;
    cancelledBy: string | null;
    note: string;
    cancelledAt: string;
  }
>;

export type OrderEvent =
  OrderPlaced | OrderPaid | OrderItemFulfilled | OrderFulfilled | OrderCancelled;

export const orderEventTypes = [
  'OrderPlaced',
  'OrderPaid',
  'OrderItemFulfilled',
  'OrderFulfilled',
  'OrderCancelled',
] as const satisfies readonly OrderEvent['type'][];

export const orderStreamId = (orderId: string) => `order-${orderId}`;

/** Days an order may stay unpaid before it is cancelled automatically (BILLING.md). */
export const UNPAID_ORDER_DAYS = 7;
