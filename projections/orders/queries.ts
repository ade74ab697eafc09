import type { Row, TransactionSql } from 'postgres';
import type { PricedItem } from '../../domain/orders/pricing.ts';
import { likePattern } from '../invoices/queries.ts';

// The orders read model's queries (tables: projector.ts). Each takes a transaction scoped to
// the request's tenant (projections/shared/scoped.ts `readScoped`): row-level security keeps
// other tenants' rows out, the caller decides who may ask. An order's money is its invoice's.

/** An order with its customer and its invoice's total and payments. */
export interface OrderRow extends Row {
  id: string;
  customer_id: string;
  invoice_id: string;
  status: 'PENDING' | 'PAID' | 'FULFILLED' | 'CANCELLED';
  placed_at: Date;
  expires_at: Date;
  paid_at: Date | null;
  fulfilled_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: 'CUSTOMER' | 'ADMIN' | 'EXPIRED' | null;
  cancel_note: string | null;
  /** Null only while the invoice's event has not been projected (never after a settle). */
  total: string | null;
  amount_paid: string | null;
  invoice_status: string | null;
  customer_email: string | null;
  customer_name: string | null;
  customer_company: string | null;
  items: (PricedItem & { serviceId: string | null })[];
}

const ORDER_COLUMNS = `o.id, o.customer_id, o.invoice_id, o.status, o.placed_at, o.expires_at, o.paid_at, o.fulfilled_at,
  o.cancelled_at, o.cancel_reason, o.cancel_note, i.total::text, i.amount_paid::text, i.status as invoice_status,
  u.email as customer_email, u.name as customer_name, a.company as customer_company,
  (select coalesce(json_agg(it.item || jsonb_build_object('serviceId', it.service_id) order by it.item_no), '[]'::json)
     from rm_orders.order_items it where it.order_id = o.id) as items`;
const ORDER_FROM = `rm_orders.orders o left join rm_invoices.invoices i on i.id = o.invoice_id
  left join rm_identity.users u on u.id = o.customer_id left join rm_accounts.accounts a on a.user_id = o.customer_id`;

/** One order by id (a uuid; the caller checks the form), or undefined. */
export async function orderById(tx: TransactionSql, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx.unsafe(`select ${ORDER_COLUMNS} from ${ORDER_FROM} where o.id = $1`, [id]);
  return row as OrderRow | undefined;
}

/** The order an invoice was issued for, if any. */
export async function orderOfInvoice(
  tx: TransactionSql,
  invoiceId: string,
): Promise<string | null> {
  const [row] = await tx`select id from rm_orders.orders where invoice_id = ${invoiceId}`;
  return (row?.id as string | undefined) ?? null;
}

export interface OrderFilter {
  status?: string | null;
  /** Customer name, email or company, a host name or a plan name. */
  search?: string | null;
  customerId?: string | null;
  placedFrom?: Date | null;
  placedTo?: Date | null;
}

/** One page of orders, newest first, and how many match. */
export async function orderPage(
  tx: TransactionSql,
  page: { customerId: string | null; filter: OrderFilter; first: number; offset: number },
): Promise<{ rows: OrderRow[]; total: number }> {
  const { customerId, filter: f } = page;
  const like = likePattern(f.search);
  const where = [
    customerId ? tx`o.customer_id = ${customerId}` : null,
    f.customerId ? tx`o.customer_id = ${f.customerId}` : null,
    f.status ? tx`o.status = ${f.status}` : null,
    f.placedFrom ? tx`o.placed_at >= ${f.placedFrom}` : null,
    f.placedTo ? tx`o.placed_at <= ${f.placedTo}` : null,
    like
      ? tx`(o.search_text ilike ${like} or u.email ilike ${like} or u.name ilike ${like} or a.company ilike ${like})`
      : null,
  ].filter((c) => c !== null);
  const conditions = where.length ? where.reduce((a, c) => tx`${a} and ${c}`) : tx`true`;
  const [rows, [count]] = await Promise.all([
    tx`select ${tx.unsafe(ORDER_COLUMNS)} from ${tx.unsafe(ORDER_FROM)}
       where ${conditions} order by o.placed_at desc, o.id limit ${page.first} offset ${page.offset}`,
    tx`select count(*)::int as total from ${tx.unsafe(ORDER_FROM)} where ${conditions}`,
  ]);
  return { rows: rows as unknown as OrderRow[], total: count!.total as number };
}
