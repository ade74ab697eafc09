import { z } from 'zod';
import { orderDecider, type OrderState } from '../../domain/orders/decider.ts';
import { orderStreamId, type CancelReason, type OrderEvent } from '../../domain/orders/events.ts';
import { conflict, fold, notFound } from '../../domain/shared/decider.ts';
import type { Position } from '../../eventstore/types.ts';
import { cancelProforma } from '../invoices/cancel-proforma.ts';
import { requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';
import { laterPosition } from './order-context.ts';

const cancelSchema = z.object({
  commandId,
  orderId: uuid,
  note: plainText(500, 0)
    .nullish()
    .transform((n) => n ?? ''),
});

/**
 * Cancels an unpaid order: a customer their own (a team member needs account.billing), staff
 * with orders.manage any of the tenant's. The proforma is cancelled first (the invoice stream is
 * the authority on payments and refuses once paid; any partial payment goes back to the
 * wallet), then the order. A paid order is refunded by a credit note instead.
 */
export async function cancelOrder(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ position: Position | null }> {
  const cmd = parseInput(cancelSchema, { ...(input as object), commandId: ctx.commandId });
  const staff = ctx.actor.role === 'admin' || ctx.actor.role === 'system';
  const account = staff
    ? (requirePermission(ctx, 'orders.manage'), null)
    : requireAccountPermission(ctx, 'account.billing');
  const events = await deps.store.readStream(orderStreamId(cmd.orderId));
  const order: OrderState = fold(orderDecider, events as unknown as OrderEvent[]);
  const customerId = (events[0]?.data as { customerId?: string } | undefined)?.customerId;
  if (order.status === 'NONE' || order.tenantId !== ctx.tenantId) throw notFound('order');
  if (account !== null && customerId !== account) throw notFound('order');
  if (order.status === 'PAID' || order.status === 'FULFILLED')
    throw conflict('A paid order cannot be cancelled; refund it with a credit note.');
  const reason: CancelReason = staff ? 'ADMIN' : 'CUSTOMER';
  const why =
    cmd.note.length >= 3 ? cmd.note : `Order cancelled by ${staff ? 'staff' : 'the customer'}`;
  const invoicePosition = await cancelProforma(deps, ctx, order.invoiceId, why);
  const cancelled = await handleCommand(deps, ctx, {
    streamId: orderStreamId(cmd.orderId),
    decider: orderDecider,
    command: (now) => ({
      type: 'CancelOrder' as const,
      reason,
      cancelledBy: ctx.actor.userId,
      note: cmd.note,
      now,
    }),
  });
  return { position: laterPosition(invoicePosition, cancelled.position) };
}
