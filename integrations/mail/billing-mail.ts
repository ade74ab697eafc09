import type { Sql } from 'postgres';
import { renderMail } from '../../commands/mail/templates.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import type {
  CreditDestination,
  CreditNoteIssued,
  InvoiceSubject,
  ProformaIssued,
  TaxInvoiceIssued,
} from '../../domain/invoices/events.ts';
import type { OrderPlaced } from '../../domain/orders/events.ts';
import { CYCLE_LABELS } from '../../domain/orders/pricing.ts';
import { dayText } from '../../domain/services/renewal-lines.ts';
import { formatInr } from '../../domain/shared/money.ts';
import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import { creditNoteById, invoiceById } from '../../projections/invoices/queries.ts';
import { readScoped } from '../../projections/shared/scoped.ts';
import { commandPort, type CommandPort, type Reactor } from '../reactor.ts';
import { queueEventMail, type EventMail } from './event-mail.ts';
import {
  addresseeOf,
  customerMailReads,
  type CustomerMailReads,
  type MailAddressee,
} from './mail-reads.ts';
import type { InvoiceStatus } from './renewal-mail.ts';

/** An invoice as the billing mails read it (the invoices read model). */
export interface MailInvoice {
  customerId: string;
  status: InvoiceStatus;
  /** The tax invoice's number once it is issued. */
  number: string | null;
  total: string;
  /** 'YYYY-MM-DD'. */
  issueDate: string;
  invoiceDate: string | null;
  subject: InvoiceSubject | null;
}

/** A credit note as the billing mails read it. */
export interface MailCreditNote {
  customerId: string;
  invoiceId: string;
  /** Null until its number is projected (its PDF is printed once numbered). */
  number: string | null;
  invoiceNumber: string | null;
  total: string;
  reason: string;
}

export type BillingMailReads = CustomerMailReads & {
  invoice(tenantId: string, invoiceId: string): Promise<MailInvoice | undefined>;
  creditNote(tenantId: string, creditNoteId: string): Promise<MailCreditNote | undefined>;
};

export function billingMailReads(
  deps: { store: EventStore },
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): BillingMailReads {
  return {
    ...customerMailReads(deps, sql, linkBase),
    invoice: async (tenantId, invoiceId) => {
      const row = await readScoped(sql, tenantId, (tx) => invoiceById(tx, invoiceId));
      return (
        row && {
          customerId: row.customer_id,
          status: row.status,
          number: row.number,
          total: row.total,
          issueDate: row.issue_date,
          invoiceDate: row.invoice_date,
          subject: row.subject as InvoiceSubject | null,
        }
      );
    },
    creditNote: async (tenantId, creditNoteId) => {
      const row = await readScoped(sql, tenantId, (tx) => creditNoteById(tx, creditNoteId));
      return (
        row && {
          customerId: row.customer_id,
          invoiceId: row.invoice_id,
          number: row.number,
          invoiceNumber: row.invoice_number,
          total: row.total,
          reason: row.reason,
        }
      );
    },
  };
}

const notProjected = (mailer: string, event: RecordedEvent, what: string) =>
  new Error(`${mailer}: ${what} of event ${event.id} not projected yet`);

/** The order's lines as the confirmation lists them: one item a line. */
const itemLines = (items: OrderPlaced['data']['items']) =>
  items
    .map(
      (i) =>
        `- ${i.hostname}: ${i.planName}, ${CYCLE_LABELS[i.cycle] ?? i.cycle}, ${i.operatingSystemName}, ${i.dataCentreName}` +
        i.addons
          .map((a) => (a.quantity > 1 ? `, ${a.name} × ${a.quantity}` : `, ${a.name}`))
          .join(''),
    )
    .join('\n');

/**
 * The order confirmation (issue 14): what was ordered, its total with GST, and whether it is
 * paid. One mail per order; it waits for the order's proforma in the read model (its total).
 */
export function orderMailNotifier(
  deps: CommandDeps,
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): Reactor {
  return orderMailNotifierWith(billingMailReads(deps, sql, linkBase), commandPort(deps));
}

export function orderMailNotifierWith(reads: BillingMailReads, issue: CommandPort): Reactor {
  const mailer = 'order confirmation';
  return {
    name: 'mail.order-confirmation',
    // Added to running platforms: it mails what happens from its first start, not the past.
    firstStart: 'HEAD',
    handles: new Set(['OrderPlaced']),
    async react(event: RecordedEvent) {
      const d = event.data as OrderPlaced['data'];
      const invoice = await reads.invoice(event.metadata.tenantId, d.invoiceId);
      if (!invoice) throw notProjected(mailer, event, `invoice ${d.invoiceId}`);
      const who = await addresseeOf(reads, event, d.customerId, mailer);
      const payment =
        invoice.status === 'PROFORMA'
          ? 'Its proforma invoice follows in a separate mail; we set up your servers once it is paid.'
          : invoice.status === 'CANCELLED'
            ? 'The order has since been cancelled: nothing is due.'
            : 'It is paid: we are setting up your servers.';
      const mail = renderMail(
        'order-confirmation',
        {
          ...who.vars,
          hostnames: d.items.map((i) => i.hostname).join(', '),
          items: itemLines(d.items),
          amount: formatInr(invoice.total),
          payment,
          link: `${who.base}/orders/${d.orderId}`,
        },
        who.overrides,
      );
      await queueEventMail(issue, event, `mail:order-confirmation:${d.orderId}`, who.to, mail);
    },
  };
}

