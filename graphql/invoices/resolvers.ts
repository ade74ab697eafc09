import { DomainError, badInput, notFound } from '../../domain/shared/decider.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { hasNul, isUuid } from '../../commands/shared/validate.ts';
import { accountOf } from '../../commands/shared/authorize.ts';
import { readScoped, requireViewer } from '../context.ts';
import { clamp } from '../identity/resolvers.ts';
import {
  creditNotePage,
  creditNotesOf,
  invoicePage,
  paymentsOf,
} from '../../projections/invoices/queries.ts';
import { namesOf, usersByIds } from '../../projections/identity/queries.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { requireInvoiceReader, seesInvoicesOf } from './access.ts';
import { invoiceFromEvents, traceOf } from './as-of.ts';
import { toCreditNote, toInvoice, toPayment } from './shapes.ts';
import { invoiceMutations } from './mutations.ts';
import { readInvoice } from './reads.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateFilter(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new DomainError('BAD_USER_INPUT', `The ${field} must be a date 'YYYY-MM-DD'.`, [
      { path: ['filter', field], message: "Must be a date 'YYYY-MM-DD'." },
    ]);
  return value;
}

const page = (first: number | null | undefined, offset: number | null | undefined) => ({
  first: clamp(first, 200),
  offset: Math.max(0, Math.trunc(offset ?? 0)),
});

/** Typed by the SDL (graphql/generated/resolvers.ts): a wrong shape or argument fails tsc. */
export const invoiceResolvers = {
  Query: {
    async invoices(_, args, ctx) {
      const viewer = requireInvoiceReader(requireViewer(ctx));
      const f = args.filter ?? {};
      if (hasNul(f.search)) throw badInput('filter.search', 'Search contains control characters.');
      if (f.customerId && !isUuid(f.customerId))
        throw new DomainError('BAD_USER_INPUT', 'The customerId is not a customer id.', [
          { path: ['filter', 'customerId'], message: 'Not a customer id.' },
        ]);
      const filter = {
        status: f.status ?? null,
        customerId: f.customerId ?? null,
        search: f.search?.trim() || null,
        from: dateFilter(f.from, 'from'),
        to: dateFilter(f.to, 'to'),
      };
      const { rows, total } = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        invoicePage(tx, {
          customerId: viewer.role === 'customer' ? accountOf(viewer) : null,
          filter,
          ...page(args.first, args.offset),
        }),
      );
      return { items: rows.map(toInvoice), total };
    },
    invoice: (_, args, ctx) => readInvoice(ctx, args.id),
    async creditNotes(_, args, ctx) {
      const viewer = requireInvoiceReader(requireViewer(ctx));
      if (args.customerId && !isUuid(args.customerId))
        throw badInput('customerId', 'Not a customer id.');
      const own = viewer.role === 'customer' ? accountOf(viewer) : null;
      if (own && args.customerId && args.customerId !== own) return { items: [], total: 0 };
      const { rows, total } = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        creditNotePage(tx, {
          customerId: own ?? args.customerId ?? null,
          ...page(args.first, args.offset),
        }),
      );
      return { items: rows.map(toCreditNote), total };
    },
    async invoiceAsOf(_, args, ctx) {
      const viewer = requireInvoiceReader(requireViewer(ctx));
      if (!isUuid(args.id)) throw notFound('invoice');
      // From the log, not the read model: the invoice's own stream, folded up to the instant.
      const events = await ctx.platform.store.readStream(invoiceStreamId(args.id));
      const first = events[0];
      const customerId = (first?.data as { customerId?: string } | undefined)?.customerId;
      if (
        !first ||
        first.metadata.tenantId !== ctx.tenantId ||
        !customerId ||
        !seesInvoicesOf(viewer, customerId)
      )
        throw notFound('invoice');
      const staff = events.flatMap((e) =>
        e.type === 'InvoicePaymentApplied' ? [(e.data as { recordedBy: string }).recordedBy] : [],
      );
      const { customer, names } = await readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const [user] = await usersByIds(tx, [customerId]);
        return { customer: user, names: await namesOf(tx, staff.filter(isUuid)) };
      });
      const invoice = invoiceFromEvents(
        events,
        args.asOf,
        { id: customerId, email: customer?.email ?? '', name: customer?.name ?? '' },
        viewer.role === 'customer',
        (id) => names.get(id) ?? null,
      );
      if (!invoice) throw notFound(`invoice as of ${args.asOf.toISOString()}`);
      return invoice;
    },
  },
  Invoice: {
    async payments(invoice, _, ctx) {
      if (invoice.payments) return invoice.payments;
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        paymentsOf(tx, [invoice.id]),
      );
      return rows.map((p) => toPayment(p, ctx.viewer?.role === 'customer'));
    },
    async creditNotes(invoice, _, ctx) {
      if (invoice.creditNotes) return invoice.creditNotes;
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        creditNotesOf(tx, [invoice.id]),
      );
      return rows.map(toCreditNote);
    },
    async trace(invoice, _, ctx) {
      if (invoice.trace) return invoice.trace;
      return traceOf(await ctx.platform.store.readStream(invoiceStreamId(invoice.id)));
    },
  },
  Mutation: invoiceMutations,
} satisfies Resolvers;
