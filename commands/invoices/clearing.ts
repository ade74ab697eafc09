/**
 * What follows a decided invoice or credit note, step by step, each with a command id derived
 * from the document (DESIGN rule 7): a number from the series counter, the numbered document,
 * the order marked paid, money back to the wallet. The paying command runs these inline (so its
 * answer already carries the number); processes/invoicing runs the same steps from the events
 * as the safety net after a crash. Both issue the same commands with the same ids, so whichever
 * comes second is a no-op.
 */
import { invoiceDecider } from '../../domain/invoices/decider.ts';
import {
  invoiceStreamId,
  type CreditNoteRaised,
  type InvoicePaid,
  type InvoicePaymentRefunded,
} from '../../domain/invoices/events.ts';
import { seriesDecider, type SeriesState } from '../../domain/invoices/series/decider.ts';
import { seriesStreamId } from '../../domain/invoices/series/events.ts';
import { orderDecider } from '../../domain/orders/decider.ts';
import { orderStreamId } from '../../domain/orders/events.ts';
import type { DomainEvent } from '../../domain/shared/decider.ts';
import { DEFAULT_SERIES } from '../../domain/tenancy/events.ts';
import type { SeriesDocumentType } from '../../domain/tax/numbering/document-series.ts';
import { financialYear } from '../../domain/tax/numbering/financial-year.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';
import {
  handleCommand,
  type CommandContext,
  type CommandDeps,
  type CommandSpec,
} from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { loadState } from '../shared/stream-states.ts';
import { loadTenant } from '../shared/tenant.ts';

/** How the steps issue commands: handleCommand here, a recorder in the process managers' specs. */
export type IssueCommand = <C, E extends DomainEvent, S>(
  ctx: CommandContext,
  spec: CommandSpec<C, E, S>,
) => Promise<unknown>;

/** What the steps read: the tenant's series format and the number a series gave a document. */
export interface NumberingReads {
  seriesFormat(tenantId: string, documentType: SeriesDocumentType): Promise<string>;
  assignedNumber(
    tenantId: string,
    documentType: SeriesDocumentType,
    financialYear: string,
    documentId: string,
  ): Promise<{ counter: number; documentNumber: string } | null>;
}

/** Five digits a year: the tenant settings check every format up to this (settings-rules.ts). */
export const SERIES_MAX_COUNTER = 99_999;

/** The reads from the log itself (streams, not read models: DESIGN rule 7). */
export function storeNumberingReads(store: EventStore): NumberingReads {
  return {
    async seriesFormat(tenantId, documentType) {
      const tenant = await loadTenant(store, tenantId);
      return tenant.legal.invoiceSeries?.[documentType] ?? DEFAULT_SERIES[documentType];
    },
    async assignedNumber(tenantId, documentType, fy, documentId) {
      const state: SeriesState = await loadState(
        store,
        seriesDecider,
        seriesStreamId(tenantId, documentType, fy),
      );
      return state.assigned[documentId] ?? null;
    },
  };
}

/** Why a step runs: the event (or command) it follows, for the metadata of what it writes. */
export interface Cause {
  tenantId: string;
  correlationId: string;
  causationId: string;
}

const stepContext = (cause: Cause, commandId: string): CommandContext => ({
  tenantId: cause.tenantId,
  actor: { userId: 'system', role: 'system' },
  commandId,
  correlationId: cause.correlationId,
  causationId: cause.causationId,
});

async function assignNumber(
  issue: IssueCommand,
  reads: NumberingReads,
  cause: Cause,
  documentType: SeriesDocumentType,
  documentId: string,
  documentDate: string,
) {
  const fy = financialYear(documentDate);
  const format = await reads.seriesFormat(cause.tenantId, documentType);
  await issue(stepContext(cause, `number:${documentId}`), {
    streamId: seriesStreamId(cause.tenantId, documentType, fy),
    decider: seriesDecider,
    command: (now) => ({
      type: 'AssignNumber' as const,
      tenantId: cause.tenantId,
      documentType,
      financialYear: fy,
      documentId,
      documentDate,
      format,
      maxCounter: SERIES_MAX_COUNTER,
      now,
    }),
    // The number is the document's whatever the format says when a retry runs.
    perAttempt: { format: undefined, maxCounter: undefined },
  });
  const assigned = await reads.assignedNumber(cause.tenantId, documentType, fy, documentId);
  if (!assigned) throw new Error(`${documentType} ${documentId} has no number yet`);
  return { fy, ...assigned };
}

/** Paid in full → the next number of the invoice series for its financial year → the tax invoice. */
export async function issueTaxInvoiceFor(
  issue: IssueCommand,
  reads: NumberingReads,
  cause: Cause,
  paid: InvoicePaid['data'],
): Promise<void> {
  const n = await assignNumber(issue, reads, cause, 'invoice', paid.invoiceId, paid.invoiceDate);
  await issue(stepContext(cause, `issue:${paid.invoiceId}`), {
    streamId: invoiceStreamId(paid.invoiceId),
    decider: invoiceDecider,
    command: (now) => ({
      type: 'IssueTaxInvoice' as const,
      invoiceNumber: n.documentNumber,
      counter: n.counter,
      financialYear: n.fy,
      now,
    }),
  });
}

