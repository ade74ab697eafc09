import type { TransactionSql } from 'postgres';
import { approveTopUp, rejectTopUp, requestTopUp } from '../../commands/wallet/top-ups.ts';
import { DomainError, notFound } from '../../domain/shared/decider.ts';
import { hasNul, isUuid } from '../../commands/shared/validate.ts';
import { verifyChain } from '../../eventstore/hash.ts';
import { positionToString } from '../../eventstore/types.ts';
import { D, inr, type Dec } from '../../domain/shared/money.ts';
import { commandContext, readScoped, requirePermission, requireViewer, settle, type RequestContext } from '../context.ts';
import { clamp } from '../identity/resolvers.ts';
import { accountOf } from '../access/viewer.ts';

type Row = Record<string, any>;

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

/**
 * A top-up as its customer sees it: who decided, by name only; the staff's id (the raw
 * decided_by, shown to admins when no name is known) is never theirs to see.
 */
export const toCustomerTopUp = (r: Row) => ({ ...toTopUp(r), decidedBy: r.decided_by_name ?? null, duplicateOf: [] });

export function toTopUp(r: Row) {
  return {
    id: r.id,
    customer: { id: r.customer_id, email: r.customer_email ?? '', name: r.customer_name ?? '' },
    amount: r.amount,
    method: r.method,
    reference: r.reference,
    status: r.status,
    proof: {
      fileName: r.proof_file_name,
      contentType: r.proof_content_type,
      size: r.proof_size,
      sha256: r.proof_sha256,
      url: `/files/top-ups/${r.id}/proof`,
    },
    requestedAt: r.requested_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by_name ?? r.decided_by,
    rejectionReason: r.rejection_reason,
    // Other customers' requests: for admins only (toCustomerTopUp empties it).
    duplicateOf: ((r.duplicates ?? []) as Row[]).map((o) => ({ ...o, requestedAt: new Date(o.requestedAt) })),
  };
}

export function toEntry(r: Row) {
  return {
    id: r.event_id,
    occurredAt: r.occurred_at,
    kind: r.kind,
    description: r.description,
    amount: r.amount,
    balanceAfter: r.balance_after,
    eventId: r.event_id,
    eventType: r.event_type,
    streamId: r.stream_id,
    revision: String(r.revision),
    position: r.position,
    hash: r.hash,
  };
}

/** Whose wallet: a customer's own; an admin names one (of their tenant, RLS sees to that). */
function walletOwner(ctx: RequestContext, customerId?: string | null): string {
  const viewer = requireViewer(ctx);
  if (viewer.role === 'customer') {
    // A team member sees the wallet of the account they work for.
    if (customerId && customerId !== accountOf(viewer)) throw notFound('wallet');
    return accountOf(viewer);
  }
  requirePermission(ctx, 'wallet.view');
  if (!customerId) throw new DomainError('BAD_USER_INPUT', 'customerId is required for admins', [{ path: ['customerId'], message: 'required' }]);
  if (!isUuid(customerId)) throw notFound('wallet');
  return customerId;
}

async function loadTopUp(tx: TransactionSql, ctx: RequestContext, id: string) {
  if (!isUuid(id)) throw notFound('top-up');
  const [row] = await tx.unsafe(
    `select ${TOP_UP_COLUMNS} from ${TOP_UP_FROM} where t.id = $1`,
    [id],
  );
  const viewer = requireViewer(ctx);
  if (viewer.role === 'admin') requirePermission(ctx, 'wallet.view');
  // Another customer's request is "not found", not "forbidden": ids reveal nothing.
  if (!row || (viewer.role === 'customer' && row.customer_id !== accountOf(viewer))) throw notFound('top-up');
  return viewer.role === 'customer' ? toCustomerTopUp(row) : toTopUp(row);
}

/** Where an event names the staff who acted: the decision's fields and the actor of its metadata. */
const STAFF_FIELDS = ['approvedBy', 'rejectedBy'] as const;

/**
 * The event as a customer may read it: every staff id (decider, acting admin, impersonator) is
 * replaced by the staff member's name, or "staff" when none is known. The hash and chain check
 * are computed on the stored event, so the customer still sees whether it verifies.
 */
