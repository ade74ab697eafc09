import type { PendingQuery, Row, TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { invoiceEventTypes, type InvoiceEvent } from '../../domain/invoices/events.ts';
import { proformaDueDate } from '../../domain/invoices/due-date.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

type Of<T extends InvoiceEvent['type']> = Extract<InvoiceEvent, { type: T }>['data'];

/**
 * Invoices as issued (the ProformaIssued document is copied as it is: a projection never
 * computes tax), their payments (each with its wallet payment, so a line traces to the ledger)
 * and their credit notes. Every change to an invoice row is guarded by the stream revision of
 * its event, so applying an event twice changes nothing; payments and notes are keyed by id.
 */
export const invoicesProjector: Projector = {
  name: 'invoices',
  version: 2,
  handles: new Set(invoiceEventTypes),
  tables: [
    { name: 'invoices', orderBy: 'id' },
    { name: 'invoice_payments', orderBy: 'invoice_id, payment_id' },
    { name: 'credit_notes', orderBy: 'id' },
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table invoices (
        id uuid primary key,
        tenant_id text not null,
        customer_id uuid not null,
        order_id uuid,
        status text not null,
        number text,
        counter int,
        financial_year text,
        issue_date date not null,
        invoice_date date,
        supplier jsonb not null,
        recipient jsonb not null,
        document jsonb not null,
        sources jsonb not null,
        total numeric(18,2) not null,
        amount_paid numeric(18,2) not null,
        credited numeric(18,2) not null,
        issued_at timestamptz not null,
        paid_at timestamptz,
        numbered_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        cancelled_by text,
        subject jsonb,
        due_date date,
        reminders jsonb not null default '[]',
        revision bigint not null
      );
      create index invoices_by_tenant on invoices (tenant_id, issued_at desc, id);
      create index invoices_by_customer on invoices (customer_id, issued_at desc);
      create index invoices_by_number on invoices (tenant_id, number);
      create table invoice_payments (
        invoice_id uuid not null,
        payment_id text not null,
        tenant_id text not null,
        customer_id uuid not null,
        method text not null,
        wallet_payment_id text,
        reference text,
        received_on date,
        amount numeric(18,2) not null,
        amount_due_after numeric(18,2) not null,
        recorded_by text not null,
        applied_at timestamptz not null,
        refunded_at timestamptz,
        event_id uuid not null,
        primary key (invoice_id, payment_id)
      );
      create table credit_notes (
        id uuid primary key,
        tenant_id text not null,
        invoice_id uuid not null,
        customer_id uuid not null,
        status text not null,
        number text,
        counter int,
        financial_year text,
        reason text not null,
        destination text not null,
        scope jsonb not null,
        document jsonb not null,
        total numeric(18,2) not null,
        issue_date date not null,
        raised_by text not null,
        raised_at timestamptz not null,
        issued_at timestamptz
      );
      create index credit_notes_by_invoice on credit_notes (invoice_id, raised_at);
      create index credit_notes_by_customer on credit_notes (tenant_id, customer_id, raised_at desc);
    `);
    for (const t of ['invoices', 'invoice_payments', 'credit_notes'])
      await enableTenantIsolation(tx, t);
  },
  async apply(tx, events) {
    for (const e of events) await applyOne(tx, e);
  },
};

/** Runs `update invoices set … where id = … and revision < this event's`: once per event. */
function invoiceUpdate(tx: TransactionSql, e: RecordedEvent, invoiceId: string) {
  return (set: PendingQuery<Row[]> | null) => tx`
    update invoices set ${set ? tx`${set},` : tx``} revision = ${e.revision.toString()}
    where id = ${invoiceId} and revision < ${e.revision.toString()}`;
}

async function applyOne(tx: TransactionSql, e: RecordedEvent): Promise<void> {
  const event = e as unknown as InvoiceEvent;
  const tenantId = e.metadata.tenantId;
  switch (event.type) {
    case 'ProformaIssued': {
      const d: Of<'ProformaIssued'> = event.data;
      const subject = d.subject ?? null;
      await tx`
        insert into invoices (id, tenant_id, customer_id, order_id, status, issue_date, supplier, recipient,
          document, sources, total, amount_paid, credited, issued_at, subject, due_date, revision)
        values (${d.invoiceId}, ${tenantId}, ${d.customerId}, ${d.orderId}, 'PROFORMA', ${d.issueDate},
          ${tx.json(d.supplier as never)}, ${tx.json(d.recipient as never)}, ${tx.json(d.document as never)},
          ${tx.json(d.sources as never)}, ${d.document.totals.total}, 0, 0, ${d.issuedAt},
          ${subject ? tx.json(subject as never) : null}, ${proformaDueDate(d)}, ${e.revision.toString()})
        on conflict (id) do nothing`;
      return;
    }
    case 'InvoicePaymentApplied': {
      const d: Of<'InvoicePaymentApplied'> = event.data;
      const m = d.method;
      await tx`
        insert into invoice_payments (invoice_id, payment_id, tenant_id, customer_id, method, wallet_payment_id,
          reference, received_on, amount, amount_due_after, recorded_by, applied_at, event_id)
        values (${d.invoiceId}, ${d.paymentId}, ${tenantId}, ${d.customerId}, ${m.kind},
          ${m.kind === 'WALLET' ? m.walletPaymentId : null}, ${m.kind === 'BANK_TRANSFER' ? m.reference : null},
          ${m.kind === 'BANK_TRANSFER' ? m.receivedOn : null}, ${d.amount}, ${d.amountDueAfter}, ${d.recordedBy},
          ${d.appliedAt}, ${e.id})
        on conflict do nothing`;
      await invoiceUpdate(tx, e, d.invoiceId)(tx`amount_paid = amount_paid + ${d.amount}::numeric`);
      return;
    }
    case 'InvoicePaid': {
      const d: Of<'InvoicePaid'> = event.data;
      await invoiceUpdate(
        tx,
        e,
        d.invoiceId,
      )(tx`status = 'PAID', paid_at = ${d.paidAt}, invoice_date = ${d.invoiceDate}`);
      return;
    }
    case 'TaxInvoiceIssued': {
      const d: Of<'TaxInvoiceIssued'> = event.data;
      await invoiceUpdate(
        tx,
        e,
        d.invoiceId,
      )(tx`status = 'TAX_INVOICE', number = ${d.invoiceNumber}, counter = ${d.counter},
        financial_year = ${d.financialYear}, invoice_date = ${d.invoiceDate}, numbered_at = ${d.issuedAt}`);
      return;
    }
    case 'InvoicePaymentRefunded': {
      const d: Of<'InvoicePaymentRefunded'> = event.data;
      await tx`update invoice_payments set refunded_at = ${d.refundedAt}
        where invoice_id = ${d.invoiceId} and payment_id = ${d.paymentId} and refunded_at is null`;
      await invoiceUpdate(tx, e, d.invoiceId)(tx`amount_paid = amount_paid - ${d.amount}::numeric`);
      return;
    }
    case 'ProformaCancelled': {
      const d: Of<'ProformaCancelled'> = event.data;
      await invoiceUpdate(
        tx,
        e,
        d.invoiceId,
      )(tx`status = 'CANCELLED', cancelled_at = ${d.cancelledAt}, cancel_reason = ${d.reason},
        cancelled_by = ${d.cancelledBy}`);
      return;
    }
    case 'CreditNoteRaised': {
      const d: Of<'CreditNoteRaised'> = event.data;
      await tx`
        insert into credit_notes (id, tenant_id, invoice_id, customer_id, status, reason, destination, scope,
          document, total, issue_date, raised_by, raised_at)
        values (${d.creditNoteId}, ${tenantId}, ${d.invoiceId}, ${d.customerId}, 'RAISED', ${d.reason},
          ${d.destination}, ${tx.json(d.scope as never)}, ${tx.json(d.document as never)},
          ${d.document.totals.total}, ${d.issueDate}, ${d.raisedBy}, ${d.raisedAt})
        on conflict (id) do nothing`;
      await invoiceUpdate(
        tx,
        e,
        d.invoiceId,
      )(tx`credited = credited + ${d.document.totals.total}::numeric`);
      return;
    }
    case 'CreditNoteIssued': {
      const d: Of<'CreditNoteIssued'> = event.data;
      await tx`update credit_notes set status = 'ISSUED', number = ${d.creditNoteNumber}, counter = ${d.counter},
          financial_year = ${d.financialYear}, issued_at = ${d.issuedAt}
        where id = ${d.creditNoteId} and number is null`;
      await invoiceUpdate(tx, e, d.invoiceId)(null);
      return;
    }
    case 'InvoiceReminderSent': {
      const d: Of<'InvoiceReminderSent'> = event.data;
      const reminder = { kind: d.reminder, sentAt: d.sentAt };
      await invoiceUpdate(
        tx,
        e,
        d.invoiceId,
      )(tx`reminders = reminders || ${tx.json([reminder] as never)}::jsonb`);
      return;
    }
    default:
      return;
  }
}
