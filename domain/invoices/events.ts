/**
 * An invoice and the credit notes against it. One stream per invoice, `invoice-<invoiceId>`.
 *
 * Lifecycle:
 *   ProformaIssued (PROFORMA: no number; GST computed now by domain/tax for the place of supply
 *   of this moment and stored in `document`, never recomputed)
 *   → InvoicePaymentApplied* (wallet or bank transfer; partial allowed; never more than is due)
 *   → InvoicePaid, written with the payment that clears it (PAID: decided, awaiting its number)
 *   → TaxInvoiceIssued (TAX_INVOICE: the number the series counter granted for this invoice)
 *   → CreditNoteRaised (figures from calculateCreditNote, capped by what is left to credit; the
 *     credit is reserved here, so a raised note can no longer be refused) → CreditNoteIssued
 *     (its own series number).
 * Or, from PROFORMA: ProformaCancelled (takes no number). A partly paid proforma is cancelled
 * with an InvoicePaymentRefunded per applied payment first, written in the same decision; the
 * money goes back to the wallet (a process manager reverses the wallet debit by its
 * `walletPaymentId`, or credits the wallet for a bank transfer).
 *
 * Numbers: a process manager reacts to InvoicePaid (and CreditNoteRaised), asks the series
 * counter (domain/invoices/series) for the number of this document in the financial year of
 * `invoiceDate` (or the note's `issueDate`), then issues IssueTaxInvoice (IssueCreditNote) with
 * it. Both are idempotent, so running it twice takes one number.
 *
 * Money: amounts are strings with two decimals; the document's figures are the engine's strings.
 */
import type { DomainEvent } from '../shared/decider.ts';
import type { CreditScope } from '../tax/notes/credit-note.ts';
import type { CalculatedDocument } from '../tax/document/document-types.ts';

/** The seller as its legal profile says at the moment of issue (Rule 46). */
export type Supplier = {
  legalName: string;
  gstin: string | null;
  stateCode: string;
  address: string;
  /** Letter of undertaking for the year: exports and SEZ supplies are then zero-rated. */
  lutNumber: string | null;
};

/** The buyer as their profile says at the moment of issue. */
export type BillingRecipient = {
  name: string;
  address: string;
  /** ISO 3166-1 alpha-2; anything but "IN" is an export (place of supply 96). */
  country: string;
  /** Billing state in India; null when unknown (then the supplier's state is the place of supply). */
  stateCode: string | null;
  /** Registered (B2B): the GSTIN's state is the place of supply, whatever `stateCode` says. */
  gstin: string | null;
  /** A unit or developer in a Special Economic Zone (needs its GSTIN). */
  sez: boolean;
};

/** Where an invoice line comes from (an order item's plan, add-on, ...), so it traces to its events. */
export type LineSource = { kind: string; refId: string; itemNo?: number };

export type PaymentMethod =
  | { kind: 'WALLET'; walletPaymentId: string }
  | { kind: 'BANK_TRANSFER'; reference: string; receivedOn: string };

export type CreditDestination = 'WALLET' | 'REFUNDED_OUTSIDE';

/**
 * What an invoice bills besides an order (`orderId`): a service's renewal for one period (its
 * due date is `periodStart`), or the prorated charge of a plan upgrade.
 */
export type InvoiceSubject =
  | { kind: 'RENEWAL'; serviceId: string; periodStart: string; periodEnd: string }
  | { kind: 'PLAN_CHANGE'; serviceId: string; changeId: string };

export type ProformaIssued = DomainEvent<
  'ProformaIssued',
  {
    tenantId: string;
    invoiceId: string;
    customerId: string;
    orderId: string | null;
    supplier: Supplier;
    recipient: BillingRecipient;
    document: CalculatedDocument;
    /** One per document line, in the same order. */
    sources: (LineSource | null)[];
    /** Absent (or null) on an order's invoice and on those issued before renewals existed. */
    subject?: InvoiceSubject | null;
    /** 'YYYY-MM-DD' in India. */
    issueDate: string;
    issuedAt: string;
  }
>;
export type InvoicePaymentApplied = DomainEvent<
  'InvoicePaymentApplied',
  {
    tenantId: string;
    invoiceId: string;
    customerId: string;
    paymentId: string;
    method: PaymentMethod;
    amount: string;
    amountDueAfter: string;
    recordedBy: string;
    appliedAt: string;
  }
>;
/** Paid in full: the invoice is decided and waits only for its number. `invoiceDate` is the tax invoice's date. */
export type InvoicePaid = DomainEvent<
  'InvoicePaid',
  {
    tenantId: string;
    invoiceId: string;
    customerId: string;
    orderId: string | null;
    total: string;
    invoiceDate: string;
    paidAt: string;
  }
>;
export type TaxInvoiceIssued = DomainEvent<
  'TaxInvoiceIssued',
  {
    tenantId: string;
    invoiceId: string;
    invoiceNumber: string;
    counter: number;
    financialYear: string;
    invoiceDate: string;
    issuedAt: string;
  }
>;
export type InvoicePaymentRefunded = DomainEvent<
  'InvoicePaymentRefunded',
  {
    tenantId: string;
    invoiceId: string;
    customerId: string;
    paymentId: string;
    method: PaymentMethod;
    amount: string;
    destination: 'WALLET';
    refundedAt: string;
  }
>;
export type ProformaCancelled = DomainEvent<
  'ProformaCancelled',
  {
    tenantId: string;
    invoiceId: string;
    customerId: string;
    orderId: string | null;
    reason: string;
    cancelledBy: string | null;
    cancelledAt: string;
  }
>;
export type CreditNoteRaised = DomainEvent<
  'CreditNoteRaised',
  {
    tenantId: string;
    invoiceId: string;
    customerId: string;
    creditNoteId: string;
    scope: CreditScope;
    reason: string;
    destination: CreditDestination;
    document: CalculatedDocument;
    issueDate: string;
    raisedBy: string;
    raisedAt: string;
  }
>;
export type CreditNoteIssued = DomainEvent<
  'CreditNoteIssued',
  {
    tenantId: string;
    invoiceId: string;
    customerId: string;
    creditNoteId: string;
    creditNoteNumber: string;
    counter: number;
    financialYear: string;
    destination: CreditDestination;
    /** The note's grand total: what goes to the wallet or was refunded outside. */
    total: string;
    issuedAt: string;
  }
>;

/**
 * A reminder or overdue notice of an unpaid proforma was sent (the dunning process), once per
 * kind: `reminder` is a domain/automation ReminderKind (BEFORE_DUE, ON_DUE, OVERDUE_<days>).
 */
export type InvoiceReminderSent = DomainEvent<
  'InvoiceReminderSent',
  {
    tenantId: string;
    invoiceId: string;
    customerId: string;
    reminder: string;
    dueDate: string;
    amountDue: string;
    sentAt: string;
  }
>;

export type InvoiceEvent =
  | ProformaIssued
  | InvoicePaymentApplied
  | InvoicePaid
  | TaxInvoiceIssued
  | InvoicePaymentRefunded
  | ProformaCancelled
  | CreditNoteRaised
  | CreditNoteIssued
  | InvoiceReminderSent;

export const invoiceEventTypes = [
  'ProformaIssued',
  'InvoicePaymentApplied',
  'InvoicePaid',
  'TaxInvoiceIssued',
  'InvoicePaymentRefunded',
  'ProformaCancelled',
  'CreditNoteRaised',
  'CreditNoteIssued',
  'InvoiceReminderSent',
] as const satisfies readonly InvoiceEvent['type'][];

export const invoiceStreamId = (invoiceId: string) => `invoice-${invoiceId}`;
