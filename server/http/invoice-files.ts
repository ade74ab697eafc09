import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TransactionSql } from 'postgres';
import type { Platform } from '../platform-types.ts';
import { buildContext } from '../../graphql/plugin.ts';
import { readScoped } from '../../graphql/context.ts';
import { mayReadInvoices, seesInvoicesOf } from '../../graphql/invoices/access.ts';
import { isUuid } from '../../commands/shared/validate.ts';
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
import {
  renderInvoicePdf,
  type InvoicePdfModel,
  type InvoicePdfPayment,
} from '../../integrations/invoices/pdf.ts';

/**
 * Invoice and credit-note PDFs, rendered on request from the invoices read model (the
 * figures stored when each document was issued), for the owner customer (a team member with the
 * account's billing permission) and staff with billing.read of the same tenant. Anyone else
 * is told "not found", so ids reveal nothing.
 */

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

function send(reply: FastifyReply, bytes: Buffer, name: string) {
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${safeName}.pdf"`)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
    )
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

type Shown = { model: InvoicePdfModel; name: string } | null;

export function registerInvoiceFileRoutes(app: FastifyInstance, platform: Platform): void {
  /** Signs in, checks who may read billing documents, then renders what `load` finds. */
  const route = (
    path: string,
    load: (tx: TransactionSql, id: string, seen: (customerId: string) => boolean) => Promise<Shown>,
  ) =>
    app.get<{ Params: { id: string } }>(path, async (request, reply) => {
      const ctx = await buildContext(platform, request, reply);
      if (!ctx.viewer) return reply.code(401).send({ error: 'sign in first' });
      const viewer = ctx.viewer;
      if (!mayReadInvoices(viewer))
        return reply.code(403).send({ error: 'needs billing.read or the account’s billing role' });
      const file = request.params.id;
      const id = file.endsWith('.pdf') ? file.slice(0, -4) : '';
      if (!isUuid(id)) return reply.code(404).send({ error: 'not found' });
      const shown = await readScoped(platform.sql, ctx.tenantId, (tx) =>
        load(tx, id, (customerId) => seesInvoicesOf(viewer, customerId)),
      );
      if (!shown) return reply.code(404).send({ error: 'not found' });
      const brandRow = await tenantBrand(platform.sql, ctx.tenantId);
      const brand = {
        name: brandRow?.brand.name ?? 'Invoice',
        primaryColor: brandRow?.brand.primaryColor ?? '#1f2937',
        accentColor: brandRow?.brand.accentColor ?? null,
        // The logo is an http(s) address of the tenant's choosing; the server does not fetch
        // arbitrary addresses, so the PDF shows the brand's initial.
        logoPng: null,
      };
      const bytes = await renderInvoicePdf({ ...shown.model, brand });
      return send(reply, bytes, shown.name);
    });

  route('/files/invoices/:id', async (tx, id, seen) => {
    const row = await invoiceById(tx, id);
    if (!row || !seen(row.customer_id)) return null;
    const payments = await paymentsOf(tx, [id]);
    const unpaid = row.status === 'PROFORMA';
    const bank = unpaid ? (await tenantTopUps(tx, row.tenant_id))?.topUps : undefined;
    const numbered = row.status === 'TAX_INVOICE';
    return {
      name: numbered ? `invoice-${row.number}` : `proforma-${row.id}`,
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
        brand: { name: '', primaryColor: '#000000' },
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
  });

  route('/files/credit-notes/:id', async (tx, id, seen) => {
    const note = await creditNoteById(tx, id);
    // A note is printed once its number is assigned (the same step that raises it, in practice).
    if (!note || !seen(note.customer_id) || note.number === null) return null;
    const invoice = await invoiceById(tx, note.invoice_id);
    if (!invoice) return null;
    return {
      name: `credit-note-${note.number ?? note.id}`,
      model: {
        kind: 'CREDIT_NOTE',
        number: note.number,
        issueDate: note.issue_date,
        supplier: invoice.supplier as unknown as Supplier,
        recipient: invoice.recipient as unknown as BillingRecipient,
        document: note.document as unknown as CalculatedDocument,
        brand: { name: '', primaryColor: '#000000' },
        reference:
          invoice.number && invoice.invoice_date
            ? { invoiceNumber: invoice.number, invoiceDate: invoice.invoice_date }
            : null,
        reason: note.reason,
      },
    };
  });
}
