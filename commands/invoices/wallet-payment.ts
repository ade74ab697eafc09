import { invoiceDecider, amountDue, type InvoiceState } from '../../domain/invoices/decider.ts';
import { invoiceStreamId, type InvoicePaid } from '../../domain/invoices/events.ts';
import { DomainError, badInput, conflict } from '../../domain/shared/decider.ts';
import { inr, type Dec } from '../../domain/shared/money.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import type { Position, RecordedEvent } from '../../eventstore/types.ts';
import { laterPosition } from '../orders/order-context.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import {
  clearInvoice,
  reverseCommandId,
  reverseWalletPaymentSpec,
  type Cause,
} from './clearing.ts';
import { loadInvoice, loadWallet } from './wallet-reads.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { walletPaymentDescription } from '../../domain/invoices/payment-words.ts';

/**
 * The wallet debit of an invoice's n-th payment. Two calls paying the same invoice at once see
 * the same payments so far and derive the same debit: the wallet takes it once, the invoice
 * applies it once.
 */
export const walletPaymentId = (tenantId: string, invoiceId: string, sequence: number) =>
  uuidFrom(`invoice-payment:${tenantId}:${invoiceId}:${sequence}`);

export interface WalletPaymentRequest {
  invoiceId: string;
  /** null: the whole amount due. */
  amount: Dec | null;
  /** A payment of less than is due (tenant setting). */
  partialAllowed: boolean;
  /** WALLET_PARTIAL: as much as the balance holds, up to the amount due; nothing when it is empty. */
  upToBalance?: boolean;
}

export interface WalletPaymentResult {
  paid: string;
  position: Position | null;
  invoice: InvoiceState;
}

const MAX_ROUNDS = 20;

function insufficient(balance: Dec, needed: Dec) {
  return conflict(
    `Insufficient wallet balance: missing ₹${inr(needed.minus(balance))} (₹${inr(needed)} to pay, ₹${inr(balance)} in the wallet).`,
  );
}

/** The answer this commandId already got: the payment it applied (its causation), if any. */
function priorPayment(events: RecordedEvent[], commandId: string) {
  return events.find(
    (e) => e.type === 'InvoicePaymentApplied' && e.metadata.causationId === commandId,
  );
}

/**
 * Pays an invoice from its customer's wallet: debit the wallet, apply the payment, and when that
 * clears the invoice number it and mark its order paid, inline. If the invoice refuses the
 * payment (cancelled meanwhile, paid by another route), the debit is reversed: no money lost.
 * Authorization is the caller's; this holds the money rules.
 */
