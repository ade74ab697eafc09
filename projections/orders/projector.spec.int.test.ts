import { afterAll, describe, it } from 'vitest';
import { fold } from '../../domain/shared/decider.ts';
import { demoSnapshot } from '../../domain/catalog/spec-fixtures.ts';
import { orderDecider, type OrderCommand } from '../../domain/orders/decider.ts';
import { orderStreamId, type OrderEvent } from '../../domain/orders/events.ts';
import {
  endProjectorSpecs,
  projectorSpec,
  SPEC_TENANT,
  type GivenEvent,
} from '../shared/testing/projector-spec.ts';
import { ordersProjector } from './projector.ts';

/** The orders read model from an order's events, made by the order decider itself. */
afterAll(endProjectorSpecs);

const ORDER = '11111111-1111-4111-8111-111111111111';
const CUSTOMER = '22222222-2222-4222-8222-222222222222';
const INVOICE = '33333333-3333-4333-8333-333333333333';
const ADMIN = '44444444-4444-4444-8444-444444444444';
const at = (day: number) => `2026-05-0${day}T10:00:00.000Z`;

function story(commands: OrderCommand[]): GivenEvent[] {
  const events: OrderEvent[] = [];
  for (const c of commands) events.push(...orderDecider.decide(c, fold(orderDecider, events)));
  return events.map((e) => ({ ...e, streamId: orderStreamId(ORDER) }));
}

const item = (hostname: string) => ({
  planId: 'plan-vps',
  cycle: 'MONTHLY' as const,
  operatingSystemId: 'os-ubuntu',
  dataCentreId: 'dc-mum',
  hostname,
  addons: [{ addonId: 'addon-cpanel' }],
});
const place: OrderCommand = {
  type: 'PlaceOrder',
  tenantId: SPEC_TENANT,
  orderId: ORDER,
  customerId: CUSTOMER,
  invoiceId: INVOICE,
  items: [item('Web1.Example.com'), item('web2.example.com')],
  catalog: demoSnapshot(),
  now: at(1),
};
const paid: OrderCommand = { type: 'MarkOrderPaid', invoiceId: INVOICE, now: at(2) };

describe('orders projector', () => {
  it('a placed order is pending, with its items as sold and its lines, searchable by plan and host', async () => {
    const events = story([place]);
    const placed = events[0]!.data as Extract<OrderEvent, { type: 'OrderPlaced' }>['data'];
    const spec = projectorSpec(ordersProjector).given(events);
    await spec.thenRows('orders', [
      {
        id: ORDER,
        tenant_id: SPEC_TENANT,
        customer_id: CUSTOMER,
        invoice_id: INVOICE,
        status: 'PENDING',
        lines: placed.lines,
        search_text:
          `${placed.items[0]!.planName} web1.example.com ${placed.items[1]!.planName} web2.example.com`.toLowerCase(),
        placed_at: at(1),
        expires_at: '2026-05-08T10:00:00.000Z',
        paid_at: null,
        revision: '0',
      },
    ]);
    await spec.thenRows(
      'order_items',
      placed.items.map((i) => ({ order_id: ORDER, item_no: i.itemNo, item: i, service_id: null })),
    );
  });

  it('paid, then each item fulfilled with its service, then the order fulfilled', async () => {
    const spec = projectorSpec(ordersProjector).given(
      story([
        place,
        paid,
        { type: 'FulfilOrderItem', itemNo: 1, serviceId: 'svc-1', now: at(3) },
        { type: 'FulfilOrderItem', itemNo: 2, serviceId: 'svc-2', now: at(4) },
      ]),
    );
    await spec.thenRows('orders', [
      { status: 'FULFILLED', paid_at: at(2), fulfilled_at: at(4), cancelled_at: null },
    ]);
    await spec.thenRows('order_items', [
      { item_no: 1, service_id: 'svc-1', fulfilled_at: at(3) },
      { item_no: 2, service_id: 'svc-2', fulfilled_at: at(4) },
    ]);
  });

  it('a cancelled order keeps why, by whom and the note', async () => {
    await projectorSpec(ordersProjector)
      .given(
        story([
          place,
          {
            type: 'CancelOrder',
            reason: 'ADMIN',
            cancelledBy: ADMIN,
            note: 'duplicate',
            now: at(3),
          },
        ]),
      )
      .thenRows('orders', [
        {
          status: 'CANCELLED',
          cancelled_at: at(3),
          cancel_reason: 'ADMIN',
          cancel_note: 'duplicate',
          cancelled_by: ADMIN,
          paid_at: null,
        },
      ]);
  });
});