/** The invoice of an order paid in full → the order is paid. */
export async function markOrderPaidFor(
  issue: IssueCommand,
  cause: Cause,
  paid: InvoicePaid['data'],
): Promise<void> {
  if (!paid.orderId) return;
  await issue(stepContext(cause, `order-paid:${paid.invoiceId}`), {
    streamId: orderStreamId(paid.orderId),
    decider: orderDecider,
    command: (now) => ({ type: 'MarkOrderPaid' as const, invoiceId: paid.invoiceId, now }),
  });
}

/** The wallet credit a credit note to the wallet makes: one per note. */
export const creditNoteCreditId = (tenantId: string, creditNoteId: string) =>
  uuidFrom(`wallet-credit:${tenantId}:credit-note:${creditNoteId}`);

/** A raised credit note → its number in the credit-note series → issued → to the wallet if so chosen. */
export async function issueCreditNoteFor(
  issue: IssueCommand,
  reads: NumberingReads,
  cause: Cause,
  raised: CreditNoteRaised['data'],
): Promise<void> {
  const { invoiceId, creditNoteId } = raised;
  const n = await assignNumber(issue, reads, cause, 'credit-note', creditNoteId, raised.issueDate);
  await issue(stepContext(cause, `issue:${creditNoteId}`), {
    streamId: invoiceStreamId(invoiceId),
    decider: invoiceDecider,
    command: (now) => ({
      type: 'IssueCreditNote' as const,
      creditNoteId,
      creditNoteNumber: n.documentNumber,
      counter: n.counter,
      financialYear: n.fy,
      now,
    }),
  });
  if (raised.destination !== 'WALLET') return;
  await issue(stepContext(cause, `credit:${creditNoteId}`), {
    streamId: walletStreamId(raised.customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'CreditWallet' as const,
      creditId: creditNoteCreditId(raised.tenantId, creditNoteId),
      customerId: raised.customerId,
      amount: raised.document.totals.total,
      reason: `Credit note ${n.documentNumber}`,
      source: { kind: 'CREDIT_NOTE' as const, id: creditNoteId },
      now,
    }),
  });
}

/**
 * Every reversal of an invoice's wallet payment has this command id, whoever asks (a payment
 * the invoice refused, a refund on cancelling): the second is the first one's answer.
 */
export const reverseCommandId = (walletPaymentId: string) => `reverse:${walletPaymentId}`;

/** The wallet debit of a payment goes back, once. */
export function reverseWalletPaymentSpec(
  customerId: string,
  walletPaymentId: string,
  reason: string,
) {
  return {
    streamId: walletStreamId(customerId),
    decider: walletDecider,
    command: (now: string) => ({
      type: 'ReverseDebit' as const,
      paymentId: walletPaymentId,
      reason,
      now,
    }),
    // The same reversal, whichever path words its reason.
    perAttempt: { reason: undefined },
  };
}

/** A payment refunded by a cancelled proforma → back to the wallet (a reversal, or a credit for a bank transfer). */
export async function refundToWallet(
  issue: IssueCommand,
  cause: Cause,
  refunded: InvoicePaymentRefunded['data'],
): Promise<void> {
  const m = refunded.method;
  if (m.kind === 'WALLET') {
    await issue(
      stepContext(cause, reverseCommandId(m.walletPaymentId)),
      reverseWalletPaymentSpec(
        refunded.customerId,
        m.walletPaymentId,
        `invoice ${refunded.invoiceId} was cancelled`,
      ),
    );
    return;
  }
  await issue(stepContext(cause, `refund:${refunded.invoiceId}:${refunded.paymentId}`), {
    streamId: walletStreamId(refunded.customerId),
    decider: walletDecider,
    command: (now) => ({
      type: 'CreditWallet' as const,
      creditId: uuidFrom(
        `wallet-credit:${refunded.tenantId}:refund:${refunded.invoiceId}:${refunded.paymentId}`,
      ),
      customerId: refunded.customerId,
      amount: refunded.amount,
      reason: `Bank payment ${m.reference} of a cancelled invoice`,
      source: { kind: 'REFUND' as const, id: refunded.paymentId },
      now,
    }),
  });
}

/** handleCommand as the steps' port, remembering the latest position written (read-your-writes). */
export function inlinePort(deps: CommandDeps): {
  issue: IssueCommand;
  position: () => Position | null;
} {
  let last: Position | null = null;
  return {
    issue: async (ctx, spec) => {
      const r = await handleCommand(deps, ctx, spec);
      if (
        r.position &&
        (!last ||
          r.position.commit > last.commit ||
          (r.position.commit === last.commit && r.position.prepare > last.prepare))
      )
        last = r.position;
      return r;
    },
    position: () => last,
  };
}

/**
 * The steps after a payment cleared an invoice, inline: the number, the tax invoice, the
 * order paid. Returns the latest position written (null when all had been done).
 */
export async function clearInvoice(
  deps: CommandDeps,
  cause: Cause,
  paid: InvoicePaid['data'],
): Promise<Position | null> {
  const port = inlinePort(deps);
  const reads = storeNumberingReads(deps.store);
  await issueTaxInvoiceFor(port.issue, reads, cause, paid);
  await markOrderPaidFor(port.issue, cause, paid);
  return port.position();
}
