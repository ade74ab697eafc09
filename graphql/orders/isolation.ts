import { expect } from 'vitest';
import {
  input,
  ownOnly,
  SIGNED_OUT,
  type Attempt,
  type IsolationCase,
} from '../access/testing/isolation-kit.ts';
import { m, NO_ID, OWNERS, type MatrixRow } from '../access/testing/matrix-kit.ts';
import type { World } from '../access/testing/world.ts';
import { orderStreamId } from '../../domain/orders/events.ts';
import { commerceOf } from '../invoices/testing.ts';

/**
 * Orders (orders.graphql): how each operation is kept within the caller's tenant and account
 * (isolation) and which roles may call it (matrix). Y's and Z's orders are written to the log by
 * the first attempt of each case (graphql/invoices/testing.ts).
 */

const first = (w: World, a: Omit<Attempt, 'after'>): Attempt => ({
  ...a,
  after: () => commerceOf(w).seed(),
});

const ITEM = {
  planId: 'plan-vps',
  cycle: 'MONTHLY',
  operatingSystemId: 'os-ubuntu',
  dataCentreId: 'dc-mum',
  hostname: 'iso.example.com',
  addons: [],
};
const QUOTE =
  'query($c: ID, $items: [OrderItemInput!]!) { quoteOrder(items: $items, customerId: $c) { walletBalance } }';
const ORDER = 'query($id: ID!) { order(id: $id) { id total } }';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id } } }';
const CANCEL = 'mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { id } }';

const unchanged = (id: () => string, events: number) => async (w: World) => {
  const stream = await w.t.running.platform.store.readStream(orderStreamId(id()));
  expect(stream.length, `events of order ${id()}`).toBe(events);
};

export const isolation: Record<string, IsolationCase> = {
  quoteOrder: {
    why: 'prices for the session’s own account; staff only for a customer of their tenant',
    attempts: (w) => [
      first(w, {
        as: 'x',
        query: QUOTE,
        variables: { c: w.y.id, items: [ITEM] },
        refused: ['FORBIDDEN'],
      }),
      {
        as: 'adminA',
        query: QUOTE,
        variables: { c: w.z.id, items: [ITEM] },
        refused: ['BAD_USER_INPUT', 'NOT_FOUND'],
      },
      { as: 'zOnA', query: QUOTE, variables: { items: [ITEM] }, refused: SIGNED_OUT },
    ],
  },
  orders: {
    why: 'customers list their account’s orders; staff with orders.manage their tenant’s',
    attempts: (w) => {
      const c = commerceOf(w);
      const list = '{ orders(first: 200) { items { id invoice { id } } } }';
      const ids = (d: { orders: { items: { id: string }[] } }) => d.orders.items.map((o) => o.id);
      return [
        first(w, { as: 'zOnA', query: '{ orders { total } }', refused: SIGNED_OUT }),
        { as: 'x', query: list, answers: ownOnly([c.y.orderId, c.z.orderId, c.y.invoiceId]) },
        {
          as: 'adminA',
          query: list,
          answers: (d, world) => {
            ownOnly([c.z.orderId, c.z.invoiceId])(d, world);
            expect(ids(d)).toContain(c.y.orderId);
          },
        },
        {
          as: 'adminB',
          query: list,
          answers: (d, world) => {
            ownOnly([c.y.orderId, c.y.invoiceId])(d, world);
            expect(ids(d)).toContain(c.z.orderId);
          },
        },
      ];
    },
  },
  order: {
    why: 'another customer’s or tenant’s order is not found',
    attempts: (w) => {
      const c = commerceOf(w);
      return [
        first(w, { as: 'x', query: ORDER, variables: { id: NO_ID }, refused: ['NOT_FOUND'] }),
        { as: 'x', query: ORDER, variables: { id: c.y.orderId }, refused: ['NOT_FOUND'] },
        { as: 'adminA', query: ORDER, variables: { id: c.z.orderId }, refused: ['NOT_FOUND'] },
        { as: 'superA', query: ORDER, variables: { id: c.z.orderId }, refused: ['NOT_FOUND'] },
        { as: 'adminB', query: ORDER, variables: { id: c.y.orderId }, refused: ['NOT_FOUND'] },
        {
          as: 'adminA',
          query: ORDER,
          variables: { id: c.y.orderId },
          answers: (d) => expect(d.order.id).toBe(c.y.orderId),
        },
      ];
    },
  },

  placeOrder: {
    why: 'places for the session’s own account; staff only for a customer of their tenant',
    attempts: (w) => [
      first(w, {
        as: 'x',
        query: PLACE,
        variables: input(w, { items: [ITEM], customerId: w.y.id }),
        refused: ['FORBIDDEN'],
      }),
      {
        as: 'adminA',
        query: PLACE,
        variables: input(w, { items: [ITEM], customerId: w.z.id }),
        refused: ['BAD_USER_INPUT', 'NOT_FOUND'],
      },
      {
        as: 'bOnA',
        query: PLACE,
        variables: input(w, { items: [ITEM], customerId: w.y.id }),
        refused: SIGNED_OUT,
      },
    ],
  },
  cancelOrder: {
    why: 'cancels only an order of the session’s account, or of the staff’s tenant',
    attempts: (w) => {
      const c = commerceOf(w);
      const cancel = (id: string) => input(w, { orderId: id, note: 'isolation check' });
      return [
        first(w, { as: 'x', query: CANCEL, variables: cancel(NO_ID), refused: ['NOT_FOUND'] }),
        {
          as: 'x',
          query: CANCEL,
          variables: cancel(c.y.orderId),
          refused: ['NOT_FOUND'],
          after: unchanged(() => c.y.orderId, 1),
        },
        {
          as: 'adminA',
          query: CANCEL,
          variables: cancel(c.z.orderId),
          refused: ['NOT_FOUND'],
          after: unchanged(() => c.z.orderId, 1),
        },
      ];
    },
  },
};

const ORDERS_MANAGE = [...OWNERS, 'billing'] as const;

export const matrix: Record<string, MatrixRow> = {
  quoteOrder: {
    allowed: [...ORDERS_MANAGE, 'customer'],
    call: (w, role) => ({
      query: QUOTE,
      variables: { c: role === 'customer' ? null : w.x.id, items: [ITEM] },
    }),
  },
  orders: {
    allowed: [...ORDERS_MANAGE, 'customer'],
    call: () => ({ query: '{ orders { total } }' }),
  },
  order: {
    allowed: [...ORDERS_MANAGE, 'customer'],
    call: () => ({ query: ORDER, variables: { id: NO_ID } }),
  },
  placeOrder: {
    allowed: [...ORDERS_MANAGE, 'customer'],
    call: m('placeOrder', 'PlaceOrderInput', '{ order { id } }', (w, role) => ({
      items: [{ ...ITEM, planId: 'no-such-plan' }],
      ...(role === 'customer' ? {} : { customerId: w.x.id }),
    })),
  },
  cancelOrder: {
    allowed: [...ORDERS_MANAGE, 'customer'],
    call: m('cancelOrder', 'CancelOrderInput', '{ id }', () => ({ orderId: NO_ID })),
  },
};
