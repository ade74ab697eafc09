import type { RecordedEvent } from '../../eventstore/types.ts';
import { invoiceEventTypes, type InvoiceEvent } from '../../domain/invoices/events.ts';
import { formatInr } from '../../domain/shared/money.ts';
import type { ActivityDescriber } from '../activity/describer.ts';

const how = (m: InvoiceEvent & { type: 'InvoicePaymentApplied' }) =>
  m.data.method.kind === 'WALLET'
    ? 'from the wallet'
    : `by bank transfer (${m.data.method.reference}, received ${m.data.method.receivedOn})`;

/**
 * Invoices and credit notes in the account activity log of their customer. TaxInvoiceIssued
 * does not name its customer (the numbering step follows InvoicePaid, which has its line).
 */
export const invoiceActivity: ActivityDescriber = {
  area: 'invoices',
  version: 1,
  types: invoiceEventTypes.filter((t) => t !== 'TaxInvoiceIssued'),
  describe(e: RecordedEvent) {
    const event = e as unknown as InvoiceEvent;
    switch (event.type) {
      case 'ProformaIssued':
        return {
          userId: event.data.customerId,
          detail: `Proforma invoice issued for ${formatInr(event.data.document.totals.total)}`,
        };
      case 'InvoicePaymentApplied':
        return {
          userId: event.data.customerId,
          detail: `${formatInr(event.data.amount)} paid on an invoice ${how(event)}; ${formatInr(event.data.amountDueAfter)} still due`,
        };
      case 'InvoicePaid':
        return {
          userId: event.data.customerId,
          detail: `Invoice of ${formatInr(event.data.total)} paid in full`,
        };
      case 'InvoicePaymentRefunded':
        return {
          userId: event.data.customerId,
          detail: `${formatInr(event.data.amount)} paid on an invoice given back to the wallet`,
        };
      case 'ProformaCancelled':
        return {
          userId: event.data.customerId,
          detail: `Proforma invoice cancelled: ${event.data.reason}`,
        };
      case 'CreditNoteRaised':
        return {
          userId: event.data.customerId,
          detail: `Credit note of ${formatInr(event.data.document.totals.total)} raised: ${event.data.reason}`,
        };
      case 'CreditNoteIssued':
        return {
          userId: event.data.customerId,
          detail: `Credit note ${event.data.creditNoteNumber} issued for ${formatInr(event.data.total)}${event.data.destination === 'WALLET' ? ', credited to the wallet' : ', refunded outside'}`,
        };
      default:
        return null;
    }
  },
};