const DESTINATIONS: Record<CreditDestination, string> = {
  WALLET: 'The amount is credited to your wallet.',
  REFUNDED_OUTSIDE: 'The amount is refunded to you outside the portal.',
};

const invoicePdf = (invoiceId: string) => [{ kind: 'invoice-pdf' as const, invoiceId }];

/**
 * Billing mails with the document attached as a PDF (rendered by the sender when the mail
 * leaves): a proforma issued (not a renewal's: renewal-mail.ts mails those), the payment
 * received with the numbered tax invoice, a credit note issued. Each waits until the read model
 * has the document as the PDF prints it, so the attachment shows the number the mail names.
 */
export function invoiceMailNotifier(
  deps: CommandDeps,
  sql: Sql,
  linkBase: (tenantId: string) => Promise<string>,
): Reactor {
  return invoiceMailNotifierWith(billingMailReads(deps, sql, linkBase), commandPort(deps));
}

export function invoiceMailNotifierWith(reads: BillingMailReads, issue: CommandPort): Reactor {
  const mailer = 'invoice mail';

  async function invoiceOf(event: RecordedEvent, invoiceId: string) {
    const invoice = await reads.invoice(event.metadata.tenantId, invoiceId);
    if (!invoice) throw notProjected(mailer, event, `invoice ${invoiceId}`);
    return invoice;
  }

  async function mailFor(event: RecordedEvent): Promise<{
    commandId: string;
    customerId: string;
    mail: (who: MailAddressee) => EventMail;
  } | null> {
    switch (event.type) {
      case 'ProformaIssued': {
        const d = event.data as ProformaIssued['data'];
        if (d.subject?.kind === 'RENEWAL') return null;
        const invoice = await invoiceOf(event, d.invoiceId);
        // Paid at once (the wallet covered it) or cancelled: no mail asking to pay it; a paid
        // one gets the payment-received mail with its tax invoice.
        if (invoice.status !== 'PROFORMA') return null;
        const description =
          d.subject?.kind === 'PLAN_CHANGE'
            ? 'the change of your server’s plan'
            : d.orderId
              ? 'your order'
              : d.document.lines.map((l) => l.description).join(', ');
        return {
          commandId: `mail:invoice-created:${d.invoiceId}`,
          customerId: d.customerId,
          mail: (who) => ({
            ...renderMail(
              'invoice-created',
              {
                ...who.vars,
                amount: formatInr(d.document.totals.total),
                description,
                issueDate: dayText(d.issueDate),
                reference: d.invoiceId,
                link: `${who.base}/billing/${d.invoiceId}`,
              },
              who.overrides,
            ),
            attachments: invoicePdf(d.invoiceId),
          }),
        };
      }
      case 'TaxInvoiceIssued': {
        const d = event.data as TaxInvoiceIssued['data'];
        const invoice = await invoiceOf(event, d.invoiceId);
        // The PDF is printed from the read model: wait until it has the number.
        if (invoice.number !== d.invoiceNumber)
          throw notProjected(mailer, event, `number of invoice ${d.invoiceId}`);
        return {
          commandId: `mail:payment-received:${d.invoiceId}`,
          customerId: invoice.customerId,
          mail: (who) => ({
            ...renderMail(
              'payment-received',
              {
                ...who.vars,
                invoiceNumber: d.invoiceNumber,
                amount: formatInr(invoice.total),
                invoiceDate: dayText(d.invoiceDate),
                link: `${who.base}/billing/${d.invoiceId}`,
              },
              who.overrides,
            ),
            attachments: invoicePdf(d.invoiceId),
          }),
        };
      }
      case 'CreditNoteIssued': {
        const d = event.data as CreditNoteIssued['data'];
        const note = await reads.creditNote(event.metadata.tenantId, d.creditNoteId);
        if (!note || note.number !== d.creditNoteNumber)
          throw notProjected(mailer, event, `credit note ${d.creditNoteId}`);
        return {
          commandId: `mail:credit-note:${d.creditNoteId}`,
          customerId: d.customerId,
          mail: (who) => ({
            ...renderMail(
              'credit-note',
              {
                ...who.vars,
                creditNoteNumber: d.creditNoteNumber,
                invoiceNumber: note.invoiceNumber ?? d.invoiceId,
                amount: formatInr(d.total),
                reason: note.reason,
                destination: DESTINATIONS[d.destination],
                link: `${who.base}/billing/${d.invoiceId}`,
              },
              who.overrides,
            ),
            // A credit note is printed by the invoices' renderer under its own id.
            attachments: invoicePdf(d.creditNoteId),
          }),
        };
      }
      default:
        return null;
    }
  }

  return {
    name: 'mail.invoices',
    // Added to running platforms: it mails what happens from its first start, not the past.
    firstStart: 'HEAD',
    handles: new Set(['ProformaIssued', 'TaxInvoiceIssued', 'CreditNoteIssued']),
    async react(event: RecordedEvent) {
      const found = await mailFor(event);
      if (!found) return;
      const who = await addresseeOf(reads, event, found.customerId, mailer);
      await queueEventMail(issue, event, found.commandId, who.to, found.mail(who));
    },
  };
}
