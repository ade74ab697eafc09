import type { CatalogSnapshot } from '../catalog/state.ts';
import { fieldError } from '../catalog/field-error.ts';
import { conflict, notFound, type Decider } from '../shared/decider.ts';
import { UNPAID_ORDER_DAYS, type CancelReason, type OrderEvent } from './events.ts';
import { priceOrder, type OrderItemInput, type PricedItem } from './pricing.ts';

export type OrderStatus = 'NONE' | 'PENDING' | 'PAID' | 'FULFILLED' | 'CANCELLED';

export interface OrderState {
  status: OrderStatus;
  tenantId: string;
  orderId: string;
  invoiceId: string;
  items: PricedItem[];
  expiresAt: string;
  /** itemNo → serviceId of what was provisioned for it. */
  fulfilled: Record<number, string>;
}

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      tenantId: string;
      orderId: string;
      customerId: string;
      /** The proforma that will bill this order (issued next, by the same command handler). */
      invoiceId: string;
      items: OrderItemInput[];
      /** The catalog entries the items name, as of one revision of the catalog stream. */
      catalog: CatalogSnapshot;
      /** Tenant setting; default 7. */
      unpaidCancelAfterDays?: number;
      now: string;
    }
  | { type: 'MarkOrderPaid'; invoiceId: string; now: string }
  | { type: 'FulfilOrderItem'; itemNo: number; serviceId: string; now: string }
  | {
      type: 'CancelOrder';
      reason: CancelReason;
      cancelledBy: string | null;
      note?: string;
      now: string;
    };

type Cmd<T extends OrderCommand['type']> = Extract<OrderCommand, { type: T }>;

export const initialOrder: OrderState = {
  status: 'NONE',
  tenantId: '',
  orderId: '',
  invoiceId: '',
  items: [],
  expiresAt: '',
  fulfilled: {},
};

const DAY_MS = 86_400_000;

function placeOrder(c: Cmd<'PlaceOrder'>, s: OrderState): OrderEvent[] {
  if (s.status !== 'NONE') throw conflict(`Order ${c.orderId} was already placed.`);
  const days = c.unpaidCancelAfterDays ?? UNPAID_ORDER_DAYS;
  if (!Number.isSafeInteger(days) || days < 1)
    throw fieldError('unpaidCancelAfterDays', 'Must be a whole number of days, at least 1.');
  const { items, lines } = priceOrder(c.items, c.catalog);
  const expiresAt = new Date(Date.parse(c.now) + days * DAY_MS).toISOString();
  return [
    {
      type: 'OrderPlaced',
      data: {
        tenantId: c.tenantId,
        orderId: c.orderId,
        customerId: c.customerId,
        invoiceId: c.invoiceId,
        items,
        lines,
        placedAt: c.now,
        expiresAt,
      },
    },
  ];
}

function placed(s: OrderState): void {
  if (s.status === 'NONE') throw notFound('order');
}

function markOrderPaid(c: Cmd<'MarkOrderPaid'>, s: OrderState): OrderEvent[] {
  placed(s);
  if (c.invoiceId !== s.invoiceId)
    throw conflict(
      `Invoice ${c.invoiceId} does not bill this order (its invoice is ${s.invoiceId}).`,
    );
  if (s.status === 'PAID' || s.status === 'FULFILLED') return [];
  if (s.status === 'CANCELLED')
    throw conflict('This order was cancelled; its invoice cannot be paid.');
  return [
    {
      type: 'OrderPaid',
      data: { tenantId: s.tenantId, orderId: s.orderId, invoiceId: c.invoiceId, paidAt: c.now },
    },
  ];
}

function fulfilOrderItem(c: Cmd<'FulfilOrderItem'>, s: OrderState): OrderEvent[] {
  placed(s);
  if (!s.items.some((i) => i.itemNo === c.itemNo))
    throw fieldError('itemNo', `This order has items 1 to ${s.items.length}.`);
  const already = s.fulfilled[c.itemNo];
  if (already === c.serviceId) return [];
  if (already !== undefined)
    throw conflict(`Item ${c.itemNo} was already fulfilled by service ${already}.`);
  if (s.status !== 'PAID')
    throw conflict(`An order is fulfilled once paid; this one is ${s.status.toLowerCase()}.`);
  const events: OrderEvent[] = [
    {
      type: 'OrderItemFulfilled',
      data: {
        tenantId: s.tenantId,
        orderId: s.orderId,
        itemNo: c.itemNo,
        serviceId: c.serviceId,
        fulfilledAt: c.now,
      },
    },
  ];
  if (Object.keys(s.fulfilled).length + 1 === s.items.length)
    events.push({
      type: 'OrderFulfilled',
      data: { tenantId: s.tenantId, orderId: s.orderId, fulfilledAt: c.now },
    });
  return events;
}

function cancelOrder(c: Cmd<'CancelOrder'>, s: OrderState): OrderEvent[] {
  placed(s);
  if (s.status === 'CANCELLED') return [];
  if (s.status !== 'PENDING')
    throw conflict('A paid order cannot be cancelled; refund it with a credit note.');
  if (!['CUSTOMER', 'ADMIN', 'EXPIRED'].includes(c.reason))
    throw fieldError('reason', 'Must be CUSTOMER, ADMIN or EXPIRED.');
  if (c.reason === 'EXPIRED' && Date.parse(c.now) < Date.parse(s.expiresAt))
    throw conflict(`This order stays open until ${s.expiresAt}.`);
  const note = (c.note ?? '').trim();
  if (note.length > 500) throw fieldError('note', 'Give at most 500 characters.');
  return [
    {
      type: 'OrderCancelled',
      data: {
        tenantId: s.tenantId,
        orderId: s.orderId,
        invoiceId: s.invoiceId,
        reason: c.reason,
        cancelledBy: c.reason === 'EXPIRED' ? null : c.cancelledBy,
        note,
        cancelledAt: c.now,
      },
    },
  ];
}

function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'MarkOrderPaid':
      return markOrderPaid(command, state);
    case 'FulfilOrderItem':
      return fulfilOrderItem(command, state);
    case 'CancelOrder':
      return cancelOrder(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown order command ${(unknown as { type: string }).type}`);
    }
  }
}

function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced': {
      const { tenantId, orderId, invoiceId, items, expiresAt } = event.data;
      return { ...state, status: 'PENDING', tenantId, orderId, invoiceId, items, expiresAt };
    }
    case 'OrderPaid':
      return { ...state, status: 'PAID' };
    case 'OrderItemFulfilled':
      return {
        ...state,
        fulfilled: { ...state.fulfilled, [event.data.itemNo]: event.data.serviceId },
      };
    case 'OrderFulfilled':
      return { ...state, status: 'FULFILLED' };
    case 'OrderCancelled':
      return { ...state, status: 'CANCELLED' };
    default:
      return state;
  }
}

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: initialOrder,
  decide,
  evolve,
};
