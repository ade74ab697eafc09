import type { Sql } from 'postgres';
import type { MailAttachmentRef } from '../../domain/mail/events.ts';
import { readScoped } from '../../projections/shared/scoped.ts';
import { creditNotePdfDocument, invoicePdfDocument, pdfBrand } from '../invoices/pdf-documents.ts';
import { renderInvoicePdf } from '../invoices/pdf.ts';
import type { MailAttachment } from './transport.ts';

/**
 * The sender's port for the documents a queued mail names (MailQueued.attachments): each is
 * rendered when the mail leaves, not stored in the event. Throws when it cannot render one yet
 * (the sender records a failed attempt and retries).
 */
export type AttachmentRenderer = (
  tenantId: string,
  ref: MailAttachmentRef,
) => Promise<MailAttachment>;

/** A file name a mail client shows: the document's number (`INV-2026-0001.pdf`), else `proforma-<id>.pdf`. */
export const pdfFileName = (number: string | null, id: string) =>
  `${(number ?? `proforma-${id}`).replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;

/**
 * Invoice and credit-note PDFs from the invoices read model, scoped to the mail's tenant, as the
 * download routes print them (integrations/invoices/pdf-documents.ts). An `invoice-pdf`
 * reference names an invoice or a credit note (one renderer prints both; their ids are uuids).
 */
export function invoicePdfAttachments(sql: Sql): AttachmentRenderer {
  return async (tenantId, ref) => {
    if (ref.kind !== 'invoice-pdf') throw new Error(`cannot attach a ${String(ref.kind)}`);
    const doc = await readScoped(
      sql,
      tenantId,
      async (tx) =>
        (await invoicePdfDocument(tx, ref.invoiceId)) ??
        (await creditNotePdfDocument(tx, ref.invoiceId)),
    );
    if (!doc) throw new Error(`invoice ${ref.invoiceId} for the attachment is not found (yet)`);
    const content = await renderInvoicePdf({
      ...doc.model,
      brand: await pdfBrand(sql, tenantId),
    });
    return {
      filename: pdfFileName(doc.number, ref.invoiceId),
      contentType: 'application/pdf',
      content,
    };
  };
}

/** Renders every attachment of a mail (none: none), in the order the mail names them. */
export async function renderAttachments(
  render: AttachmentRenderer | undefined,
  tenantId: string,
  refs: readonly MailAttachmentRef[] | undefined,
): Promise<MailAttachment[]> {
  if (!refs?.length) return [];
  if (!render) throw new Error('this sender has no renderer for attachments');
  const files: MailAttachment[] = [];
  for (const ref of refs) files.push(await render(tenantId, ref));
  return files;
}
