import { z } from 'zod';
import { conflict } from '../../domain/shared/decider.ts';
import type { Position } from '../../eventstore/types.ts';
import { requirePermission } from '../shared/authorize.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';
import { cancelProforma } from './cancel-proforma.ts';
import { loadInvoice } from './wallet-reads.ts';

const cancelSchema = z.object({ commandId, invoiceId: uuid, reason: plainText(500, 3) });

/**
 * Staff (billing.manage) cancel a proforma that bills no order (an order's proforma is
 * cancelled with its order: cancelOrder). Payments on it go back to the wallet. A cancelled
 * proforma takes no number.
 */
export async function cancelInvoice(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ position: Position | null }> {
  const cmd = parseInput(cancelSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'billing.manage');
  const { state } = await loadInvoice(deps.store, ctx.tenantId, cmd.invoiceId);
  if (state.orderId)
    throw conflict(`This invoice bills order ${state.orderId}: cancel the order instead.`);
  return { position: await cancelProforma(deps, ctx, cmd.invoiceId, cmd.reason) };
}
