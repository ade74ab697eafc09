import type { TransactionSql } from 'postgres';
import { aboutField, DomainError, notFound } from '../../domain/shared/decider.ts';
import { D, inr } from '../../domain/shared/money.ts';
import { hasNul, isUuid } from '../../commands/shared/validate.ts';
import { accountOf } from '../../commands/shared/authorize.ts';
import { quoteOrder } from '../../commands/orders/quote-order.ts';
import { placeOrder } from '../../commands/orders/place-order.ts';
import { cancelOrder } from '../../commands/orders/cancel-order.ts';
import {
  commandContext,
  readScoped,
  requireViewer,
  settle,
  type RequestContext,
  type Viewer,
} from '../context.ts';
import { clamp } from '../identity/resolvers.ts';
import { orderById, orderPage, type OrderRow } from '../../projections/orders/queries.ts';
import { invoiceById, invoicesByIds } from '../../projections/invoices/queries.ts';
import { walletBalance } from '../../projections/wallet/queries.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import type { Invoice } from '../invoices/mappers.ts';
import { toDocument, toInvoice } from '../invoices/shapes.ts';
import type { Order } from './mappers.ts';
import { requireOrderReader, seesOrdersOf } from './access.ts';

export function toOrder(r: OrderRow, invoice?: Invoice): Order {
  const total = r.total ?? '0.00';
  const due =
    r.status === 'CANCELLED' || r.invoice_status === 'CANCELLED'
      ? '0.00'
      : inr(new D(total).minus(r.amount_paid ?? '0.00'));
  return {
    id: r.id,
    customer: {
      id: r.customer_id,
      email: r.customer_email ?? '',
      name: r.customer_name ?? '',
      company: r.customer_company ?? null,
    },
    status: r.status,
    items: r.items.map((i) => ({ ...i, serviceId: i.serviceId ?? null })),
    invoiceId: r.invoice_id,
    ...(invoice ? { invoice } : {}),
    total,
    amountDue: due,
    placedAt: r.placed_at,
    expiresAt: r.expires_at,
    paidAt: r.paid_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    cancelNote: r.cancel_note || null,
  };
}

/** One order the viewer may see, or NOT_FOUND (another customer's or tenant's is "not found"). */
async function loadOrder(tx: TransactionSql, viewer: Viewer, id: string): Promise<Order> {
  requireOrderReader(viewer);
  if (!isUuid(id)) throw notFound('order');
  const row = await orderById(tx, id);
  if (!row || !seesOrdersOf(viewer, row.customer_id)) throw notFound('order');
  return toOrder(row);
}

const readOrder = (ctx: RequestContext, id: string) =>
  readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadOrder(tx, requireViewer(ctx), id));

/** What commands get: the log and the clock (the wallet's deps carry both). */
const commandDeps = (ctx: RequestContext) => ({
  store: ctx.platform.store,
  now: ctx.platform.wallet.now,
});

function badFilter(field: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', aboutField(field, message), [
    { path: ['filter', field], message },
  ]);
}

/** Typed by the SDL (graphql/generated/resolvers.ts): a wrong shape or argument fails tsc. */
export const orderResolvers = {
  Query: {
    async quoteOrder(_, args, ctx) {
      const viewer = requireViewer(ctx);
      // Reads only: the command context is the viewer's, under a throwaway id.
      const quote = await quoteOrder(commandDeps(ctx), commandContext(ctx, 'quote'), {
        items: args.items,
        customerId: args.customerId ?? null,
      });
      const balance =
        (await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
          walletBalance(tx, quote.customerId ?? accountOf(viewer)),
        )) ?? '0.00';
      const total = new D(quote.document.totals.total);
      const after = new D(balance).minus(total);
      return {
        document: toDocument(quote.document, quote.sources),
        walletBalance: inr(new D(balance)),
        balanceAfter: inr(after),
        shortfall: after.isNegative() ? inr(after.negated()) : '0.00',
        partialPaymentAllowed: quote.partialPaymentAllowed,
        billingStateMissing: quote.billingStateMissing,
      };
    },
    async orders(_, args, ctx) {
      const viewer = requireOrderReader(requireViewer(ctx));
      const f = args.filter ?? {};
      if (hasNul(f.search)) throw badFilter('search', 'Contains control characters.');
      if (f.customerId && !isUuid(f.customerId))
        throw badFilter('customerId', 'Not a customer id.');
      if (f.placedFrom && f.placedTo && f.placedFrom > f.placedTo)
        throw badFilter('placedTo', 'Comes before placedFrom.');
      const { rows, total, invoices } = await readScoped(
        ctx.platform.sql,
        ctx.tenantId,
        async (tx) => {
          const found = await orderPage(tx, {
            customerId: viewer.role === 'customer' ? accountOf(viewer) : null,
            filter: {
              status: f.status ?? null,
              search: f.search?.trim() || null,
              customerId: f.customerId ?? null,
              placedFrom: f.placedFrom ?? null,
              placedTo: f.placedTo ?? null,
            },
            first: clamp(args.first, 200),
            offset: Math.max(0, Math.trunc(args.offset ?? 0)),
          });
          const invoices = await invoicesByIds(
            tx,
            found.rows.map((r) => r.invoice_id),
          );
          return { ...found, invoices: new Map(invoices.map((i) => [i.id, toInvoice(i)])) };
        },
      );
      return { items: rows.map((r) => toOrder(r, invoices.get(r.invoice_id))), total };
    },
    order: (_, args, ctx) => readOrder(ctx, args.id),
  },
  Order: {
    async invoice(order, _, ctx) {
      if (order.invoice) return order.invoice;
      // The order was access-checked; its invoice is shown with it.
      const row = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        invoiceById(tx, order.invoiceId),
      );
      if (!row) throw notFound('invoice');
      return toInvoice(row);
    },
  },
  Mutation: {
    async placeOrder(_, args, ctx) {
      const { commandId, ...input } = args.input;
      const result = await placeOrder(commandDeps(ctx), commandContext(ctx, commandId), {
        items: input.items,
        pay: input.pay ?? 'LATER',
        customerId: input.customerId ?? null,
      });
      await settle(ctx, result.position);
      const viewer = requireViewer(ctx);
      // The order is access-checked; its invoice is shown with it (as Order.invoice does).
      const { order, invoice } = await readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const order = await loadOrder(tx, viewer, result.orderId);
        const row = await invoiceById(tx, result.invoiceId);
        if (!row) throw notFound('invoice');
        return { order, invoice: toInvoice(row) };
      });
      return { order: { ...order, invoice }, invoice, paidFromWallet: result.paidFromWallet };
    },
    async cancelOrder(_, args, ctx) {
      const { commandId, ...input } = args.input;
      const result = await cancelOrder(commandDeps(ctx), commandContext(ctx, commandId), {
        orderId: input.orderId,
        note: input.note ?? undefined,
      });
      await settle(ctx, result.position);
      return readOrder(ctx, input.orderId);
    },
  },
} satisfies Resolvers;
