import type { Sql, TransactionSql } from 'postgres';
import { topUpLedgerDescription } from '../../domain/wallet/payment-methods.ts';

// The wallet read model's queries (tables: projector.ts). Each takes a transaction scoped to
// the request's tenant (projections/shared/scoped.ts `readScoped`) unless it says otherwise:
// row-level security keeps other tenants' rows out, the caller decides who may ask.

type Row = Record<string, unknown>;

/** A top-up row with its customer, the deciding admin's name and the requests sharing its reference. */
export interface TopUpRow extends Row {
  id: string;
  customer_id: string;
  amount: string;
  method: 'BANK_TRANSFER' | 'CRYPTO';
  reference: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  proof_sha256: string;
  proof_file_name: string;
  proof_content_type: string;
  proof_size: number;
  requested_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  rejection_reason: string | null;
  customer_email: string | null;
  customer_name: string | null;
  decided_by_name: string | null;
  duplicates: Row[] | null;
}

/** A ledger entry: one money movement, keyed by its event. */
export interface LedgerRow extends Row {
  event_id: string;
  occurred_at: Date;
  kind: 'CREDIT' | 'DEBIT';
  /** Worded here for top-ups (the table keeps their method's code and reference). */
  description: string;
  top_up_method: string | null;
  top_up_reference: string | null;
  amount: string;
  balance_after: string;
  event_type: string;
  stream_id: string;
  revision: bigint | string;
  position: string;
  hash: string;
}

const TOP_UP_COLUMNS = `t.id, t.customer_id, t.amount::text, t.method, t.reference, t.status, t.proof_sha256, t.proof_file_name,
  t.proof_content_type, t.proof_size, t.requested_at, t.decided_at, t.decided_by, t.rejection_reason,
  u.email as customer_email, u.name as customer_name, d.name as decided_by_name,
  (select coalesce(json_agg(json_build_object('id', o.id, 'status', o.status, 'amount', o.amount::text, 'reference', o.reference,
      'requestedAt', o.requested_at, 'customerName', ou.name, 'customerEmail', ou.email) order by o.requested_at, o.id), '[]'::json)
    from rm_wallet.top_ups o left join rm_identity.users ou on ou.id = o.customer_id
    where o.tenant_id = t.tenant_id and o.reference_key = t.reference_key and o.id <> t.id
      and (o.status = 'APPROVED' or (o.status = 'PENDING' and (o.requested_at, o.id) < (t.requested_at, t.id)))) as duplicates`;

/** Top-ups with their customer and, once decided, the admin who decided (by name, not id). */
const TOP_UP_FROM = `rm_wallet.top_ups t left join rm_identity.users u on u.id = t.customer_id
  left join rm_identity.users d on d.id = (case when t.decided_by ~ '^[0-9a-f-]{36}$' then t.decided_by::uuid end)`;

const LEDGER_COLUMNS = `event_id, occurred_at, kind, description, top_up_method, top_up_reference, amount::text, balance_after::text, event_type, stream_id, revision, position, hash`;

/** One top-up by id (a uuid; the caller checks the form), or undefined. */
export async function topUpById(tx: TransactionSql, id: string): Promise<TopUpRow | undefined> {
  const [row] = await tx.unsafe(`select ${TOP_UP_COLUMNS} from ${TOP_UP_FROM} where t.id = $1`, [
    id,
  ]);
  return row as TopUpRow | undefined;
}

export interface TopUpFilter {
  status?: string | null;
  method?: string | null;
  search?: string | null;
}

/**
 * One page of top-ups, newest first, and how many match. Only the filters given become
 * conditions, and the count joins users only to search them, so the planner gets plain queries.
 */
