import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, inrAmount, parseInput, plainText, uuid } from '../shared/validate.ts';

const debitSchema = z.object({
  commandId,
  customerId: uuid,
  amount: inrAmount,
  description: plainText(200),
});

/**
 * Takes money from a wallet (paying an invoice, an admin's deduction on manual allocation).
 * A customer may only pay from their own wallet; the balance never goes below zero.
 */
export async function debitWallet(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(debitSchema, { ...(input as object), commandId: ctx.commandId });
  mayTouch(ctx, cmd.customerId);
  const paymentId = uuidFrom(`payment:${ctx.tenantId}:${cmd.customerId}:${ctx.commandId}`);
  const result = await handleCommand(deps, ctx, {
    streamId: walletStreamId(cmd.customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'DebitWallet' as const,
      paymentId,
      customerId: cmd.customerId,
      amount: cmd.amount,
      description: cmd.description,
      now,
    }),
  });
  return { ...result, paymentId };
}

const reverseSchema = z.object({
  commandId,
  customerId: uuid,
  paymentId: uuid,
  reason: plainText(300),
});

/** Gives a debit back as a new event (provisioning failed, order cancelled). Admin or system only. */
export async function reverseDebit(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(reverseSchema, { ...(input as object), commandId: ctx.commandId });
  if (ctx.actor.role !== 'admin' && ctx.actor.role !== 'system')
    throw new DomainError('FORBIDDEN', 'Only an admin may reverse a payment.');
  return handleCommand(deps, ctx, {
    streamId: walletStreamId(cmd.customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'ReverseDebit' as const,
      paymentId: cmd.paymentId,
      reason: cmd.reason,
      now,
    }),
  });
}

const creditSchema = z.object({
  commandId,
  customerId: uuid,
  creditId: uuid,
  amount: inrAmount,
  reason: plainText(300),
  source: z.object({ kind: z.enum(['CREDIT_NOTE', 'REFUND']), id: plainText(100) }),
});

/**
 * Gives money to a wallet (a credit note to the wallet, a refund of money paid outside): once per
 * creditId. System or admin only (process managers, staff tools); customers never credit themselves.
 */
export async function creditWallet(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(creditSchema, { ...(input as object), commandId: ctx.commandId });
  if (ctx.actor.role !== 'admin' && ctx.actor.role !== 'system')
    throw new DomainError('FORBIDDEN', 'Only an admin may credit a wallet.');
  return handleCommand(deps, ctx, {
    streamId: walletStreamId(cmd.customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'CreditWallet' as const,
      creditId: cmd.creditId,
      customerId: cmd.customerId,
      amount: cmd.amount.toFixed(2),
      reason: cmd.reason,
      source: cmd.source,
      now,
    }),
  });
}

function mayTouch(ctx: CommandContext, customerId: string) {
  if (ctx.actor.role === 'admin' || ctx.actor.role === 'system') return;
  if (ctx.actor.role === 'customer' && (ctx.accountId ?? ctx.actor.userId) === customerId) return;
  throw new DomainError('FORBIDDEN', 'You may only pay from your own wallet.');
}
