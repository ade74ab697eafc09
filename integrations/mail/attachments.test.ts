import { describe, expect, it } from 'vitest';
import { pdfFileName, renderAttachments, type AttachmentRenderer } from './attachments.ts';

describe('mail attachments', () => {
  it('names a PDF after its number, made safe for a file name; a proforma after its id', () => {
    expect(pdfFileName('INV-2026-0001', 'x')).toBe('INV-2026-0001.pdf');
    expect(pdfFileName('INV/26-27/0007', 'x')).toBe('INV_26-27_0007.pdf');
    expect(pdfFileName(null, '3f2a9c1e')).toBe('proforma-3f2a9c1e.pdf');
  });

  it('renders each named document in order; none named needs no renderer', async () => {
    const render: AttachmentRenderer = async (tenantId, ref) => ({
      filename: `${tenantId}-${ref.invoiceId}.pdf`,
      contentType: 'application/pdf',
      content: Buffer.from('%PDF-'),
    });
    const refs = [
      { kind: 'invoice-pdf' as const, invoiceId: 'a' },
      { kind: 'invoice-pdf' as const, invoiceId: 'b' },
    ];
    expect((await renderAttachments(render, 't', refs)).map((f) => f.filename)).toEqual([
      't-a.pdf',
      't-b.pdf',
    ]);
    expect(await renderAttachments(undefined, 't', undefined)).toEqual([]);
    expect(await renderAttachments(undefined, 't', [])).toEqual([]);
  });

  it('refuses (a failed attempt, retried) when a document is named but cannot be rendered', async () => {
    const refs = [{ kind: 'invoice-pdf' as const, invoiceId: 'a' }];
    await expect(renderAttachments(undefined, 't', refs)).rejects.toThrow(/no renderer/);
    const missing: AttachmentRenderer = async (_t, ref) => {
      throw new Error(`invoice ${ref.invoiceId} for the attachment is not found (yet)`);
    };
    await expect(renderAttachments(missing, 't', refs)).rejects.toThrow(/invoice a/);
  });
});
