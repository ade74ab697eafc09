import type { TransactionSql } from 'postgres';
import { setAutoPay } from '../../commands/wallet/auto-pay.ts';
import { approveTopUp, rejectTopUp, requestTopUp } from '../../commands/wallet/top-ups.ts';
import { DomainError, notFound } from '../../domain/shared/decider.ts';
import { hasNul, isUuid } from '../../commands/shared/validate.ts';
import { verifyChain } from '../../eventstore/hash.ts';
import { positionToString } from '../../eventstore/types.ts';
import { D, inr, type Dec } from '../../domain/shared/money.ts';
import {
  commandContext,
  readScoped,
  requireViewer,
  settle,
  type RequestContext,
} from '../context.ts';
import { clamp } from '../identity/resolvers.ts';
import { accountOf } from '../../commands/shared/authorize.ts';
import { requireWalletReader, seesWalletOf } from './access.ts';
import {
  cryptoTopUpsOffered,
  PAYMENT_METHOD_LABELS,
  paymentMethodLabel,
  type PaymentMethod,
} from '../../domain/wallet/payment-methods.ts';
import {
  entriesUpTo,
  entryByEvent,
  ledgerEntries,
  topUpById,
  topUpPage,
  walletBalance,
  autoPayOf,
  type LedgerRow,
  type TopUpRow,
} from '../../projections/wallet/queries.ts';
import { namesOf, tenantTopUps, userExists } from '../../projections/identity/queries.ts';
import type { DuplicateTopUp, Resolvers } from '../generated/resolvers.ts';

/**
 * A top-up as its customer sees it: who decided, by name only; the staff's id (the raw
 * decided_by, shown to admins when no name is known) is never theirs to see.
 */
export const toCustomerTopUp = (r: TopUpRow) => ({
  ...toTopUp(r),
  decidedBy: r.decided_by_name ?? null,
  duplicateOf: [],
});

export function toTopUp(r: TopUpRow) {
  return {
    id: r.id,
    customer: { id: r.customer_id, email: r.customer_email ?? '', name: r.customer_name ?? '' },
    amount: r.amount,
    method: r.method,
    methodLabel: paymentMethodLabel(r.method),
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
    duplicateOf: (
      (r.duplicates ?? []) as (Omit<DuplicateTopUp, 'requestedAt'> & { requestedAt: string })[]
    ).map((o) => ({ ...o, requestedAt: new Date(o.requestedAt) })),
  };
}

export function toEntry(r: LedgerRow) {
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
  const viewer = requireWalletReader(requireViewer(ctx));
  if (viewer.role === 'customer') {
    // A team member sees the wallet of the account they work for.
    if (customerId && !seesWalletOf(viewer, customerId)) throw notFound('wallet');
    return accountOf(viewer);
  }
  if (!customerId)
    throw new DomainError('BAD_USER_INPUT', 'The customerId is required for admins.', [
      { path: ['customerId'], message: 'Required.' },
    ]);
  if (!isUuid(customerId)) throw notFound('wallet');
  return customerId;
}

async function loadTopUp(tx: TransactionSql, ctx: RequestContext, id: string) {
  const viewer = requireWalletReader(requireViewer(ctx));
  if (!isUuid(id)) throw notFound('top-up');
  const row = await topUpById(tx, id);
  // Another customer's request is "not found", not "forbidden": ids reveal nothing.
  if (!row || !seesWalletOf(viewer, row.customer_id)) throw notFound('top-up');
  return viewer.role === 'customer' ? toCustomerTopUp(row) : toTopUp(row);
}

/** Where an event names the staff who acted: the decision's fields and the actor of its metadata. */
const STAFF_FIELDS = ['approvedBy', 'rejectedBy'] as const;

/**
 * The event as a customer may read it: every staff id (decider, acting admin, impersonator) is
 * replaced by the staff member's name, or "staff" when none is known. The hash and chain check
 * are computed on the stored event, so the customer still sees whether it verifies.
 */
async function staffByName(
  ctx: RequestContext,
  data: Record<string, unknown>,
  metadata: Record<string, unknown>,
) {
  const actor = (metadata.actor ?? {}) as {
    userId?: string;
    role?: string;
    impersonatorId?: string;
  };
  const ids = new Set<string>();
  for (const f of STAFF_FIELDS) if (typeof data[f] === 'string') ids.add(data[f] as string);
  if (actor.role !== 'customer' && actor.userId) ids.add(actor.userId);
  if (actor.impersonatorId) ids.add(actor.impersonatorId);
  const uuids = [...ids].filter(isUuid);
  const names = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => namesOf(tx, uuids));
  const nameOf = (id: string) => names.get(id) ?? 'staff';
  const redact = (v: unknown): unknown =>
    typeof v === 'string'
      ? ids.has(v)
        ? nameOf(v)
        : v
      : Array.isArray(v)
        ? v.map(redact)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]))
          : v;
  const { userId: _u, impersonatorId, ...rest } = actor;
  const shownActor =
    actor.role === 'customer'
      ? { ...rest, userId: actor.userId }
      : { ...rest, name: actor.userId ? nameOf(actor.userId) : 'staff' };
  const impersonation = impersonatorId ? { impersonatedBy: nameOf(impersonatorId) } : {};
  return {
    data: redact(data) as Record<string, unknown>,
    metadata: {
      ...(redact(metadata) as Record<string, unknown>),
      actor: { ...shownActor, ...impersonation },
    },
  };
}

