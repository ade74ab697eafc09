import { DomainError } from '../../domain/shared/decider.ts';
import type { CreditScope } from '../../domain/tax/notes/credit-note.ts';
import { payInvoiceFromWallet } from '../../commands/invoices/pay-from-wallet.ts';
import { recordInvoicePayment } from '../../commands/invoices/record-payment.ts';
import { issueCreditNote } from '../../commands/invoices/credit-note.ts';
import { cancelInvoice } from '../../commands/invoices/cancel-invoice.ts';
import { commandContext, settle, type RequestContext } from '../context.ts';
import type { IssueCreditNoteInput, MutationResolvers } from '../generated/resolvers.ts';
import { readCreditNote, readInvoice } from './reads.ts';

/** What commands get: the log and the clock (the wallet's deps carry both). */
const commandDeps = (ctx: RequestContext) => ({
  store: ctx.platform.store,
  now: ctx.platform.wallet.now,
});

/** The SDL's "exactly one of full, lines or taxableValue" as the tax engine's credit scope. */
export function creditScopeOf(input: IssueCreditNoteInput): CreditScope {
  const given = [
    input.full === true ? 'full' : null,
    input.lines !== null && input.lines !== undefined ? 'lines' : null,
    input.taxableValue !== null && input.taxableValue !== undefined ? 'taxableValue' : null,
  ].filter((g) => g !== null);
  if (given.length !== 1) {
    const message =
      given.length === 0
        ? 'give one of full, lines or taxableValue'
        : `give only one of full, lines or taxableValue (got ${given.join(' and ')})`;
    throw new DomainError(
      'BAD_USER_INPUT',
      message,
      (given.length === 0 ? ['full'] : given).map((f) => ({ path: ['input', f], message })),
    );
  }
  if (given[0] === 'full') return { kind: 'full' };
  if (given[0] === 'lines')
    return {
      kind: 'lines',
      lines: input.lines!.map((l) => ({
        lineNo: l.lineNo,
        ...(l.taxableValue === null || l.taxableValue === undefined
          ? {}
          : { taxableValue: l.taxableValue }),
      })),
    };
  return { kind: 'amount', taxableValue: input.taxableValue! };
}

/** Mutations only dispatch commands, wait for the read models, then read the invoice back. */
export const invoiceMutations = {
  async payInvoiceFromWallet(_, args, ctx) {
    const { commandId, invoiceId, amount } = args.input;
    const result = await payInvoiceFromWallet(commandDeps(ctx), commandContext(ctx, commandId), {
      invoiceId,
      ...(amount === null || amount === undefined ? {} : { amount }),
    });
    await settle(ctx, result.position);
    return readInvoice(ctx, invoiceId);
  },
  async recordInvoicePayment(_, args, ctx) {
    const { commandId, ...input } = args.input;
    const result = await recordInvoicePayment(
      commandDeps(ctx),
      commandContext(ctx, commandId),
      input,
    );
    await settle(ctx, result.position);
    return readInvoice(ctx, input.invoiceId);
  },
  async issueCreditNote(_, args, ctx) {
    const { commandId, invoiceId, reason, destination } = args.input;
    const command = commandContext(ctx, commandId);
    const scope = creditScopeOf(args.input);
    const result = await issueCreditNote(commandDeps(ctx), command, {
      invoiceId,
      reason,
      destination,
      scope,
    });
    await settle(ctx, result.position);
    return readCreditNote(ctx, result.creditNoteId);
  },
  async cancelInvoice(_, args, ctx) {
    const { commandId, invoiceId, reason } = args.input;
    const result = await cancelInvoice(commandDeps(ctx), commandContext(ctx, commandId), {
      invoiceId,
      reason,
    });
    await settle(ctx, result.position);
    return readInvoice(ctx, invoiceId);
  },
} satisfies MutationResolvers;