export async function topUpPage(
  tx: TransactionSql,
  page: { customerId: string | null; filter: TopUpFilter; first: number; offset: number },
): Promise<{ rows: TopUpRow[]; total: number }> {
  const { customerId, filter: f } = page;
  const like = f.search ? `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = [
    customerId ? tx`t.customer_id = ${customerId}` : null,
    f.status ? tx`t.status = ${f.status}` : null,
    f.method ? tx`t.method = ${f.method}` : null,
    like ? tx`(u.email ilike ${like} or u.name ilike ${like} or t.reference ilike ${like})` : null,
  ].filter((c) => c !== null);
  const conditions = where.length ? where.reduce((a, c) => tx`${a} and ${c}`) : tx`true`;
  const users = like ? tx`left join rm_identity.users u on u.id = t.customer_id` : tx``;
  const [rows, [count]] = await Promise.all([
    tx`select ${tx.unsafe(TOP_UP_COLUMNS)} from ${tx.unsafe(TOP_UP_FROM)}
       where ${conditions} order by t.requested_at desc, t.id limit ${page.first} offset ${page.offset}`,
    tx`select count(*)::int as total from rm_wallet.top_ups t ${users} where ${conditions}`,
  ]);
  return { rows: rows as unknown as TopUpRow[], total: count!.total as number };
}

/** What the proof route needs of a top-up: whose it is and where its file is. */
export async function topUpProof(
  tx: TransactionSql,
  id: string,
): Promise<
  | {
      customer_id: string;
      proof_sha256: string;
      proof_content_type: string;
      proof_file_name: string;
    }
  | undefined
> {
  const [row] = await tx`
    select customer_id, proof_sha256, proof_content_type, proof_file_name from rm_wallet.top_ups where id = ${id}`;
  return row as never;
}

/**
 * Which customer's wallet holds a top-up, for the approve and reject commands (the top-up id is
 * random, so it cannot name its wallet stream). Runs on the owner connection, filtered by tenant.
 */
export async function topUpOwner(
  sql: Sql,
  tenantId: string,
  topUpId: string,
): Promise<string | null> {
  const [row] =
    await sql`select customer_id from rm_wallet.top_ups where id = ${topUpId} and tenant_id = ${tenantId}`;
  return (row?.customer_id as string | undefined) ?? null;
}

/** A wallet's balance, or null when it has never moved. */
export async function walletBalance(
  tx: TransactionSql,
  customerId: string,
): Promise<string | null> {
  const [w] =
    await tx`select balance::text from rm_wallet.wallets where customer_id = ${customerId}`;
  return (w?.balance as string | undefined) ?? null;
}

/** Whether renewals are paid from this wallet by themselves: on until the customer chose. */
export async function autoPayOf(tx: TransactionSql, customerId: string): Promise<boolean> {
  const [row] = await tx`select enabled from rm_wallet.auto_pay where customer_id = ${customerId}`;
  return (row?.enabled as boolean | undefined) ?? true;
}

/** A top-up's entry is worded from its method's label (domain/wallet/payment-methods.ts), the rest as stored. */
const worded = (r: LedgerRow): LedgerRow =>
  r.top_up_method
    ? { ...r, description: topUpLedgerDescription(r.top_up_method, r.top_up_reference ?? '') }
    : r;

/** A customer's first ledger entries, newest first unless `oldestFirst` (the wallet page). */
export async function ledgerEntries(
  tx: TransactionSql,
  customerId: string,
  first: number,
  oldestFirst = false,
): Promise<LedgerRow[]> {
  const rows = await tx`select ${tx.unsafe(LEDGER_COLUMNS)}
     from rm_wallet.ledger_entries where customer_id = ${customerId}
     order by revision ${tx.unsafe(oldestFirst ? 'asc' : 'desc')} limit ${first}`;
  return (rows as unknown as LedgerRow[]).map(worded);
}

/** Every entry of a wallet up to an instant, oldest first (the statement). */
export async function entriesUpTo(
  tx: TransactionSql,
  customerId: string,
  asOf: Date,
): Promise<LedgerRow[]> {
  const rows = await tx`select ${tx.unsafe(LEDGER_COLUMNS)}
     from rm_wallet.ledger_entries where customer_id = ${customerId} and occurred_at <= ${asOf}
     order by revision`;
  return (rows as unknown as LedgerRow[]).map(worded);
}

/** Where a ledger entry's event lives, and whose wallet it moved. */
export async function entryByEvent(
  tx: TransactionSql,
  eventId: string,
): Promise<{ stream_id: string; revision: string | bigint; customer_id: string } | undefined> {
  const [entry] =
    await tx`select stream_id, revision, customer_id from rm_wallet.ledger_entries where event_id = ${eventId}`;
  return entry as never;
}
