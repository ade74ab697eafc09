import { fieldError } from '../catalog/field-error.ts';
import { conflict, notFound, type Decider } from '../shared/decider.ts';
import { D, MoneyError, ZERO, inr, parseInr, type Dec } from '../shared/money.ts';
import type {
  CalculatedDocument,
  LineInput,
  RoundOffMode,
} from '../tax/document/document-types.ts';
import { calculateCreditNote, type CreditScope } from '../tax/notes/credit-note.ts';
import { financialYear, parseCalendarDate } from '../tax/numbering/financial-year.ts';
import { computeInvoiceDocument, indianDate, withTaxErrors } from './document.ts';
import type {
  BillingRecipient,
  CreditDestination,
  InvoiceEvent,
  InvoiceSubject,
  LineSource,
  PaymentMethod,
  Supplier,
} from './events.ts';

export type InvoiceStatus = 'NONE' | 'PROFORMA' | 'PAID' | 'TAX_INVOICE' | 'CANCELLED';

export interface CreditNoteState {
  document: CalculatedDocument;
  issueDate: string;
  destination: CreditDestination;
  number: string | null;
}

export interface InvoiceState {
  status: InvoiceStatus;
  tenantId: string;
  invoiceId: string;
  customerId: string;
  orderId: string | null;
  document: CalculatedDocument | null;
  total: Dec;
  paid: Dec;
  payments: Record<string, { amount: string; method: PaymentMethod; refunded: boolean }>;
  /** The tax invoice's date: the Indian date of the payment that cleared it. */
  invoiceDate: string | null;
  invoiceNumber: string | null;
  creditNotes: Record<string, CreditNoteState>;
  /** Sum of the credit notes raised (numbered or about to be). */
  credited: Dec;
  /** What it bills besides an order (a renewal, a plan change); null for an order's invoice. */
  subject: InvoiceSubject | null;
  /** The reminder kinds sent (InvoiceReminderSent), in order. */
  reminders: string[];
}

export type InvoiceCommand =
  | {
      type: 'IssueProforma';
      tenantId: string;
      invoiceId: string;
      customerId: string;
      orderId: string | null;
      lines: (LineInput & { source?: LineSource | null })[];
      supplier: Supplier;
      recipient: BillingRecipient;
      roundOff?: RoundOffMode;
      /** A renewal's or a plan change's invoice; copied to ProformaIssued only when given. */
      subject?: InvoiceSubject | null;
      now: string;
    }
  | {
      type: 'ApplyPayment';
      paymentId: string;
      amount: string;
      method: PaymentMethod;
      recordedBy: string;
      now: string;
    }
  | {
      type: 'IssueTaxInvoice';
      invoiceNumber: string;
      counter: number;
      financialYear: string;
      now: string;
    }
  | { type: 'CancelProforma'; reason: string; cancelledBy: string | null; now: string }
  | {
      type: 'RaiseCreditNote';
      creditNoteId: string;
      scope: CreditScope;
      reason: string;
      destination: CreditDestination;
      raisedBy: string;
      now: string;
    }
  | {
      type: 'IssueCreditNote';
      creditNoteId: string;
      creditNoteNumber: string;
      counter: number;
      financialYear: string;
      now: string;
    }
  | {
      type: 'RecordReminder';
      /** A domain/automation ReminderKind: BEFORE_DUE, ON_DUE, OVERDUE_<days>. */
      reminder: string;
      /** 'YYYY-MM-DD': the due date the reminder is about. */
      dueDate: string;
      now: string;
    };

type Cmd<T extends InvoiceCommand['type']> = Extract<InvoiceCommand, { type: T }>;

export const initialInvoice: InvoiceState = {
  status: 'NONE',
  tenantId: '',
  invoiceId: '',
  customerId: '',
  orderId: null,
  document: null,
  total: ZERO,
  paid: ZERO,
  payments: {},
  invoiceDate: null,
  invoiceNumber: null,
  creditNotes: {},
  credited: ZERO,
  subject: null,
  reminders: [],
};

/** What is still to pay on an invoice. */
export const amountDue = (s: InvoiceState): Dec => s.total.minus(s.paid);

