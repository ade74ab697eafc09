import { z } from 'zod';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { orderDecider } from '../../domain/orders/decider.ts';
import { orderStreamId, type OrderPlaced } from '../../domain/orders/events.ts';
import { badInput, conflict } from '../../domain/shared/decider.ts';
import { D, inr } from '../../domain/shared/money.ts';
import type { Position } from '../../eventstore/types.ts';
import { payFromWallet } from '../invoices/wallet-payment.ts';
import { loadWallet } from '../invoices/wallet-reads.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { customerIdSchema, customerOf, laterPosition, orderItemsSchema } from './order-context.ts';
import { billingContext, priceForCustomer, sourceOf } from './quote-order.ts';

const PAY_WITH = ['WALLET', 'WALLET_PARTIAL', 'LATER'] as const;

const placeSchema = z.object({
  commandId,
  items: orderItemsSchema,
  pay: z
    .enum(PAY_WITH, { message: `Must be one of ${PAY_WITH.join(', ')}.` })
    .nullish()
    .transform((p) => p ?? 'LATER'),
  customerId: customerIdSchema,
});

/** The order and its proforma come from one commandId: a retry finds both again. */
export const orderIdOf = (tenantId: string, customerId: string, commandId: string) =>
  uuidFrom(`order:${tenantId}:${customerId}:${commandId}`);
export const invoiceIdOf = (tenantId: string, customerId: string, commandId: string) =>
  uuidFrom(`invoice:${tenantId}:${customerId}:${commandId}`);

/**
 * Places an order: OrderPlaced on order-<id>, then its proforma (ProformaIssued on
 * invoice-<id>) with the figures of the moment, both from the one commandId (a crash between
 * them heals on retry; the same commandId twice is one order, one invoice, the first answer).
 * Then pays as asked: WALLET the whole total (refused with CONFLICT naming the shortfall before
 * anything is written when the balance is short), WALLET_PARTIAL the balance up to the total
 * (only where the tenant allows partial payments), LATER nothing.
 */
export async function placeOrder(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{
  orderId: string;
  invoiceId: string;
  paidFromWallet: string;
  position: Position | null;
}> {
  const cmd = parseInput(placeSchema, { ...(input as object), commandId: ctx.commandId });
  const customerId = customerOf(ctx, cmd.customerId, 'orders.manage', 'account.billing');
  const orderId = orderIdOf(ctx.tenantId, customerId, ctx.commandId);
  const invoiceId = invoiceIdOf(ctx.tenantId, customerId, ctx.commandId);
  const existing = await deps.store.readStream(orderStreamId(orderId));
  // A retry of a placed order answers from what it recorded, whatever the catalog says now.
  const { catalog, supplier, recipient, billing, document } =
    existing.length === 0
      ? await priceForCustomer(deps, ctx.tenantId, customerId, cmd.items)
      : await billingContext(deps, ctx.tenantId, customerId);
  if (cmd.pay === 'WALLET_PARTIAL' && !billing.partialPayments)
    throw badInput('pay', 'This tenant takes invoices paid in full: choose WALLET or LATER.');
  if (cmd.pay === 'WALLET' && document) {
    const wallet = await loadWallet(deps.store, customerId);
    const total = new D(document.totals.total);
    if (wallet.balance.lt(total))
      throw conflict(
        `Insufficient wallet balance: missing ₹${inr(total.minus(wallet.balance))} (₹${inr(total)} to pay, ₹${inr(wallet.balance)} in the wallet); top up or pay later.`,
      );
  }

  const order = await handleCommand(deps, ctx, {
    streamId: orderStreamId(orderId),
    decider: orderDecider,
    command: (now) => ({
      type: 'PlaceOrder' as const,
      tenantId: ctx.tenantId,
      orderId,
      customerId,
      invoiceId,
      items: cmd.items,
      catalog,
      unpaidCancelAfterDays: billing.unpaidOrderDays,
      now,
    }),
    // Read at the time: a retry after a price change or a settings change is the same order.
    perAttempt: { catalog: undefined, unpaidCancelAfterDays: undefined },
  });
  const placed = order.events.find((e) => e.type === 'OrderPlaced');
  if (!placed) throw conflict('This order was not placed; send a new commandId.');
  // The proforma bills what the order recorded (the first attempt's lines, on a retry too).
  const lines = (placed.data as OrderPlaced['data']).lines;
  const proforma = await handleCommand(deps, ctx, {
    streamId: invoiceStreamId(invoiceId),
    decider: invoiceDecider,
    command: (now) => ({
      type: 'IssueProforma' as const,
      tenantId: ctx.tenantId,
      invoiceId,
      customerId,
      orderId,
      lines: lines.map((l) => ({ ...l, source: sourceOf(l) })),
      supplier,
      recipient,
      roundOff: billing.roundOff,
      now,
    }),
    perAttempt: { supplier: undefined, recipient: undefined, roundOff: undefined },
  });
  let position = laterPosition(order.position, proforma.position);

  let paidFromWallet = '0.00';
  if (cmd.pay !== 'LATER') {
    const paid = await payFromWallet(deps, ctx, {
      invoiceId,
      amount: null,
      partialAllowed: billing.partialPayments,
      upToBalance: cmd.pay === 'WALLET_PARTIAL',
    });
    paidFromWallet = paid.paid;
    position = laterPosition(position, paid.position);
  }
  return { orderId, invoiceId, paidFromWallet, position };
}