export async function payFromWallet(
  deps: CommandDeps,
  ctx: CommandContext,
  req: WalletPaymentRequest,
): Promise<WalletPaymentResult> {
  const cause: Cause = {
    tenantId: ctx.tenantId,
    correlationId: ctx.correlationId ?? ctx.commandId,
    causationId: ctx.commandId,
  };
  let position: Position | null = null;
  for (let round = 1; ; round++) {
    const { state, events } = await loadInvoice(deps.store, ctx.tenantId, req.invoiceId);
    const prior = priorPayment(events, ctx.commandId);
    if (prior) {
      // A retry: the first answer, after finishing what a crash may have left undone.
      position = laterPosition(position, prior.position);
      const paid = events.find((e) => e.type === 'InvoicePaid');
      if (paid)
        position = laterPosition(
          position,
          await clearInvoice(deps, cause, paid.data as InvoicePaid['data']),
        );
      const latest = await loadInvoice(deps.store, ctx.tenantId, req.invoiceId);
      return { paid: (prior.data as { amount: string }).amount, position, invoice: latest.state };
    }
    if (state.status !== 'PROFORMA') {
      await reverseUnappliedDebit(deps, cause, state);
      throw conflict(
        state.status === 'CANCELLED'
          ? 'This invoice was cancelled; it cannot be paid.'
          : 'This invoice is already paid in full.',
      );
    }

    const due = amountDue(state);
    const sequence = Object.keys(state.payments).length + 1;
    const paymentId = walletPaymentId(ctx.tenantId, req.invoiceId, sequence);
    const wallet = await loadWallet(deps.store, state.customerId);
    const pending = wallet.payments.get(paymentId);
    if (pending?.reversed) {
      if (round < MAX_ROUNDS) continue;
      throw conflict('Another payment on this invoice was just refused; try again.');
    }
    let amount: Dec;
    if (pending) {
      // A debit for this payment is already taken (a concurrent call, or one that crashed
      // before applying it): apply that one, never a second.
      amount = pending.amount;
    } else {
      amount = req.amount ?? due;
      if (req.upToBalance) {
        amount = wallet.balance.lt(due) ? wallet.balance : due;
        if (amount.lte(0)) return { paid: '0.00', position, invoice: state };
      }
      if (amount.gt(due))
        throw badInput(
          'amount',
          `₹${inr(amount)} is more than the ₹${inr(due)} due on this invoice; pay at most ₹${inr(due)}.`,
        );
      if (amount.lt(due) && !req.partialAllowed)
        throw badInput(
          'amount',
          `This invoice is paid in full: pay ₹${inr(due)} (partial payments are not enabled).`,
        );
      if (wallet.balance.lt(amount)) throw insufficient(wallet.balance, amount);
    }

    const stepCtx = (commandId: string): CommandContext => ({
      ...ctx,
      commandId,
      correlationId: cause.correlationId,
      causationId: ctx.commandId,
    });
    try {
      const debit = await handleCommand(deps, stepCtx(`pay:${paymentId}`), {
        streamId: walletStreamId(state.customerId),
        decider: walletDecider,
        command: (now) => ({
          type: 'DebitWallet' as const,
          paymentId,
          customerId: state.customerId,
          amount,
          description: walletPaymentDescription(state),
          now,
        }),
      });
      position = laterPosition(position, debit.position);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'CONFLICT') throw e;
      if (e.message.startsWith('Insufficient wallet balance')) {
        const now = await loadWallet(deps.store, state.customerId);
        throw insufficient(now.balance, amount);
      }
      // Another call took this payment's debit with another amount at the same moment: look again.
      if (round < MAX_ROUNDS) {
        await new Promise((r) => setTimeout(r, Math.random() * 20));
        continue;
      }
      throw conflict('Another payment on this invoice is under way; try again.');
    }

    let applied;
    try {
      applied = await handleCommand(deps, stepCtx(`apply:${paymentId}`), {
        streamId: invoiceStreamId(req.invoiceId),
        decider: invoiceDecider,
        command: (now) => ({
          type: 'ApplyPayment' as const,
          paymentId,
          amount: inr(amount),
          method: { kind: 'WALLET' as const, walletPaymentId: paymentId },
          recordedBy: ctx.actor.userId,
          now,
        }),
        // Who recorded it does not make it another payment.
        perAttempt: { recordedBy: undefined },
      });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // The invoice refused (cancelled, or paid in full by another route meanwhile): give the
      // money back before answering.
      await handleCommand(
        deps,
        stepCtx(reverseCommandId(paymentId)),
        reverseWalletPaymentSpec(state.customerId, paymentId, `invoice refused: ${e.message}`),
      );
      throw e;
    }
    position = laterPosition(position, applied.position);
    const paid = applied.events.find((e) => e.type === 'InvoicePaid');
    if (paid)
      position = laterPosition(
        position,
        await clearInvoice(deps, cause, paid.data as InvoicePaid['data']),
      );
    const mine = applied.events.find((e) => e.type === 'InvoicePaymentApplied');
    const ours = !pending || !req.amount || pending.amount.equals(req.amount);
    if (mine && mine.metadata.causationId === ctx.commandId && ours) {
      const latest = await loadInvoice(deps.store, ctx.tenantId, req.invoiceId);
      return { paid: inr(amount), position, invoice: latest.state };
    }
    // We completed a payment another call started; now go round for our own.
    if (round >= MAX_ROUNDS)
      throw conflict('Another payment on this invoice is under way; try again.');
  }
}

/**
 * A debit taken for an invoice's next payment that the invoice never got (a call that crashed
 * between the two), on an invoice that will take no more payments: it goes back to the wallet.
 */
export async function reverseUnappliedDebit(
  deps: CommandDeps,
  cause: Cause,
  state: InvoiceState,
): Promise<Position | null> {
  const sequence = Object.keys(state.payments).length + 1;
  const paymentId = walletPaymentId(state.tenantId, state.invoiceId, sequence);
  const wallet = await loadWallet(deps.store, state.customerId);
  const debit = wallet.payments.get(paymentId);
  if (!debit || debit.reversed) return null;
  const r = await handleCommand(
    deps,
    {
      tenantId: cause.tenantId,
      actor: { userId: 'system', role: 'system' },
      commandId: reverseCommandId(paymentId),
      correlationId: cause.correlationId,
      causationId: cause.causationId,
    },
    reverseWalletPaymentSpec(
      state.customerId,
      paymentId,
      `invoice ${state.invoiceId} takes no more payments`,
    ),
  );
  return r.position;
}