function issueProforma(c: Cmd<'IssueProforma'>, s: InvoiceState): InvoiceEvent[] {
  if (s.status !== 'NONE') throw conflict(`Invoice ${c.invoiceId} was already issued.`);
  const document = computeInvoiceDocument({
    lines: c.lines,
    supplier: c.supplier,
    recipient: c.recipient,
    roundOff: c.roundOff,
  });
  const { tenantId, invoiceId, customerId, orderId, supplier, recipient } = c;
  const sources = c.lines.map((l) => l.source ?? null);
  const subject = c.subject === undefined ? {} : { subject: checkSubject(c.subject) };
  return [
    {
      type: 'ProformaIssued',
      data: {
        tenantId,
        invoiceId,
        customerId,
        orderId,
        supplier,
        recipient,
        document,
        sources,
        ...subject,
        issueDate: indianDate(c.now),
        issuedAt: c.now,
      },
    },
  ];
}

function checkSubject(subject: InvoiceSubject | null): InvoiceSubject | null {
  if (subject === null) return null;
  const nonEmpty = (v: unknown, field: string) => {
    if (typeof v !== 'string' || v === '') throw fieldError(field, 'Must not be empty.');
    return v;
  };
  if (subject.kind === 'RENEWAL') {
    const { periodStart, periodEnd } = subject;
    withTaxErrors(() => parseCalendarDate(periodStart, 'subject.periodStart'));
    withTaxErrors(() => parseCalendarDate(periodEnd, 'subject.periodEnd'));
    if (periodEnd <= periodStart)
      throw fieldError('subject.periodEnd', 'Must come after subject.periodStart.');
    return {
      kind: 'RENEWAL',
      serviceId: nonEmpty(subject.serviceId, 'subject.serviceId'),
      periodStart,
      periodEnd,
    };
  }
  if (subject.kind === 'PLAN_CHANGE')
    return {
      kind: 'PLAN_CHANGE',
      serviceId: nonEmpty(subject.serviceId, 'subject.serviceId'),
      changeId: nonEmpty(subject.changeId, 'subject.changeId'),
    };
  throw fieldError('subject.kind', 'Must be RENEWAL or PLAN_CHANGE.');
}

const REMINDER = /^(BEFORE_DUE|ON_DUE|OVERDUE_[1-9]\d{0,2})$/;

function recordReminder(c: Cmd<'RecordReminder'>, s: InvoiceState): InvoiceEvent[] {
  if (s.status === 'NONE') throw notFound('invoice');
  if (s.reminders.includes(c.reminder)) return [];
  if (s.status !== 'PROFORMA')
    throw conflict(
      `Only an unpaid proforma is chased; this invoice is ${s.status === 'CANCELLED' ? 'cancelled' : 'paid'}.`,
    );
  if (!REMINDER.test(c.reminder))
    throw fieldError('reminder', 'Must be BEFORE_DUE, ON_DUE or OVERDUE_<days>.');
  withTaxErrors(() => parseCalendarDate(c.dueDate, 'dueDate'));
  const { tenantId, invoiceId, customerId } = s;
  return [
    {
      type: 'InvoiceReminderSent',
      data: {
        tenantId,
        invoiceId,
        customerId,
        reminder: c.reminder,
        dueDate: c.dueDate,
        amountDue: inr(amountDue(s)),
        sentAt: c.now,
      },
    },
  ];
}

function checkMethod(m: PaymentMethod, now: string): PaymentMethod {
  if (m?.kind === 'WALLET') {
    if (!m.walletPaymentId)
      throw fieldError('method.walletPaymentId', 'Name the wallet payment that paid this.');
    return { kind: 'WALLET', walletPaymentId: m.walletPaymentId };
  }
  if (m?.kind === 'BANK_TRANSFER') {
    const reference = (m.reference ?? '').trim();
    if (reference.length < 3 || reference.length > 100)
      throw fieldError('method.reference', 'Give the bank reference (UTR) of 3 to 100 characters.');
    withTaxErrors(() => parseCalendarDate(m.receivedOn, 'method.receivedOn'));
    if (m.receivedOn > indianDate(now))
      throw fieldError('method.receivedOn', `The date ${m.receivedOn} is in the future.`);
    return { kind: 'BANK_TRANSFER', reference, receivedOn: m.receivedOn };
  }
  throw fieldError('method.kind', 'Must be WALLET or BANK_TRANSFER.');
}

