import type { TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { walletEventTypes, type WalletEvent } from '../../domain/wallet/events.ts';
import { normalizeReference } from '../../domain/wallet/duplicate-reference.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';
import { positionToString } from '../../eventstore/types.ts';

type Of<T extends WalletEvent['type']> = Extract<WalletEvent, { type: T }>['data'];

/**
 * Wallet balances, the ledger with running balance (each entry keyed by its event, so applying
 * an event twice adds nothing) and the top-up requests. Batched: one statement per table.
 */
export const walletProjector: Projector = {
  name: 'wallet',
  // 2: top_ups.reference_key, so the admin list flags a reference used twice.
  // 3: a top-up's ledger entry keeps the method's code and the reference, not a label (the
  //    label has one home, domain/wallet/payment-methods.ts; queries.ts words the entry).
  // 4: auto_pay, the customer's choice whether renewals are paid from the wallet (AutoPaySet).
  version: 4,
  handles: new Set(walletEventTypes),
  tables: [
    { name: 'wallets', orderBy: 'customer_id' },
    { name: 'ledger_entries', orderBy: 'event_id' },
    { name: 'top_ups', orderBy: 'id' },
    { name: 'auto_pay', orderBy: 'customer_id' },
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table wallets (
        customer_id uuid primary key,
        tenant_id text not null,
        balance numeric(18,2) not null,
        revision bigint not null,
        updated_at timestamptz not null
      );
      create table ledger_entries (
        event_id uuid primary key,
        tenant_id text not null,
        customer_id uuid not null,
        event_type text not null,
        stream_id text not null,
        revision bigint not null,
        position text not null,
        hash text not null,
        occurred_at timestamptz not null,
        kind text not null check (kind in ('CREDIT', 'DEBIT')),
        description text not null,
        top_up_method text,
        top_up_reference text,
        amount numeric(18,2) not null check (amount > 0),
        balance_after numeric(18,2) not null check (balance_after >= 0)
      );
      create index ledger_by_customer on ledger_entries (customer_id, revision);
      create table top_ups (
        id uuid primary key,
        tenant_id text not null,
        customer_id uuid not null,
        amount numeric(18,2) not null,
        method text not null,
        reference text not null,
        reference_key text not null,
        status text not null,
        proof_sha256 text not null,
        proof_file_name text not null,
        proof_content_type text not null,
        proof_size int not null,
        requested_at timestamptz not null,
        decided_at timestamptz,
        decided_by text,
        rejection_reason text
      );
      create index top_ups_by_status on top_ups (tenant_id, status, requested_at desc);
      create index top_ups_by_customer on top_ups (customer_id, requested_at desc);
      create index top_ups_by_reference on top_ups (tenant_id, reference_key);
      create table auto_pay (
        customer_id uuid primary key,
        tenant_id text not null,
        enabled boolean not null,
        set_by text not null,
        set_at timestamptz not null,
        revision bigint not null
      );
    `);
    for (const t of ['wallets', 'ledger_entries', 'top_ups', 'auto_pay'])
      await enableTenantIsolation(tx, t);
  },
  async apply(tx, events) {
    const decisions = newestDecisions(events);
    await insertTopUps(
      tx,
      events.filter((e) => e.type === 'TopUpRequested'),
      decisions,
    );
    await decideTopUps(tx, decisions);
    const moves = events.filter(
      (e) =>
        e.type === 'TopUpApproved' ||
        e.type === 'WalletDebited' ||
        e.type === 'WalletDebitReversed' ||
        e.type === 'WalletCredited',
    );
    await insertLedger(tx, moves);
    await updateBalances(tx, moves);
    for (const e of events) if (e.type === 'AutoPaySet') await setAutoPay(tx, e);
  },
};

/** The customer's latest choice (a later revision of the wallet stream wins; once per event). */
async function setAutoPay(tx: TransactionSql, e: RecordedEvent) {
  const d = e.data as Of<'AutoPaySet'>;
  const rev = e.revision.toString();
  await tx`
    insert into auto_pay (customer_id, tenant_id, enabled, set_by, set_at, revision)
    values (${d.customerId}, ${e.metadata.tenantId}, ${d.enabled}, ${d.setBy}, ${d.setAt}, ${rev})
    on conflict (customer_id) do update set enabled = excluded.enabled, set_by = excluded.set_by,
      set_at = excluded.set_at, revision = excluded.revision
    where auto_pay.revision < excluded.revision`;
}

const col = <E, T>(xs: E[], f: (x: E) => T) => xs.map(f);

interface Decision {
  id: string;
  status: 'APPROVED' | 'REJECTED';
  at: string;
  by: string;
  reason: string | null;
}

/** The newest decision on each top-up in the batch, by top-up id. */
function newestDecisions(events: RecordedEvent[]): Map<string, Decision> {
  const out = new Map<string, Decision>();
  for (const e of events) {
    if (e.type === 'TopUpApproved') {
      const d = e.data as Of<'TopUpApproved'>;
      out.set(d.topUpId, {
        id: d.topUpId,
        status: 'APPROVED',
        at: d.approvedAt,
        by: d.approvedBy,
        reason: null,
      });
    } else if (e.type === 'TopUpRejected') {
      const d = e.data as Of<'TopUpRejected'>;
      out.set(d.topUpId, {
        id: d.topUpId,
        status: 'REJECTED',
        at: d.rejectedAt,
        by: d.rejectedBy,
        reason: d.reason,
      });
    }
  }
  return out;
}

/**
 * A request decided in the same batch is inserted with its decision (one write instead of an
 * insert and an update); decideTopUps then skips it.
 */
async function insertTopUps(
  tx: TransactionSql,
  events: RecordedEvent[],
  decisions: Map<string, Decision>,
) {
  if (events.length === 0) return;
  const d = (e: RecordedEvent) => e.data as Of<'TopUpRequested'>;
  const decision = (e: RecordedEvent) => decisions.get(d(e).topUpId);
  await tx`
    insert into top_ups (id, tenant_id, customer_id, amount, method, reference, reference_key, status,
      proof_sha256, proof_file_name, proof_content_type, proof_size, requested_at, decided_at, decided_by, rejection_reason)
    select id, tenant_id, customer_id, amount, method, reference, reference_key, coalesce(status, 'PENDING'), sha, fname, ctype, size, at,
      decided_at, decided_by, reason
    from (select unnest(${col(events, (e) => d(e).topUpId)}::uuid[]) as id, unnest(${col(events, (e) => e.metadata.tenantId)}::text[]) as tenant_id,
      unnest(${col(events, (e) => d(e).customerId)}::uuid[]) as customer_id, unnest(${col(events, (e) => d(e).amount)}::numeric[]) as amount,
      unnest(${col(events, (e) => d(e).method)}::text[]) as method, unnest(${col(events, (e) => d(e).reference)}::text[]) as reference,
      unnest(${col(events, (e) => normalizeReference(d(e).reference))}::text[]) as reference_key,
      unnest(${col(events, (e) => d(e).proof.sha256)}::text[]) as sha, unnest(${col(events, (e) => d(e).proof.fileName)}::text[]) as fname,
      unnest(${col(events, (e) => d(e).proof.contentType)}::text[]) as ctype, unnest(${col(events, (e) => String(d(e).proof.size))}::int[]) as size,
      unnest(${col(events, (e) => d(e).requestedAt)}::text[]::timestamptz[]) as at,
      unnest(${col(events, (e) => decision(e)?.status ?? null)}::text[]) as status,
      unnest(${col(events, (e) => decision(e)?.at ?? null)}::text[]::timestamptz[]) as decided_at,
      unnest(${col(events, (e) => decision(e)?.by ?? null)}::text[]) as decided_by,
      unnest(${col(events, (e) => decision(e)?.reason ?? null)}::text[]) as reason) r
    on conflict (id) do nothing`;
}

/** Sets each decision on its top-up, unless the row already holds it. */
async function decideTopUps(tx: TransactionSql, decisions: Map<string, Decision>) {
  if (decisions.size === 0) return;
  const rows = [...decisions.values()];
  await tx`
    update top_ups t set status = r.status, decided_at = r.at, decided_by = r.by, rejection_reason = r.reason
    from (select unnest(${col(rows, (r) => r.id)}::uuid[]) as id, unnest(${col(rows, (r) => r.status)}::text[]) as status,
      unnest(${col(rows, (r) => r.at)}::text[]::timestamptz[]) as at, unnest(${col(rows, (r) => r.by)}::text[]) as by,
      unnest(${col(rows, (r) => r.reason)}::text[]) as reason) r
    where t.id = r.id
      and (t.status, t.decided_at, t.decided_by, t.rejection_reason) is distinct from (r.status, r.at, r.by, r.reason)`;
}

type Money = { customerId: string; amount: string; balanceAfter: string };

function describe(e: RecordedEvent): string {
  if (e.type === 'WalletDebited') return (e.data as Of<'WalletDebited'>).description;
  if (e.type === 'WalletDebitReversed')
    return `Reversal: ${(e.data as Of<'WalletDebitReversed'>).reason}`;
  if (e.type === 'WalletCredited') return (e.data as Of<'WalletCredited'>).reason;
  return ''; // top-ups: their method and reference, from the request row below; queries.ts words them
}

async function insertLedger(tx: TransactionSql, events: RecordedEvent[]) {
  if (events.length === 0) return;
  const m = (e: RecordedEvent) => e.data as Money;
  await tx`
    insert into ledger_entries (event_id, tenant_id, customer_id, event_type, stream_id, revision, position, hash,
      occurred_at, kind, description, top_up_method, top_up_reference, amount, balance_after)
    select r.event_id, r.tenant_id, r.customer_id, r.event_type, r.stream_id, r.revision, r.position, r.hash, r.at,
      case when r.event_type = 'WalletDebited' then 'DEBIT' else 'CREDIT' end,
      r.description, t.method, t.reference,
      r.amount, r.balance_after
    from (select unnest(${col(events, (e) => e.id)}::uuid[]) as event_id, unnest(${col(events, (e) => e.metadata.tenantId)}::text[]) as tenant_id,
      unnest(${col(events, (e) => m(e).customerId)}::uuid[]) as customer_id, unnest(${col(events, (e) => e.type)}::text[]) as event_type,
      unnest(${col(events, (e) => e.streamId)}::text[]) as stream_id, unnest(${col(events, (e) => e.revision.toString())}::bigint[]) as revision,
      unnest(${col(events, (e) => positionToString(e.position))}::text[]) as position, unnest(${col(events, (e) => e.hash)}::text[]) as hash,
      unnest(${col(events, (e) => e.metadata.occurredAt)}::text[]::timestamptz[]) as at, unnest(${col(events, describe)}::text[]) as description,
      unnest(${col(events, (e) => m(e).amount)}::numeric[]) as amount, unnest(${col(events, (e) => m(e).balanceAfter)}::numeric[]) as balance_after,
      unnest(${col(events, (e) => (e.data as { topUpId?: string }).topUpId ?? null)}::uuid[]) as top_up_id) r
    left join top_ups t on t.id = r.top_up_id
    on conflict (event_id) do nothing`;
}

async function updateBalances(tx: TransactionSql, events: RecordedEvent[]) {
  if (events.length === 0) return;
  // Only the newest event per wallet matters: it carries the balance after it.
  const last = new Map<string, RecordedEvent>();
  for (const e of events) last.set((e.data as Money).customerId, e);
  const rows = [...last.values()];
  await tx`
    insert into wallets (customer_id, tenant_id, balance, revision, updated_at)
    select unnest(${col(rows, (e) => (e.data as Money).customerId)}::uuid[]), unnest(${col(rows, (e) => e.metadata.tenantId)}::text[]),
      unnest(${col(rows, (e) => (e.data as Money).balanceAfter)}::numeric[]), unnest(${col(rows, (e) => e.revision.toString())}::bigint[]),
      unnest(${col(rows, (e) => e.metadata.occurredAt)}::text[]::timestamptz[])
    on conflict (customer_id) do update set balance = excluded.balance, revision = excluded.revision, updated_at = excluded.updated_at
    where wallets.revision < excluded.revision`;
}
