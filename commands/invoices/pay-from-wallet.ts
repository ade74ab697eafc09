import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import type { Position } from '../../eventstore/types.ts';
import { billingOf, loadTenant } from '../orders/order-context.ts';
import { requireAccountPermission, requirePermission } from '../shared/authorize.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { commandId, inrAmount, parseInput, uuid } from '../shared/validate.ts';
import { payFromWallet } from './wallet-payment.ts';
import { loadInvoice } from './wallet-reads.ts';

const paySchema = z.object({
  commandId,
  invoiceId: uuid,
  amount: inrAmount
    .refine((a) => a.gt(0), 'Must be more than zero.')
    .nullish()
    .transform((a) => a ?? null),
});

/**
 * Pays an invoice from its customer's wallet: the customer (a team member needs
 * account.billing), or staff with billing.manage on their behalf. The whole amount due unless a
 * smaller amount is given where the tenant allows partial payments; never more than is due, and
 * the wallet never goes below zero. The same commandId again: one payment, the first answer.
 */
export async function payInvoiceFromWallet(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ paid: string; position: Position | null }> {
  const cmd = parseInput(paySchema, { ...(input as object), commandId: ctx.commandId });
  if (ctx.actor.role === 'admin' || ctx.actor.role === 'system') {
    requirePermission(ctx, 'billing.manage');
  } else {
    const account = requireAccountPermission(ctx, 'account.billing');
    const { state } = await loadInvoice(deps.store, ctx.tenantId, cmd.invoiceId);
    if (state.customerId !== account) throw new DomainError('NOT_FOUND', 'Invoice not found.');
  }
  const tenant = await loadTenant(deps.store, ctx.tenantId);
  const result = await payFromWallet(deps, ctx, {
    invoiceId: cmd.invoiceId,
    amount: cmd.amount,
    partialAllowed: billingOf(tenant).partialPayments,
  });
  return { paid: result.paid, position: result.position };
}