function applyPayment(c: Cmd<'ApplyPayment'>, s: InvoiceState): InvoiceEvent[] {
  if (s.status === 'NONE') throw notFound('invoice');
  const prior = s.payments[c.paymentId];
  if (prior) {
    if (new D(prior.amount).equals(c.amount)) return [];
    throw conflict(
      `Payment ${c.paymentId} was already applied with another amount (₹${prior.amount}).`,
    );
  }
  if (s.status === 'CANCELLED') throw conflict('This invoice was cancelled; it cannot be paid.');
  if (s.status !== 'PROFORMA') throw conflict('This invoice is already paid in full.');
  let amount: Dec;
  try {
    amount = parseInr(c.amount, 'amount');
  } catch (e) {
    throw e instanceof MoneyError ? fieldError('amount', e.message) : e;
  }
  if (amount.isZero()) throw fieldError('amount', 'Must be more than zero.');
  const due = amountDue(s);
  if (amount.greaterThan(due))
    throw conflict(
      `₹${inr(amount)} is more than the ₹${inr(due)} due on this invoice; pay at most ₹${inr(due)}.`,
    );
  const method = checkMethod(c.method, c.now);
  const after = due.minus(amount);
  const { tenantId, invoiceId, customerId } = s;
  const events: InvoiceEvent[] = [
    {
      type: 'InvoicePaymentApplied',
      data: {
        tenantId,
        invoiceId,
        customerId,
        paymentId: c.paymentId,
        method,
        amount: inr(amount),
        amountDueAfter: inr(after),
        recordedBy: c.recordedBy,
        appliedAt: c.now,
      },
    },
  ];
  if (after.isZero())
    events.push({
      type: 'InvoicePaid',
      data: {
        tenantId,
        invoiceId,
        customerId,
        orderId: s.orderId,
        total: inr(s.total),
        invoiceDate: indianDate(c.now),
        paidAt: c.now,
      },
    });
  return events;
}

function issueTaxInvoice(c: Cmd<'IssueTaxInvoice'>, s: InvoiceState): InvoiceEvent[] {
  if (s.status === 'NONE') throw notFound('invoice');
  if (s.status === 'TAX_INVOICE') {
    if (s.invoiceNumber === c.invoiceNumber) return [];
    throw conflict(`This invoice already has number ${s.invoiceNumber}.`);
  }
  if (s.status !== 'PAID')
    throw conflict('A tax invoice is issued once the invoice is paid in full.');
  const fy = financialYear(s.invoiceDate!);
  if (c.financialYear !== fy)
    throw fieldError(
      'financialYear',
      `The invoice is dated ${s.invoiceDate}, in financial year ${fy}.`,
    );
  return [
    {
      type: 'TaxInvoiceIssued',
      data: {
        tenantId: s.tenantId,
        invoiceId: s.invoiceId,
        invoiceNumber: c.invoiceNumber,
        counter: c.counter,
        financialYear: fy,
        invoiceDate: s.invoiceDate!,
        issuedAt: c.now,
      },
    },
  ];
}

function reasonText(reason: string, field = 'reason'): string {
  const r = (reason ?? '').trim();
  if (r.length < 3 || r.length > 500)
    throw fieldError(field, 'Give a reason of 3 to 500 characters.');
  return r;
}

function cancelProforma(c: Cmd<'CancelProforma'>, s: InvoiceState): InvoiceEvent[] {
  if (s.status === 'NONE') throw notFound('invoice');
  if (s.status === 'CANCELLED') return [];
  if (s.status !== 'PROFORMA')
    throw conflict('A paid invoice cannot be cancelled; issue a credit note.');
  const reason = reasonText(c.reason);
  const { tenantId, invoiceId, customerId } = s;
  const refunds: InvoiceEvent[] = Object.entries(s.payments)
    .filter(([, p]) => !p.refunded)
    .map(([paymentId, p]) => ({
      type: 'InvoicePaymentRefunded',
      data: {
        tenantId,
        invoiceId,
        customerId,
        paymentId,
        method: p.method,
        amount: p.amount,
        destination: 'WALLET',
        refundedAt: c.now,
      },
    }));
  return [
    ...refunds,
    {
      type: 'ProformaCancelled',
      data: {
        tenantId,
        invoiceId,
        customerId,
        orderId: s.orderId,
        reason,
        cancelledBy: c.cancelledBy,
        cancelledAt: c.now,
      },
    },
  ];
}

function raiseCreditNote(c: Cmd<'RaiseCreditNote'>, s: InvoiceState): InvoiceEvent[] {
  if (s.status === 'NONE') throw notFound('invoice');
  if (s.creditNotes[c.creditNoteId]) return [];
  if (s.status !== 'TAX_INVOICE')
    throw conflict('Credit notes are issued against a tax invoice; cancel a proforma instead.');
  const reason = reasonText(c.reason);
  if (c.destination !== 'WALLET' && c.destination !== 'REFUNDED_OUTSIDE')
    throw fieldError('destination', 'Must be WALLET or REFUNDED_OUTSIDE.');
  const issueDate = indianDate(c.now);
  const document = withTaxErrors(() =>
    calculateCreditNote({
      invoice: {
        invoiceNumber: s.invoiceNumber!,
        invoiceDate: s.invoiceDate!,
        document: s.document!,
      },
      priorNotes: Object.values(s.creditNotes).map((n) => n.document),
      scope: c.scope,
      issueDate,
    }),
  );
  const { tenantId, invoiceId, customerId } = s;
  return [
    {
      type: 'CreditNoteRaised',
      data: {
        tenantId,
        invoiceId,
        customerId,
        creditNoteId: c.creditNoteId,
        scope: c.scope,
        reason,
        destination: c.destination,
        document,
        issueDate,
        raisedBy: c.raisedBy,
        raisedAt: c.now,
      },
    },
  ];
}

