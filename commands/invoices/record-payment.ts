import { z } from 'zod';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { invoiceStreamId, type InvoicePaid } from '../../domain/invoices/events.ts';
import { inr } from '../../domain/shared/money.ts';
import type { Position } from '../../eventstore/types.ts';
import { laterPosition } from '../orders/order-context.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, inrAmount, parseInput, plainText, uuid } from '../shared/validate.ts';
import { clearInvoice } from './clearing.ts';
import { loadInvoice } from './wallet-reads.ts';

const recordSchema = z.object({
  commandId,
  invoiceId: uuid,
  amount: inrAmount.refine((a) => a.gt(0), 'Must be more than zero.'),
  reference: plainText(100, 3),
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD.'),
});

/**
 * Staff (billing.manage) record money received outside the platform (a bank transfer with its
 * reference and date, not in the future). Partial payments are kept; never more than is due.
 * When it clears the invoice, the tax invoice is numbered and its order marked paid inline.
 */
export async function recordInvoicePayment(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ paymentId: string; position: Position | null }> {
  const cmd = parseInput(recordSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'billing.manage');
  await loadInvoice(deps.store, ctx.tenantId, cmd.invoiceId);
  const paymentId = uuidFrom(`bank-payment:${ctx.tenantId}:${cmd.invoiceId}:${ctx.commandId}`);
  const applied = await handleCommand(deps, ctx, {
    streamId: invoiceStreamId(cmd.invoiceId),
    decider: invoiceDecider,
    command: (now) => ({
      type: 'ApplyPayment' as const,
      paymentId,
      amount: inr(cmd.amount),
      method: {
        kind: 'BANK_TRANSFER' as const,
        reference: cmd.reference,
        receivedOn: cmd.receivedOn,
      },
      recordedBy: ctx.actor.userId,
      now,
    }),
  });
  let position = applied.position;
  const paid = applied.events.find((e) => e.type === 'InvoicePaid');
  if (paid) {
    const cause = {
      tenantId: ctx.tenantId,
      correlationId: ctx.correlationId ?? ctx.commandId,
      causationId: ctx.commandId,
    };
    position = laterPosition(
      position,
      await clearInvoice(deps, cause, paid.data as InvoicePaid['data']),
    );
  }
  return { paymentId, position };
}
