import type { TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { orderEventTypes, type OrderEvent } from '../../domain/orders/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

type Of<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>['data'];

/**
 * Orders with their items as sold (names copied from the catalog when placed). The money of an
 * order is its invoice's (rm_invoices), joined by the queries; this model keeps the order's own
 * life: placed, paid, items fulfilled, cancelled. Changes to an order row are guarded by the
 * stream revision of their event, so applying an event twice changes nothing.
 */
export const ordersProjector: Projector = {
  name: 'orders',
  version: 1,
  handles: new Set(orderEventTypes),
  tables: [
    { name: 'orders', orderBy: 'id' },
    { name: 'order_items', orderBy: 'order_id, item_no' },
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table orders (
        id uuid primary key,
        tenant_id text not null,
        customer_id uuid not null,
        invoice_id uuid not null,
        status text not null,
        lines jsonb not null,
        -- plan names and host names, lower case, for the search filter
        search_text text not null,
        placed_at timestamptz not null,
        expires_at timestamptz not null,
        paid_at timestamptz,
        fulfilled_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        cancel_note text,
        cancelled_by text,
        revision bigint not null
      );
      create index orders_by_tenant on orders (tenant_id, placed_at desc, id);
      create index orders_by_customer on orders (customer_id, placed_at desc);
      create index orders_by_invoice on orders (invoice_id);
      create table order_items (
        order_id uuid not null,
        item_no int not null,
        tenant_id text not null,
        item jsonb not null,
        service_id text,
        fulfilled_at timestamptz,
        primary key (order_id, item_no)
      );
    `);
    for (const t of ['orders', 'order_items']) await enableTenantIsolation(tx, t);
  },
  async apply(tx, events) {
    for (const e of events) await applyOne(tx, e);
  },
};

const revisionOf = (e: RecordedEvent) => e.revision.toString();

async function applyOne(tx: TransactionSql, e: RecordedEvent): Promise<void> {
  const event = e as unknown as OrderEvent;
  const tenantId = e.metadata.tenantId;
  const rev = revisionOf(e);
  switch (event.type) {
    case 'OrderPlaced': {
      const d: Of<'OrderPlaced'> = event.data;
      const search = d.items
        .flatMap((i) => [i.planName, i.hostname])
        .join(' ')
        .toLowerCase();
      await tx`
        insert into orders (id, tenant_id, customer_id, invoice_id, status, lines, search_text, placed_at,
          expires_at, revision)
        values (${d.orderId}, ${tenantId}, ${d.customerId}, ${d.invoiceId}, 'PENDING',
          ${tx.json(d.lines as never)}, ${search}, ${d.placedAt}, ${d.expiresAt}, ${rev})
        on conflict (id) do nothing`;
      if (d.items.length > 0)
        await tx`
          insert into order_items (order_id, item_no, tenant_id, item)
          select ${d.orderId}::uuid, unnest(${d.items.map((i) => i.itemNo)}::int[]), ${tenantId},
            unnest(${d.items.map((i) => JSON.stringify(i))}::text[])::jsonb
          on conflict do nothing`;
      return;
    }
    case 'OrderPaid': {
      const d: Of<'OrderPaid'> = event.data;
      await tx`update orders set status = 'PAID', paid_at = ${d.paidAt}, revision = ${rev}
        where id = ${d.orderId} and revision < ${rev}`;
      return;
    }
    case 'OrderItemFulfilled': {
      const d: Of<'OrderItemFulfilled'> = event.data;
      await tx`update order_items set service_id = ${d.serviceId}, fulfilled_at = ${d.fulfilledAt}
        where order_id = ${d.orderId} and item_no = ${d.itemNo}`;
      await tx`update orders set revision = ${rev} where id = ${d.orderId} and revision < ${rev}`;
      return;
    }
    case 'OrderFulfilled': {
      const d: Of<'OrderFulfilled'> = event.data;
      await tx`update orders set status = 'FULFILLED', fulfilled_at = ${d.fulfilledAt}, revision = ${rev}
        where id = ${d.orderId} and revision < ${rev}`;
      return;
    }
    case 'OrderCancelled': {
      const d: Of<'OrderCancelled'> = event.data;
      await tx`update orders set status = 'CANCELLED', cancelled_at = ${d.cancelledAt}, cancel_reason = ${d.reason},
          cancel_note = ${d.note}, cancelled_by = ${d.cancelledBy}, revision = ${rev}
        where id = ${d.orderId} and revision < ${rev}`;
      return;
    }
    default:
      return;
  }
}
