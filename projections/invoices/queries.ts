import type { Row, TransactionSql } from 'postgres';

// The invoices read model's queries (tables: projector.ts). Each takes a transaction scoped to
// the request's tenant (projections/shared/scoped.ts `readScoped`): row-level security keeps
// other tenants' rows out, the caller decides who may ask.

/** An invoice with its customer (name, email, company from the accounts read model). */
export interface InvoiceRow extends Row {
  id: string;
  tenant_id: string;
  customer_id: string;
  order_id: string | null;
  status: 'PROFORMA' | 'PAID' | 'TAX_INVOICE' | 'CANCELLED';
  number: string | null;
  financial_year: string | null;
  issue_date: string;
  invoice_date: string | null;
  supplier: Record<string, unknown>;
  recipient: Record<string, unknown>;
  document: Record<string, unknown>;
  sources: unknown[];
  total: string;
  amount_paid: string;
  credited: string;
  issued_at: Date;
  paid_at: Date | null;
  numbered_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  /** domain/invoices/events.ts InvoiceSubject; null for an order's invoice. */
  subject: Record<string, unknown> | null;
  due_date: string | null;
  /** Oldest first. */
  reminders: { kind: string; sentAt: string }[];
  customer_email: string | null;
  customer_name: string | null;
  customer_company: string | null;
}

export interface PaymentRow extends Row {
  invoice_id: string;
  payment_id: string;
  method: 'WALLET' | 'BANK_TRANSFER';
  wallet_payment_id: string | null;
  reference: string | null;
  received_on: string | null;
  amount: string;
  recorded_by: string;
  recorded_by_name: string | null;
  applied_at: Date;
  refunded_at: Date | null;
}

export interface CreditNoteRow extends Row {
  id: string;
  invoice_id: string;
  customer_id: string;
  status: 'RAISED' | 'ISSUED';
  number: string | null;
  financial_year: string | null;
  reason: string;
  destination: 'WALLET' | 'REFUNDED_OUTSIDE';
  document: Record<string, unknown>;
  total: string;
  issue_date: string;
  raised_at: Date;
  issued_at: Date | null;
  invoice_number: string | null;
  invoice_date: string | null;
  customer_email: string | null;
  customer_name: string | null;
}

const INVOICE_COLUMNS = `i.id, i.tenant_id, i.customer_id, i.order_id, i.status, i.number, i.financial_year,
  to_char(i.issue_date, 'YYYY-MM-DD') as issue_date, to_char(i.invoice_date, 'YYYY-MM-DD') as invoice_date,
  i.supplier, i.recipient, i.document, i.sources, i.total::text, i.amount_paid::text, i.credited::text,
  i.issued_at, i.paid_at, i.numbered_at, i.cancelled_at, i.cancel_reason, i.subject,
  to_char(i.due_date, 'YYYY-MM-DD') as due_date, i.reminders,
  u.email as customer_email, u.name as customer_name, a.company as customer_company`;
const INVOICE_FROM = `rm_invoices.invoices i left join rm_identity.users u on u.id = i.customer_id
  left join rm_accounts.accounts a on a.user_id = i.customer_id`;

const NOTE_COLUMNS = `n.id, n.invoice_id, n.customer_id, n.status, n.number, n.financial_year, n.reason, n.destination,
  n.document, n.total::text, to_char(n.issue_date, 'YYYY-MM-DD') as issue_date, n.raised_at, n.issued_at,
  i.number as invoice_number, to_char(i.invoice_date, 'YYYY-MM-DD') as invoice_date,
  u.email as customer_email, u.name as customer_name`;
const NOTE_FROM = `rm_invoices.credit_notes n join rm_invoices.invoices i on i.id = n.invoice_id
  left join rm_identity.users u on u.id = n.customer_id`;

/** `%text%` for ilike, with the pattern characters escaped. */
export const likePattern = (text: string | null | undefined): string | null =>
  text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;

/** One invoice by id (a uuid; the caller checks the form), or undefined. */
export async function invoiceById(tx: TransactionSql, id: string): Promise<InvoiceRow | undefined> {
  const [row] = await tx.unsafe(`select ${INVOICE_COLUMNS} from ${INVOICE_FROM} where i.id = $1`, [
    id,
  ]);
  return row as InvoiceRow | undefined;
}

/** Invoices by id, in no particular order (orders' lists join their invoices this way). */
export async function invoicesByIds(
  tx: TransactionSql,
  ids: readonly string[],
): Promise<InvoiceRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.unsafe(
    `select ${INVOICE_COLUMNS} from ${INVOICE_FROM} where i.id = any($1::uuid[])`,
    [ids as string[]],
  );
  return rows as unknown as InvoiceRow[];
}