async function staffByName(ctx: RequestContext, data: Record<string, unknown>, metadata: Record<string, unknown>) {
  const actor = (metadata.actor ?? {}) as { userId?: string; role?: string; impersonatorId?: string };
  const ids = new Set<string>();
  for (const f of STAFF_FIELDS) if (typeof data[f] === 'string') ids.add(data[f] as string);
  if (actor.role !== 'customer' && actor.userId) ids.add(actor.userId);
  if (actor.impersonatorId) ids.add(actor.impersonatorId);
  const uuids = [...ids].filter(isUuid);
  const rows = uuids.length ? await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => tx`select id::text, name from rm_identity.users where id = any(${uuids}::uuid[])`) : [];
  const names = new Map(rows.map((r) => [r.id as string, r.name as string]));
  const nameOf = (id: string) => names.get(id) ?? 'staff';
  const redact = (v: unknown): unknown =>
    typeof v === 'string' ? (ids.has(v) ? nameOf(v) : v) : Array.isArray(v) ? v.map(redact) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)])) : v;
  const { userId: _u, impersonatorId, ...rest } = actor;
  const shownActor = actor.role === 'customer' ? { ...rest, userId: actor.userId } : { ...rest, name: actor.userId ? nameOf(actor.userId) : 'staff' };
  const impersonation = impersonatorId ? { impersonatedBy: nameOf(impersonatorId) } : {};
  return { data: redact(data) as Record<string, unknown>, metadata: { ...(redact(metadata) as Record<string, unknown>), actor: { ...shownActor, ...impersonation } } };
}

/** A customer's newest ledger entries (the wallet page). */
export const ledgerQuery = (tx: TransactionSql, customerId: string, first: number) =>
  tx`select event_id, occurred_at, kind, description, amount::text, balance_after::text, event_type, stream_id, revision, position, hash
     from rm_wallet.ledger_entries where customer_id = ${customerId} order by revision desc limit ${first}`;

export interface TopUpFilter {
  status?: string | null;
  method?: string | null;
  search?: string | null;
}

/**
 * One page of top-ups, newest first, and how many match. Only the filters given become
 * conditions, and the count joins users only to search them, so the planner gets plain queries.
 */
export async function topUpPage(tx: TransactionSql, page: { customerId: string | null; filter: TopUpFilter; first: number; offset: number }) {
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
  return { rows, total: count!.total as number };
}

