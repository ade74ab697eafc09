import type {
  CreditNote,
  Invoice as GqlInvoice,
  InvoicePayment,
  InvoiceTrace,
} from '../generated/resolvers.ts';

/**
 * An invoice as its resolvers hand it on: everything but its payments, credit notes and trace,
 * which field resolvers read when asked (an invoice as of an instant brings its own).
 */
export interface Invoice extends Omit<GqlInvoice, 'payments' | 'creditNotes' | 'trace'> {
  customerId: string;
  /** The recomputed invoice of `invoiceAsOf`: its own payments and notes, its trace up to `asOf`. */
  asOf?: Date;
  payments?: InvoicePayment[];
  creditNotes?: CreditNote[];
  trace?: InvoiceTrace[];
}