export interface InvoiceFilter {
  status?: string | null;
  customerId?: string | null;
  search?: string | null;
  /** Issue dates, 'YYYY-MM-DD', inclusive. */
  from?: string | null;
  to?: string | null;
}

/**
 * One page of invoices, newest first, and how many match. `customerId` (a customer's own
 * list) and the filter's customer both apply when given.
 */
export async function invoicePage(
  tx: TransactionSql,
  page: { customerId: string | null; filter: InvoiceFilter; first: number; offset: number },
): Promise<{ rows: InvoiceRow[]; total: number }> {
  const { customerId, filter: f } = page;
  const like = likePattern(f.search);
  const where = [
    customerId ? tx`i.customer_id = ${customerId}` : null,
    f.customerId ? tx`i.customer_id = ${f.customerId}` : null,
    f.status ? tx`i.status = ${f.status}` : null,
    f.from ? tx`i.issue_date >= ${f.from}::date` : null,
    f.to ? tx`i.issue_date <= ${f.to}::date` : null,
    like
      ? tx`(i.number ilike ${like} or u.email ilike ${like} or u.name ilike ${like} or a.company ilike ${like}
          or i.recipient->>'name' ilike ${like})`
      : null,
  ].filter((c) => c !== null);
  const conditions = where.length ? where.reduce((a, c) => tx`${a} and ${c}`) : tx`true`;
  const [rows, [count]] = await Promise.all([
    tx`select ${tx.unsafe(INVOICE_COLUMNS)} from ${tx.unsafe(INVOICE_FROM)}
       where ${conditions} order by i.issued_at desc, i.id limit ${page.first} offset ${page.offset}`,
    tx`select count(*)::int as total from ${tx.unsafe(INVOICE_FROM)} where ${conditions}`,
  ]);
  return { rows: rows as unknown as InvoiceRow[], total: count!.total as number };
}

/** The payments of these invoices, oldest first, with the recording staff's name. */
export async function paymentsOf(
  tx: TransactionSql,
  invoiceIds: readonly string[],
): Promise<PaymentRow[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await tx`
    select p.invoice_id, p.payment_id, p.method, p.wallet_payment_id, p.reference,
      to_char(p.received_on, 'YYYY-MM-DD') as received_on, p.amount::text, p.recorded_by,
      r.name as recorded_by_name, p.applied_at, p.refunded_at
    from rm_invoices.invoice_payments p
    left join rm_identity.users r on r.id = (case when p.recorded_by ~ '^[0-9a-f-]{36}$' then p.recorded_by::uuid end)
    where p.invoice_id = any(${invoiceIds as string[]}::uuid[])
    order by p.applied_at, p.payment_id`;
  return rows as unknown as PaymentRow[];
}

/** The credit notes of these invoices, oldest first. */
export async function creditNotesOf(
  tx: TransactionSql,
  invoiceIds: readonly string[],
): Promise<CreditNoteRow[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await tx.unsafe(
    `select ${NOTE_COLUMNS} from ${NOTE_FROM} where n.invoice_id = any($1::uuid[]) order by n.raised_at, n.id`,
    [invoiceIds as string[]],
  );
  return rows as unknown as CreditNoteRow[];
}

/** One credit note by id (a uuid), or undefined. */
export async function creditNoteById(
  tx: TransactionSql,
  id: string,
): Promise<CreditNoteRow | undefined> {
  const [row] = await tx.unsafe(`select ${NOTE_COLUMNS} from ${NOTE_FROM} where n.id = $1`, [id]);
  return row as CreditNoteRow | undefined;
}

/** One page of credit notes, newest first: a customer's (or one customer's) or the tenant's. */
export async function creditNotePage(
  tx: TransactionSql,
  page: { customerId: string | null; first: number; offset: number },
): Promise<{ rows: CreditNoteRow[]; total: number }> {
  const where = page.customerId ? tx`n.customer_id = ${page.customerId}` : tx`true`;
  const [rows, [count]] = await Promise.all([
    tx`select ${tx.unsafe(NOTE_COLUMNS)} from ${tx.unsafe(NOTE_FROM)} where ${where}
       order by n.raised_at desc, n.id limit ${page.first} offset ${page.offset}`,
    tx`select count(*)::int as total from rm_invoices.credit_notes n where ${where}`,
  ]);
  return { rows: rows as unknown as CreditNoteRow[], total: count!.total as number };
}
