import type { Sql, TransactionSql } from 'postgres';
import { indianDate } from '../../domain/invoices/document.ts';
import type { BillingRecipient, Supplier } from '../../domain/invoices/events.ts';
import type { CalculatedDocument } from '../../domain/tax/document/document-types.ts';
import {
  creditNoteById,
  invoiceById,
  paymentsOf,
  type InvoiceRow,
  type PaymentRow,
} from '../../projections/invoices/queries.ts';
import { tenantBrand, tenantTopUps } from '../../projections/identity/queries.ts';
import type { InvoicePdfModel, InvoicePdfPayment } from './pdf.ts';

/**
 * The invoice and credit-note PDFs' models, built from the invoices read model (the figures
 * stored when each document was issued): one reading for the download routes
 * (server/http/invoice-files.ts) and the mails that carry them (integrations/mail/invoice-attachments.ts).
 */

/** A document to print: whose it is (for the caller's access check), its name and its model. */
export interface PdfDocument {
  customerId: string;
  /** The download's base name: `invoice-<number>`, `proforma-<id>`, `credit-note-<number>`. */
  name: string;
  /** The series number (a tax invoice or credit note); null for a proforma. */
  number: string | null;
  /** The model without the brand (see pdfBrand). */
  model: InvoicePdfModel;
}

const STATUS_LABELS: Record<InvoiceRow['status'], string> = {
  PROFORMA: 'Unpaid',
  PAID: 'Paid',
  TAX_INVOICE: 'Paid',
  CANCELLED: 'Cancelled',
};

const METHOD_LABELS: Record<PaymentRow['method'], string> = {
  WALLET: 'Wallet',
  BANK_TRANSFER: 'Bank transfer',
};

const pdfPayments = (rows: PaymentRow[]): InvoicePdfPayment[] =>
  rows
    .filter((p) => p.refunded_at === null)
    .map((p) => ({
      method: METHOD_LABELS[p.method],
      reference: p.reference ?? p.wallet_payment_id,
      amount: p.amount,
      date: p.received_on ?? indianDate(p.applied_at.toISOString()),
    }));

const NO_BRAND: InvoicePdfModel['brand'] = { name: '', primaryColor: '#000000' };

/** An invoice (proforma or tax invoice) as its PDF shows it; undefined when there is none. */
export async function invoicePdfDocument(
  tx: TransactionSql,
  id: string,
): Promise<PdfDocument | undefined> {
  const row = await invoiceById(tx, id);
  if (!row) return undefined;
  const payments = await paymentsOf(tx, [id]);
  const unpaid = row.status === 'PROFORMA';
  const bank = unpaid ? (await tenantTopUps(tx, row.tenant_id))?.topUps : undefined;
  const numbered = row.status === 'TAX_INVOICE';
  return {
    customerId: row.customer_id,
    name: numbered ? `invoice-${row.number}` : `proforma-${row.id}`,
    number: numbered ? row.number : null,
    model: {
      kind: numbered ? 'TAX_INVOICE' : 'PROFORMA',
      number: numbered ? row.number : null,
      issueDate: row.issue_date,
      invoiceDate: row.invoice_date,
      statusLabel: STATUS_LABELS[row.status],
      cancelled: row.status === 'CANCELLED',
      paymentReference: unpaid ? row.id : null,
      supplier: row.supplier as unknown as Supplier,
      recipient: row.recipient as unknown as BillingRecipient,
      document: row.document as unknown as CalculatedDocument,
      brand: NO_BRAND,
      bank: bank
        ? {
            accountName: bank.bankAccountName,
            bankName: bank.bankName,
            accountNumber: bank.bankAccountNumber,
            ifsc: bank.bankIfsc,
            branch: bank.bankBranch,
            upiId: bank.upiId,
          }
        : null,
      payments: pdfPayments(payments),
      amountPaid: row.amount_paid,
    },
  };
}

/** A credit note as its PDF shows it; undefined until its number is assigned (it is printed once numbered). */
export async function creditNotePdfDocument(
  tx: TransactionSql,
  id: string,
): Promise<PdfDocument | undefined> {
  const note = await creditNoteById(tx, id);
  if (!note || note.number === null) return undefined;
  const invoice = await invoiceById(tx, note.invoice_id);
  if (!invoice) return undefined;
  return {
    customerId: note.customer_id,
    name: `credit-note-${note.number}`,
    number: note.number,
    model: {
      kind: 'CREDIT_NOTE',
      number: note.number,
      issueDate: note.issue_date,
      supplier: invoice.supplier as unknown as Supplier,
      recipient: invoice.recipient as unknown as BillingRecipient,
      document: note.document as unknown as CalculatedDocument,
      brand: NO_BRAND,
      reference:
        invoice.number && invoice.invoice_date
          ? { invoiceNumber: invoice.number, invoiceDate: invoice.invoice_date }
          : null,
      reason: note.reason,
    },
  };
}

/** The tenant's brand as the PDF prints it. */
export async function pdfBrand(sql: Sql, tenantId: string): Promise<InvoicePdfModel['brand']> {
  const row = await tenantBrand(sql, tenantId);
  return {
    name: row?.brand.name ?? 'Invoice',
    primaryColor: row?.brand.primaryColor ?? '#1f2937',
    accentColor: row?.brand.accentColor ?? null,
    // The logo is an http(s) address of the tenant's choosing; the server does not fetch
    // arbitrary addresses, so the PDF shows the brand's initial.
    logoPng: null,
  };
}
