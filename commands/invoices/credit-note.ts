import { z } from 'zod';
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import { invoiceStreamId, type CreditNoteRaised } from '../../domain/invoices/events.ts';
import type { CreditScope } from '../../domain/tax/notes/credit-note.ts';
import type { Position } from '../../eventstore/types.ts';
import { laterPosition } from '../orders/order-context.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, plainText, uuid } from '../shared/validate.ts';
import { inlinePort, issueCreditNoteFor, storeNumberingReads } from './clearing.ts';
import { loadInvoice } from './wallet-reads.ts';

const money = z.string().regex(/^\d+(\.\d{1,2})?$/, 'Give an amount such as 1234.50.');

const scopeSchema: z.ZodType<CreditScope> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full') }),
  z.object({
    kind: z.literal('lines'),
    lines: z
      .array(
        z.object({
          lineNo: z.number().int('Must be a whole number.').min(1, 'Lines are numbered from 1.'),
          taxableValue: money.optional(),
        }),
      )
      .min(1, 'Name at least one line.'),
  }),
  z.object({ kind: z.literal('amount'), taxableValue: money }),
]);

const creditSchema = z.object({
  commandId,
  invoiceId: uuid,
  reason: plainText(500, 3),
  destination: z.enum(['WALLET', 'REFUNDED_OUTSIDE'], {
    message: 'Must be WALLET or REFUNDED_OUTSIDE.',
  }),
  scope: scopeSchema,
});

/**
 * Staff (billing.manage) credit a tax invoice, in full, by lines or by a taxable amount, never
 * more than is left to credit (the invoice decider and calculateCreditNote refuse, naming the
 * field). Then, inline: the credit-note series' next number, the issued note, and the credit to
 * the wallet when that is its destination. The same commandId again: one note, the first answer.
 */
export async function issueCreditNote(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ creditNoteId: string; position: Position | null }> {
  const cmd = parseInput(creditSchema, { ...(input as object), commandId: ctx.commandId });
  requirePermission(ctx, 'billing.manage');
  await loadInvoice(deps.store, ctx.tenantId, cmd.invoiceId);
  const creditNoteId = uuidFrom(`credit-note:${ctx.tenantId}:${cmd.invoiceId}:${ctx.commandId}`);
  const raised = await handleCommand(deps, ctx, {
    streamId: invoiceStreamId(cmd.invoiceId),
    decider: invoiceDecider,
    command: (now) => ({
      type: 'RaiseCreditNote' as const,
      creditNoteId,
      scope: cmd.scope,
      reason: cmd.reason,
      destination: cmd.destination,
      raisedBy: ctx.actor.userId,
      now,
    }),
  });
  const event = raised.events.find((e) => e.type === 'CreditNoteRaised');
  if (!event) return { creditNoteId, position: raised.position };
  const port = inlinePort(deps);
  await issueCreditNoteFor(
    port.issue,
    storeNumberingReads(deps.store),
    {
      tenantId: ctx.tenantId,
      correlationId: ctx.correlationId ?? ctx.commandId,
      causationId: ctx.commandId,
    },
    event.data as CreditNoteRaised['data'],
  );
  return { creditNoteId, position: laterPosition(raised.position, port.position()) };
}
