/**
 * The invoicing process managers (DESIGN rule 7): they react to invoice events and issue the
 * steps of commands/invoices/clearing.ts, with ids derived from the document, so running one
 * twice, or after the paying command already ran the step inline, has one effect.
 *
 * - InvoicePaid → a number from the invoice series → IssueTaxInvoice;
 * - InvoicePaid of an order → MarkOrderPaid;
 * - CreditNoteRaised → a number from the credit-note series → IssueCreditNote (→ CreditWallet);
 * - InvoicePaymentRefunded → the wallet debit reversed, or a bank transfer credited to the wallet.
 * (OrderCancelled EXPIRED, the unpaid-order sweep, is the renewal issue's.)
 */
import {
  issueCreditNoteFor,
  issueTaxInvoiceFor,
  markOrderPaidFor,
  refundToWallet,
  type Cause,
  type IssueCommand,
  type NumberingReads,
} from '../../commands/invoices/clearing.ts';
import type {
  CreditNoteRaised,
  InvoicePaid,
  InvoicePaymentRefunded,
} from '../../domain/invoices/events.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';

/**
 * A reactor as the platform runs it (integrations/reactor.ts `Reactor`, which processes/ may
 * not import: the same shape, checked where server/ registers it).
 */
export interface ProcessManager {
  name: string;
  handles: ReadonlySet<string>;
  react(event: RecordedEvent): Promise<void>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

const causeOf = (event: RecordedEvent): Cause => ({
  tenantId: event.metadata.tenantId,
  correlationId: event.metadata.correlationId,
  causationId: event.id,
});

/** Paid invoices and raised credit notes get their numbers, then are issued. */
export function numberingProcess(issue: IssueCommand, reads: NumberingReads): ProcessManager {
  return {
    name: 'invoicing.numbering',
    handles: new Set(['InvoicePaid', 'CreditNoteRaised']),
    async react(event) {
      if (event.type === 'InvoicePaid')
        await issueTaxInvoiceFor(issue, reads, causeOf(event), event.data as InvoicePaid['data']);
      else
        await issueCreditNoteFor(
          issue,
          reads,
          causeOf(event),
          event.data as CreditNoteRaised['data'],
        );
    },
  };
}

/** An order whose invoice is paid in full is paid. */
export function orderPaymentProcess(issue: IssueCommand): ProcessManager {
  return {
    name: 'invoicing.order-paid',
    handles: new Set(['InvoicePaid']),
    async react(event) {
      await markOrderPaidFor(issue, causeOf(event), event.data as InvoicePaid['data']);
    },
  };
}

/** Payments of a cancelled proforma go back to the wallet. */
export function refundProcess(issue: IssueCommand): ProcessManager {
  return {
    name: 'invoicing.refunds',
    handles: new Set(['InvoicePaymentRefunded']),
    async react(event) {
      await refundToWallet(issue, causeOf(event), event.data as InvoicePaymentRefunded['data']);
    },
  };
}
