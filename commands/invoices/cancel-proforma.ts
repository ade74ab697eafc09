import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { invoiceStreamId, type InvoicePaymentRefunded } from '../../domain/invoices/events.ts';
import type { Position } from '../../eventstore/types.ts';
import { laterPosition } from '../orders/order-context.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { inlinePort, refundToWallet, type Cause } from './clearing.ts';
import { reverseUnappliedDebit } from './wallet-payment.ts';
import { loadInvoice } from './wallet-reads.ts';

/**
 * Cancels a proforma (the invoice stream refuses once it is paid in full), then gives every
 * payment it had back to the wallet, inline: wallet debits reversed by their walletPaymentId,
 * bank transfers credited. processes/invoicing does the same from InvoicePaymentRefunded after
 * a crash, with the same command ids.
 */
export async function cancelProforma(
  deps: CommandDeps,
  ctx: CommandContext,
  invoiceId: string,
  reason: string,
): Promise<Position | null> {
  const cancelled = await handleCommand(deps, ctx, {
    streamId: invoiceStreamId(invoiceId),
    decider: invoiceDecider,
    command: (now) => ({
      type: 'CancelProforma' as const,
      reason,
      cancelledBy: ctx.actor.userId,
      now,
    }),
  });
  const cause: Cause = {
    tenantId: ctx.tenantId,
    correlationId: ctx.correlationId ?? ctx.commandId,
    causationId: ctx.commandId,
  };
  const port = inlinePort(deps);
  for (const e of cancelled.events)
    if (e.type === 'InvoicePaymentRefunded')
      await refundToWallet(port.issue, cause, e.data as InvoicePaymentRefunded['data']);
  const { state } = await loadInvoice(deps.store, ctx.tenantId, invoiceId);
  const orphan = await reverseUnappliedDebit(deps, cause, state);
  return laterPosition(laterPosition(cancelled.position, port.position()), orphan);
}
