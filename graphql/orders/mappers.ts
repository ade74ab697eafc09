import type { Order as GqlOrder } from '../generated/resolvers.ts';
import type { Invoice } from '../invoices/mappers.ts';

/** An order as its resolvers hand it on: its invoice is read by `Order.invoice` unless a list brought it. */
export interface Order extends Omit<GqlOrder, 'invoice'> {
  invoiceId: string;
  invoice?: Invoice;
}