/** Every method with its label, in the table's order (domain/wallet/payment-methods.ts). */
const paymentMethods = () =>
  (Object.keys(PAYMENT_METHOD_LABELS) as PaymentMethod[]).map((method) => ({
    method,
    label: PAYMENT_METHOD_LABELS[method],
  }));

/** Typed by the SDL (graphql/generated/resolvers.ts): a wrong shape or argument fails tsc. */
export const walletResolvers = {
  Query: {
    async topUpPaymentDetails(_, __, ctx) {
      requireViewer(ctx);
      const t = await tenantTopUps(ctx.platform.sql, ctx.tenantId);
      if (!t) throw notFound('tenant');
      const cryptoEnabled = cryptoTopUpsOffered(t.topUps, t.features);
      return {
        ...t.topUps,
        cryptoEnabled,
        methods: paymentMethods().filter((m) => cryptoEnabled || m.method !== 'CRYPTO'),
      };
    },
    paymentMethods(_, __, ctx) {
      requireViewer(ctx);
      return paymentMethods();
    },
    async wallet(_, args, ctx) {
      const customerId = walletOwner(ctx, args.customerId);
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const balance = await walletBalance(tx, customerId);
        if (balance === null && ctx.viewer!.role === 'admin' && !(await userExists(tx, customerId)))
          throw notFound('wallet');
        return { customerId, currency: 'INR', balance: balance ?? '0.00' };
      });
    },
    async walletStatement(_, args, ctx) {
      const customerId = walletOwner(ctx, args.customerId);
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        // Like `wallet`: a customer an admin cannot see (another tenant's, or none) is not found,
        // rather than an empty statement.
        if (ctx.viewer!.role === 'admin' && !(await userExists(tx, customerId)))
          throw notFound('wallet');
        return entriesUpTo(tx, customerId, args.asOf);
      });
      const sum = (kind: string) =>
        inr(
          rows
            .filter((r) => r.kind === kind)
            .reduce<Dec>((a, r) => a.plus(String(r.amount)), new D(0)),
        );
      return {
        customerId,
        asOf: args.asOf,
        balance: rows.length ? rows[rows.length - 1]!.balance_after : '0.00',
        totalCredits: sum('CREDIT'),
        totalDebits: sum('DEBIT'),
        entries: rows.map(toEntry),
      };
    },
    async topUps(_, args, ctx) {
      const viewer = requireWalletReader(requireViewer(ctx));
      const filter = args.filter ?? {};
      if (hasNul(filter.search))
        throw new DomainError('BAD_USER_INPUT', 'Search contains control characters.', [
          { path: ['filter', 'search'], message: 'Contains control characters.' },
        ]);
      const page = {
        customerId: viewer.role === 'customer' ? accountOf(viewer) : null,
        filter,
        first: clamp(args.first, 200),
        offset: Math.max(0, Math.trunc(args.offset ?? 0)),
      };
      const { rows, total } = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        topUpPage(tx, page),
      );
      return { items: rows.map(viewer.role === 'customer' ? toCustomerTopUp : toTopUp), total };
    },
    topUp: (_, args, ctx) =>
      readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadTopUp(tx, ctx, args.id)),
    async tracedEvent(_, args, ctx) {
      const viewer = requireWalletReader(requireViewer(ctx));
      if (!isUuid(args.eventId)) throw notFound('event');
      const entry = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        entryByEvent(tx, args.eventId),
      );
      if (!entry || !seesWalletOf(viewer, entry.customer_id)) throw notFound('event');
      const events = await ctx.platform.store.readStream(entry.stream_id);
      const upTo = events.filter((e) => e.revision <= BigInt(entry.revision));
      const e = upTo[upTo.length - 1];
      if (!e || e.id !== args.eventId) throw notFound('event');
      const shown =
        viewer.role === 'customer'
          ? await staffByName(ctx, e.data, e.metadata)
          : { data: e.data, metadata: e.metadata };
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
    autoPay: (w, _, ctx) =>
      readScoped(ctx.platform.sql, ctx.tenantId, (tx) => autoPayOf(tx, w.customerId)),
    entries: (w, args, ctx) =>
      readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        ledgerEntries(tx, w.customerId, clamp(args.first, 1000), args.oldestFirst ?? false),
      ).then((rows) => rows.map(toEntry)),
  },
  Mutation: {
    async requestTopUp(_, args, ctx) {
      const result = await requestTopUp(
        ctx.platform.wallet,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadTopUp(tx, ctx, result.topUpId));
    },
    async approveTopUp(_, args, ctx) {
      const result = await approveTopUp(
        ctx.platform.wallet,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadTopUp(tx, ctx, result.topUpId));
    },
    async setAutoPay(_, args, ctx) {
      const result = await setAutoPay(ctx.platform.wallet, commandContext(ctx, args.commandId), {
        enabled: args.enabled,
        customerId: args.customerId ?? null,
      });
      await settle(ctx, result.position);
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => ({
        customerId: result.customerId,
        currency: 'INR',
        balance: (await walletBalance(tx, result.customerId)) ?? '0.00',
      }));
    },
    async rejectTopUp(_, args, ctx) {
      const result = await rejectTopUp(
        ctx.platform.wallet,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadTopUp(tx, ctx, result.topUpId));
    },
  },
} satisfies Resolvers;
