import type { TransactionSql } from 'postgres';
import { notFound } from '../../domain/shared/decider.ts';
import { isUuid } from '../../commands/shared/validate.ts';
import { readScoped, requireViewer, type RequestContext, type Viewer } from '../context.ts';
import { creditNoteById, invoiceById } from '../../projections/invoices/queries.ts';
import type { Invoice } from './mappers.ts';
import { requireInvoiceReader, seesInvoicesOf } from './access.ts';
import { toCreditNote, toInvoice } from './shapes.ts';

/**
 * One invoice the viewer may see, or NOT_FOUND: another customer's (or tenant's, which
 * row-level security hides) invoice is "not found", never "forbidden", so ids reveal nothing.
 */
export async function loadInvoice(
  tx: TransactionSql,
  viewer: Viewer,
  id: string,
): Promise<Invoice> {
  requireInvoiceReader(viewer);
  if (!isUuid(id)) throw notFound('invoice');
  const row = await invoiceById(tx, id);
  if (!row || !seesInvoicesOf(viewer, row.customer_id)) throw notFound('invoice');
  return toInvoice(row);
}

export const readInvoice = (ctx: RequestContext, id: string) =>
  readScoped(ctx.platform.sql, ctx.tenantId, (tx) => loadInvoice(tx, requireViewer(ctx), id));

/** One credit note the viewer may see, or NOT_FOUND. */
export async function readCreditNote(ctx: RequestContext, id: string) {
  const viewer = requireInvoiceReader(requireViewer(ctx));
  if (!isUuid(id)) throw notFound('credit note');
  const row = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => creditNoteById(tx, id));
  if (!row || !seesInvoicesOf(viewer, row.customer_id)) throw notFound('credit note');
  return toCreditNote(row);
}