function issueCreditNote(c: Cmd<'IssueCreditNote'>, s: InvoiceState): InvoiceEvent[] {
  const note = s.creditNotes[c.creditNoteId];
  if (!note) throw notFound(`credit note ${c.creditNoteId}`);
  if (note.number !== null) {
    if (note.number === c.creditNoteNumber) return [];
    throw conflict(`Credit note ${c.creditNoteId} already has number ${note.number}.`);
  }
  const fy = financialYear(note.issueDate);
  if (c.financialYear !== fy)
    throw fieldError(
      'financialYear',
      `The credit note is dated ${note.issueDate}, in financial year ${fy}.`,
    );
  const { tenantId, invoiceId, customerId } = s;
  return [
    {
      type: 'CreditNoteIssued',
      data: {
        tenantId,
        invoiceId,
        customerId,
        creditNoteId: c.creditNoteId,
        creditNoteNumber: c.creditNoteNumber,
        counter: c.counter,
        financialYear: fy,
        destination: note.destination,
        total: note.document.totals.total,
        issuedAt: c.now,
      },
    },
  ];
}

function decide(command: InvoiceCommand, state: InvoiceState): InvoiceEvent[] {
  switch (command.type) {
    case 'IssueProforma':
      return issueProforma(command, state);
    case 'ApplyPayment':
      return applyPayment(command, state);
    case 'IssueTaxInvoice':
      return issueTaxInvoice(command, state);
    case 'CancelProforma':
      return cancelProforma(command, state);
    case 'RaiseCreditNote':
      return raiseCreditNote(command, state);
    case 'IssueCreditNote':
      return issueCreditNote(command, state);
    case 'RecordReminder':
      return recordReminder(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown invoice command ${(unknown as { type: string }).type}`);
    }
  }
}

function evolve(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case 'ProformaIssued': {
      const { tenantId, invoiceId, customerId, orderId, document } = event.data;
      return {
        ...state,
        status: 'PROFORMA',
        tenantId,
        invoiceId,
        customerId,
        orderId,
        document,
        total: new D(document.totals.total),
        subject: event.data.subject ?? null,
      };
    }
    case 'InvoiceReminderSent':
      return { ...state, reminders: [...state.reminders, event.data.reminder] };
    case 'InvoicePaymentApplied': {
      const { paymentId, amount, method } = event.data;
      return {
        ...state,
        paid: state.paid.plus(amount),
        payments: { ...state.payments, [paymentId]: { amount, method, refunded: false } },
      };
    }
    case 'InvoicePaid':
      return { ...state, status: 'PAID', invoiceDate: event.data.invoiceDate };
    case 'TaxInvoiceIssued':
      return { ...state, status: 'TAX_INVOICE', invoiceNumber: event.data.invoiceNumber };
    case 'InvoicePaymentRefunded': {
      const p = state.payments[event.data.paymentId]!;
      return {
        ...state,
        paid: state.paid.minus(event.data.amount),
        payments: { ...state.payments, [event.data.paymentId]: { ...p, refunded: true } },
      };
    }
    case 'ProformaCancelled':
      return { ...state, status: 'CANCELLED' };
    case 'CreditNoteRaised': {
      const { creditNoteId, document, issueDate, destination } = event.data;
      return {
        ...state,
        credited: state.credited.plus(document.totals.total),
        creditNotes: {
          ...state.creditNotes,
          [creditNoteId]: { document, issueDate, destination, number: null },
        },
      };
    }
    case 'CreditNoteIssued': {
      const note = state.creditNotes[event.data.creditNoteId]!;
      return {
        ...state,
        creditNotes: {
          ...state.creditNotes,
          [event.data.creditNoteId]: { ...note, number: event.data.creditNoteNumber },
        },
      };
    }
    default:
      return state;
  }
}

export const invoiceDecider: Decider<InvoiceCommand, InvoiceEvent, InvoiceState> = {
  initialState: initialInvoice,
  decide,
  evolve,
};
