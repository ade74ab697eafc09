import { fold } from '../shared/decider.ts';
import { inr } from '../shared/money.ts';
import { amountDue, invoiceDecider, type InvoiceState, type InvoiceStatus } from './decider.ts';
import type { InvoiceEvent } from './events.ts';

/** The instant an invoice event took effect, from its own data (no store metadata needed). */
export function invoiceEventTime(e: InvoiceEvent): string {
  switch (e.type) {
    case 'ProformaIssued':
    case 'TaxInvoiceIssued':
    case 'CreditNoteIssued':
      return e.data.issuedAt;
    case 'InvoicePaymentApplied':
      return e.data.appliedAt;
    case 'InvoicePaid':
      return e.data.paidAt;
    case 'InvoicePaymentRefunded':
      return e.data.refundedAt;
    case 'ProformaCancelled':
      return e.data.cancelledAt;
    case 'CreditNoteRaised':
      return e.data.raisedAt;
    case 'InvoiceReminderSent':
      return e.data.sentAt;
    default: {
      const unknown: never = e;
      throw new Error(`unknown invoice event ${(unknown as { type: string }).type}`);
    }
  }
}

export interface InvoiceFigures {
  status: InvoiceStatus;
  invoiceNumber: string | null;
  total: string;
  paid: string;
  due: string;
  credited: string;
  state: InvoiceState;
}

/**
 * An invoice as it stood at an instant: the events up to and including it, folded. The tax
 * figures are the ones stored when it was issued, so this recomputes nothing the engine did.
 */
export function invoiceAsOf(events: readonly InvoiceEvent[], instant: string): InvoiceFigures {
  const at = Date.parse(instant);
  const state = fold(
    invoiceDecider,
    events.filter((e) => Date.parse(invoiceEventTime(e)) <= at),
  );
  return {
    status: state.status,
    invoiceNumber: state.invoiceNumber,
    total: inr(state.total),
    paid: inr(state.paid),
    due: inr(amountDue(state)),
    credited: inr(state.credited),
    state,
  };
}
