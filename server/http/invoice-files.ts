import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TransactionSql } from 'postgres';
import type { Platform } from '../platform-types.ts';
import { buildContext } from '../../graphql/plugin.ts';
import { readScoped } from '../../graphql/context.ts';
import { mayReadInvoices, seesInvoicesOf } from '../../graphql/invoices/access.ts';
import { isUuid } from '../../commands/shared/validate.ts';
import { renderInvoicePdf } from '../../integrations/invoices/pdf.ts';
import {
  creditNotePdfDocument,
  invoicePdfDocument,
  pdfBrand,
  type PdfDocument,
} from '../../integrations/invoices/pdf-documents.ts';

/**
 * Invoice and credit-note PDFs, rendered on request from the invoices read model (the
 * figures stored when each document was issued), for the owner customer (a team member with the
 * account's billing permission) and staff with billing.read of the same tenant. Anyone else
 * is told "not found", so ids reveal nothing.
 */

function send(reply: FastifyReply, bytes: Buffer, name: string) {
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${safeName}.pdf"`)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
    )
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export function registerInvoiceFileRoutes(app: FastifyInstance, platform: Platform): void {
  /** Signs in, checks who may read billing documents, then renders what `load` finds. */
  const route = (
    path: string,
    load: (tx: TransactionSql, id: string) => Promise<PdfDocument | undefined>,
  ) =>
    app.get<{ Params: { id: string } }>(path, async (request, reply) => {
      const ctx = await buildContext(platform, request, reply);
      if (!ctx.viewer) return reply.code(401).send({ error: 'Sign in first.' });
      const viewer = ctx.viewer;
      if (!mayReadInvoices(viewer))
        return reply.code(403).send({ error: 'Needs billing.read or the account’s billing role.' });
      const file = request.params.id;
      const id = file.endsWith('.pdf') ? file.slice(0, -4) : '';
      if (!isUuid(id)) return reply.code(404).send({ error: 'Not found.' });
      const shown = await readScoped(platform.sql, ctx.tenantId, (tx) => load(tx, id));
      if (!shown || !seesInvoicesOf(viewer, shown.customerId))
        return reply.code(404).send({ error: 'Not found.' });
      const brand = await pdfBrand(platform.sql, ctx.tenantId);
      const bytes = await renderInvoicePdf({ ...shown.model, brand });
      return send(reply, bytes, shown.name);
    });

  route('/files/invoices/:id', invoicePdfDocument);
  // A note is printed once its number is assigned (the same step that raises it, in practice).
  route('/files/credit-notes/:id', creditNotePdfDocument);
}
