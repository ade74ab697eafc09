import * as ops from '$lib/graphql/generated/operations';
import type {
  CreditDestination,
  InvoicePaymentMethod,
  InvoiceStatus,
  TaxSystem,
} from '$lib/graphql/generated/operations';

/*
 * Invoices and credit notes. The operations live in billing.graphql; `npm run codegen` checks
 * them against the SDL (graphql/invoices/invoices.graphql) and writes their typed documents.
 * Every figure is the server's string: the portal formats money, it never computes it.
 */
export type {
  CreditDestination,
  CreditNoteStatus,
  InvoiceFilter,
  InvoicePaymentMethod,
  InvoiceStatus,
  TaxSystem,
} from '$lib/graphql/generated/operations';

export type InvoiceDocument = ops.DocumentFieldsFragment;
export type DocumentLine = InvoiceDocument['lines'][number];
export type InvoiceRow = ops.InvoiceRowFieldsFragment;
export type InvoiceDetail = ops.InvoiceDetailFieldsFragment;
export type CreditNote = ops.CreditNoteFieldsFragment;
export type InvoicePayment = ops.InvoicePaymentFieldsFragment;

export const InvoicesQuery = ops.InvoicesDocument;
export const InvoiceQuery = ops.InvoiceDocument;
export const CreditNotesQuery = ops.CreditNotesDocument;
export const PayInvoiceFromWalletMutation = ops.PayInvoiceFromWalletDocument;
export const RecordInvoicePaymentMutation = ops.RecordInvoicePaymentDocument;
export const IssueCreditNoteMutation = ops.IssueCreditNoteDocument;

export const invoiceStatusLabels: Record<InvoiceStatus, string> = {
  PROFORMA: 'Unpaid (proforma)',
  PAID: 'Paid',
  TAX_INVOICE: 'Tax invoice',
  CANCELLED: 'Cancelled',
};

export const paymentMethodLabels: Record<InvoicePaymentMethod, string> = {
  WALLET: 'Wallet',
  BANK_TRANSFER: 'Bank transfer',
};

export const destinationLabels: Record<CreditDestination, string> = {
  WALLET: 'Credited to the wallet',
  REFUNDED_OUTSIDE: 'Refunded outside the platform',
};

export const taxSystemLabels: Record<TaxSystem, string> = {
  CGST_SGST: 'CGST + SGST (intra-state)',
  CGST_UTGST: 'CGST + UTGST (within the union territory)',
  IGST: 'IGST (inter-state)',
  ZERO_RATED: 'Zero-rated (export or SEZ)',
};

/** How a document is titled: a proforma has no number yet; a tax invoice shows its number. */
export function invoiceTitle(invoice: Pick<InvoiceRow, 'status' | 'number'>): string {
  if (invoice.number) return `Tax invoice ${invoice.number}`;
  if (invoice.status === 'CANCELLED') return 'Cancelled proforma';
  return invoice.status === 'PAID' ? 'Paid — tax invoice being numbered' : 'Proforma invoice';
}
