import { invoiceAsOf, invoiceEventTime } from '../../domain/invoices/as-of.ts';
import type { InvoiceEvent } from '../../domain/invoices/events.ts';
import { proformaDueDate } from '../../domain/invoices/due-date.ts';
import { inr } from '../../domain/shared/money.ts';
import { positionToString, type RecordedEvent } from '../../eventstore/types.ts';
import type { Customer, InvoicePayment, InvoiceTrace } from '../generated/resolvers.ts';
import type { Invoice } from './mappers.ts';
import {
  creditable,
  recorderName,
  creditNotePdfUrl,
  invoicePdfUrl,
  recipientParty,
  subjectOf,
  supplierParty,
  toDocument,
} from './shapes.ts';

/** The events behind an invoice's figures, oldest first (up to `asOf` when given). */
export function traceOf(events: readonly RecordedEvent[], asOf?: Date): InvoiceTrace[] {
  const upTo = asOf ? upToInstant(events, asOf) : events;
  return upTo.map((e) => ({
    eventId: e.id,
    type: e.type,
    streamId: e.streamId,
    revision: e.revision.toString(),
    position: positionToString(e.position),
    occurredAt: e.metadata.occurredAt,
  }));
}

const upToInstant = (events: readonly RecordedEvent[], asOf: Date) =>
  events.filter(
    (e) => Date.parse(invoiceEventTime(e as unknown as InvoiceEvent)) <= asOf.getTime(),
  );

/**
 * An invoice as it stood at `asOf`, recomputed from its stream's events up to then
 * (domain/invoices/as-of.ts folds them with the decider): status, number, paid, due and
 * credited as of that instant, with the payments and credit notes that existed then.
 * Null when the invoice was not yet issued at that instant.
 */
export function invoiceFromEvents(
  events: readonly RecordedEvent[],
  asOf: Date,
  customer: Customer,
  forCustomer: boolean,
  staffName: (id: string) => string | null,
): Invoice | null {
  const upTo = upToInstant(events, asOf).map((e) => e as unknown as InvoiceEvent);
  const figures = invoiceAsOf(upTo, asOf.toISOString());
  const issued = upTo.find((e) => e.type === 'ProformaIssued');
  if (!issued || figures.status === 'NONE') return null;
  const d = issued.data;
  const payments: InvoicePayment[] = [];
  let number: { number: string; fy: string; date: string } | null = null;
  let paidAt: string | null = null;
  let cancelled: { at: string; reason: string } | null = null;
  const notes = new Map<string, NonNullable<Invoice['creditNotes']>[number]>();
  const reminders: Invoice['reminders'] = [];
  for (const e of upTo) {
    switch (e.type) {
      case 'InvoiceReminderSent':
        reminders.push({ kind: e.data.reminder, sentAt: e.data.sentAt });
        break;
      case 'InvoicePaymentApplied': {
        const m = e.data.method;
        const by = staffName(e.data.recordedBy);
        payments.push({
          id: e.data.paymentId,
          method: m.kind,
          amount: e.data.amount,
          reference: m.kind === 'BANK_TRANSFER' ? m.reference : null,
          receivedOn: m.kind === 'BANK_TRANSFER' ? m.receivedOn : null,
          walletPaymentId: m.kind === 'WALLET' ? m.walletPaymentId : null,
          recordedBy: recorderName(e.data.recordedBy, by, forCustomer),
          appliedAt: e.data.appliedAt,
          refundedAt: null,
        });
        break;
      }
      case 'InvoicePaymentRefunded': {
        const p = payments.find((x) => x.id === e.data.paymentId);
        if (p) p.refundedAt = e.data.refundedAt;
        break;
      }
      case 'InvoicePaid':
        paidAt = e.data.paidAt;
        break;
      case 'TaxInvoiceIssued':
        number = {
          number: e.data.invoiceNumber,
          fy: e.data.financialYear,
          date: e.data.invoiceDate,
        };
        break;
      case 'ProformaCancelled':
        cancelled = { at: e.data.cancelledAt, reason: e.data.reason };
        break;
      case 'CreditNoteRaised':
        notes.set(e.data.creditNoteId, {
          id: e.data.creditNoteId,
          invoiceId: e.data.invoiceId,
          number: null,
          status: 'RAISED',
          reason: e.data.reason,
          destination: e.data.destination,
          issueDate: e.data.issueDate,
          document: toDocument(e.data.document),
          total: e.data.document.totals.total,
          raisedAt: e.data.raisedAt,
          issuedAt: null,
          customer,
          invoiceNumber: figures.invoiceNumber,
          pdfUrl: creditNotePdfUrl(e.data.creditNoteId),
        });
        break;
      case 'CreditNoteIssued': {
        const n = notes.get(e.data.creditNoteId);
        if (n)
          Object.assign(n, {
            number: e.data.creditNoteNumber,
            status: 'ISSUED',
            issuedAt: e.data.issuedAt,
          });
        break;
      }
      default:
        break;
    }
  }
  const status = figures.status;
  const credited = inr(figures.state.credited);
  return {
    id: d.invoiceId,
    customerId: d.customerId,
    status,
    number: number?.number ?? null,
    financialYear: number?.fy ?? null,
    issueDate: d.issueDate,
    invoiceDate: number?.date ?? figures.state.invoiceDate,
    customer,
    orderId: d.orderId,
    subject: subjectOf(d.subject),
    dueDate: proformaDueDate(d),
    reminders,
    supplier: supplierParty(d.supplier),
    recipient: recipientParty(d.recipient, d.document),
    document: toDocument(d.document, d.sources),
    total: figures.total,
    amountPaid: figures.paid,
    amountDue: status === 'CANCELLED' ? '0.00' : figures.due,
    credited,
    creditable: creditable(status, figures.total, credited),
    issuedAt: d.issuedAt,
    paidAt,
    cancelledAt: cancelled?.at ?? null,
    cancelReason: cancelled?.reason ?? null,
    pdfUrl: invoicePdfUrl(d.invoiceId),
    asOf,
    payments,
    creditNotes: [...notes.values()],
    trace: traceOf(events, asOf),
  };
}
