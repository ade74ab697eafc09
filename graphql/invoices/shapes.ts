import type { CalculatedDocument } from '../../domain/tax/document/document-types.ts';
import { summarizeLines } from '../../domain/tax/document/summaries.ts';
import { isKnownStateCode, stateByCode } from '../../domain/tax/states/state-codes.ts';
import type {
  BillingRecipient,
  InvoiceSubject,
  LineSource,
  Supplier,
} from '../../domain/invoices/events.ts';
import { D, inr } from '../../domain/shared/money.ts';
import type { CreditNoteRow, InvoiceRow, PaymentRow } from '../../projections/invoices/queries.ts';
import type {
  CreditNote,
  InvoiceDocument,
  InvoicePayment,
  Party,
  TaxSystem,
} from '../generated/resolvers.ts';
import type { Invoice } from './mappers.ts';
import { systemActorName } from '../../domain/shared/actors.ts';

/**
 * The read model's rows as the SDL's types. Every figure is the one stored when the document
 * was issued; the SAC summary sums the lines' own rounded figures (summarizeLines), it
 * computes no tax.
 */

const TAX_SYSTEMS: Record<CalculatedDocument['supply']['taxSystem'], TaxSystem> = {
  'CGST+SGST': 'CGST_SGST',
  'CGST+UTGST': 'CGST_UTGST',
  IGST: 'IGST',
  ZERO_RATED: 'ZERO_RATED',
};

export function toDocument(
  doc: CalculatedDocument,
  sources: readonly (LineSource | null)[] = [],
): InvoiceDocument {
  const s = doc.supply;
  return {
    supplyType: s.supplyType,
    taxSystem: TAX_SYSTEMS[s.taxSystem],
    interState: s.interState,
    supplierStateCode: s.supplierStateCode,
    placeOfSupply: s.placeOfSupply,
    placeOfSupplyName: s.placeOfSupplyName,
    recipientGstin: s.recipientGstin ?? null,
    legend: s.legend ?? null,
    reverseCharge: false,
    lines: doc.lines.map((l, i) => {
      const source = sources[i] ?? null;
      return {
        ...l,
        invoiceLineNo: l.invoiceLineNo ?? null,
        source: source
          ? { kind: source.kind, refId: source.refId, itemNo: source.itemNo ?? null }
          : null,
      };
    }),
    sacSummary: summarizeLines([doc], (_d, line) => line.sac).map(({ key, ...row }) => ({
      sac: key,
      ...row,
    })),
    totals: doc.totals,
    amountInWords: doc.amountInWords,
  };
}

const stateName = (code: string | null) =>
  code && isKnownStateCode(code) ? stateByCode(code).name : null;

export function supplierParty(s: Supplier): Party {
  return {
    legalName: s.legalName,
    gstin: s.gstin,
    stateCode: s.stateCode,
    stateName: stateName(s.stateCode),
    address: s.address,
    country: 'IN',
  };
}

export function recipientParty(r: BillingRecipient, doc: CalculatedDocument): Party {
  // A registered recipient's state is its GSTIN's (the place of supply), whatever the profile says.
  const stateCode = r.gstin ? r.gstin.slice(0, 2) : (r.stateCode ?? null);
  return {
    legalName: r.name,
    gstin: r.gstin ?? doc.supply.recipientGstin ?? null,
    stateCode,
    stateName: stateName(stateCode),
    address: r.address,
    country: r.country,
  };
}

export const invoicePdfUrl = (id: string) => `/files/invoices/${id}.pdf`;
export const creditNotePdfUrl = (id: string) => `/files/credit-notes/${id}.pdf`;

const customerOf = (r: {
  customer_id: string;
  customer_email: string | null;
  customer_name: string | null;
  customer_company?: string | null;
}) => ({
  id: r.customer_id,
  email: r.customer_email ?? '',
  name: r.customer_name ?? '',
  company: r.customer_company ?? null,
});

/** What is left to credit on a tax invoice (nothing on any other). */
export const creditable = (status: string, total: string, credited: string) =>
  status === 'TAX_INVOICE' ? inr(new D(total).minus(credited)) : '0.00';

/** The invoice's subject with the fields of its kind (the others null). */
export function subjectOf(subject: InvoiceSubject | null | undefined) {
  if (!subject) return null;
  return subject.kind === 'RENEWAL'
    ? { ...subject, changeId: null }
    : { ...subject, periodStart: null, periodEnd: null };
}

export function toInvoice(r: InvoiceRow): Invoice {
  const doc = r.document as unknown as CalculatedDocument;
  return {
    id: r.id,
    customerId: r.customer_id,
    status: r.status,
    number: r.number,
    financialYear: r.financial_year,
    issueDate: r.issue_date,
    invoiceDate: r.invoice_date,
    customer: customerOf(r),
    orderId: r.order_id,
    subject: subjectOf(r.subject as InvoiceSubject | null),
    dueDate: r.due_date,
    reminders: r.reminders.map((x) => ({ kind: x.kind, sentAt: x.sentAt })),
    supplier: supplierParty(r.supplier as unknown as Supplier),
    recipient: recipientParty(r.recipient as unknown as BillingRecipient, doc),
    document: toDocument(doc, r.sources as (LineSource | null)[]),
    total: r.total,
    amountPaid: r.amount_paid,
    amountDue: r.status === 'CANCELLED' ? '0.00' : inr(new D(r.total).minus(r.amount_paid)),
    credited: r.credited,
    creditable: creditable(r.status, r.total, r.credited),
    issuedAt: r.issued_at,
    paidAt: r.paid_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    pdfUrl: invoicePdfUrl(r.id),
  };
}

/**
 * Who recorded a payment: a person by name, billing automation or the platform by theirs; a
 * customer sees "staff" for a person without a name (a staff id is not theirs to see).
 */
export function recorderName(id: string, name: string | null, forCustomer: boolean): string {
  return name ?? systemActorName(id) ?? (forCustomer ? 'staff' : id);
}

/** A payment as the API gives it. */
export function toPayment(p: PaymentRow, forCustomer: boolean): InvoicePayment {
  const staff = recorderName(p.recorded_by, p.recorded_by_name, forCustomer);
  return {
    id: p.payment_id,
    method: p.method,
    amount: p.amount,
    reference: p.reference,
    receivedOn: p.received_on,
    walletPaymentId: p.wallet_payment_id,
    recordedBy: staff,
    appliedAt: p.applied_at,
    refundedAt: p.refunded_at,
  };
}

export function toCreditNote(n: CreditNoteRow): CreditNote {
  return {
    id: n.id,
    invoiceId: n.invoice_id,
    number: n.number,
    status: n.status,
    reason: n.reason,
    destination: n.destination,
    issueDate: n.issue_date,
    document: toDocument(n.document as unknown as CalculatedDocument),
    total: n.total,
    raisedAt: n.raised_at,
    issuedAt: n.issued_at,
    customer: customerOf(n),
    invoiceNumber: n.invoice_number,
    pdfUrl: creditNotePdfUrl(n.id),
  };
}