export const walletResolvers = {
  Query: {
    async topUpPaymentDetails(_: unknown, __: unknown, ctx: RequestContext) {
      requireViewer(ctx);
      const [t] = await ctx.platform.sql`select top_ups, features from rm_identity.tenants where tenant_id = ${ctx.tenantId}`;
      if (!t) throw notFound('tenant');
      return { ...t.top_ups, cryptoEnabled: Boolean(t.top_ups.cryptoEnabled) && (t.features as string[]).includes('crypto-topups') };
    },
    async wallet(_: unknown, args: { customerId?: string | null }, ctx: RequestContext) {
      const customerId = walletOwner(ctx, args.customerId);
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const [w] = await tx`select balance::text from rm_wallet.wallets where customer_id = ${customerId}`;
        if (!w && ctx.viewer!.role === 'admin') {
          const [u] = await tx`select 1 from rm_identity.users where id = ${customerId}`;
          if (!u) throw notFound('wallet');
        }
        return { customerId, currency: 'INR', balance: w?.balance ?? '0.00' };
      });
    },
    async walletStatement(_: unknown, args: { asOf: Date; customerId?: string | null }, ctx: RequestContext) {
      const customerId = walletOwner(ctx, args.customerId);
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        // Like `wallet`: a customer an admin cannot see (another tenant's, or none) is not found,
        // rather than an empty statement.
        if (ctx.viewer!.role === 'admin' && (await tx`select 1 from rm_identity.users where id = ${customerId}`).length === 0) throw notFound('wallet');
        return tx`
          select event_id, occurred_at, kind, description, amount::text, balance_after::text, event_type, stream_id, revision, position, hash
          from rm_wallet.ledger_entries where customer_id = ${customerId} and occurred_at <= ${args.asOf}
          order by revision`;
      });
      const sum = (kind: string) => inr(rows.filter((r) => r.kind === kind).reduce<Dec>((a, r) => a.plus(String(r.amount)), new D(0)));
      return {
        customerId,
        asOf: args.asOf,
        balance: rows.length ? rows[rows.length - 1]!.balance_after : '0.00',
        totalCredits: sum('CREDIT'),
        totalDebits: sum('DEBIT'),
        entries: rows.map(toEntry),
      };
    },
    async topUps(_: unknown, args: { filter?: TopUpFilter | null; first: number; offset: number }, ctx: RequestContext) {
      const viewer = requireViewer(ctx);
      if (viewer.role === 'admin') requirePermission(ctx, 'wallet.view');
      const filter = args.filter ?? {};
      if (hasNul(filter.search)) throw new DomainError('BAD_USER_INPUT', 'search contains control characters', [{ path: ['filter', 'search'], message: 'contains control characters' }]);
      const page = { customerId: viewer.role === 'customer' ? accountOf(viewer) : null, filter, first: clamp(args.first, 200), offset: Math.max(0, Math.trunc(args.offset ?? 0)) };
      const { rows, total } = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => topUpPage(tx, page));
      return { items: rows.map(viewer.role === 'customer' ? toCustomerTopUp : toTopUp), total };
    },
    topUp: (_: unknown, args: { id: string }, ctx: RequestContext) => readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadTopUp(tx, ctx, args.id)),
    async tracedEvent(_: unknown, args: { eventId: string }, ctx: RequestContext) {
      const viewer = requireViewer(ctx);
      if (viewer.role === 'admin') requirePermission(ctx, 'wallet.view');
      if (!isUuid(args.eventId)) throw notFound('event');
      const [entry] = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => tx`
        select stream_id, revision, customer_id from rm_wallet.ledger_entries where event_id = ${args.eventId}`);
      if (!entry || (viewer.role === 'customer' && entry.customer_id !== accountOf(viewer))) throw notFound('event');
      const events = await ctx.platform.store.readStream(entry.stream_id);
      const upTo = events.filter((e) => e.revision <= BigInt(entry.revision));
      const e = upTo[upTo.length - 1];
      if (!e || e.id !== args.eventId) throw notFound('event');
      const shown = viewer.role === 'customer' ? await staffByName(ctx, e.data, e.metadata) : { data: e.data, metadata: e.metadata };
      return {
        id: e.id,
        type: e.type,
        streamId: e.streamId,
        revision: e.revision.toString(),
        position: positionToString(e.position),
        occurredAt: e.metadata.occurredAt,
        hash: e.hash,
        data: JSON.stringify(shown.data, null, 2),
        metadata: JSON.stringify({ ...shown.metadata, commandHash: undefined }, null, 2),
        chainValid: verifyChain(upTo) === null,
      };
    },
  },
  Wallet: {
    entries: (w: { customerId: string }, args: { first: number }, ctx: RequestContext) =>
      readScoped(ctx.platform.sql, ctx.tenantId, (tx) => ledgerQuery(tx, w.customerId, clamp(args.first, 1000))).then((rows) => rows.map(toEntry)),
  },
  Mutation: {
    async requestTopUp(_: unknown, args: { input: Row }, ctx: RequestContext) {
      const result = await requestTopUp(ctx.platform.wallet, commandContext(ctx, args.input.commandId), args.input);
      await settle(ctx, result.position);
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadTopUp(tx, ctx, result.topUpId));
    },
    async approveTopUp(_: unknown, args: { input: Row }, ctx: RequestContext) {
      const result = await approveTopUp(ctx.platform.wallet, commandContext(ctx, args.input.commandId), args.input);
      await settle(ctx, result.position);
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadTopUp(tx, ctx, result.topUpId));
    },
    async rejectTopUp(_: unknown, args: { input: Row }, ctx: RequestContext) {
      const result = await rejectTopUp(ctx.platform.wallet, commandContext(ctx, args.input.commandId), args.input);
      await settle(ctx, result.position);
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadTopUp(tx, ctx, result.topUpId));
    },
  },
};

