/**
 * The counter of one document series (tenant × document type × financial year): it hands out
 * the next number, gaplessly. One stream per series and year,
 * `series-<tenantId>-<documentType>-<financialYear>` (e.g. `series-akashone-invoice-2026-27`).
 *
 * Lifecycle: DocumentNumberAssigned, once per document, counters 1, 2, 3… in stream order. The
 * append at the stream's expected revision makes two concurrent requests take different
 * numbers (the loser reloads and takes the next). A number is asked for only by a document
 * that is already decided and cannot be refused any more (an invoice paid in full, a credit
 * note raised), and asking again for the same document gives the same number, so a crash
 * between the counter and the document never leaves a gap or a second number.
 */
import type { DomainEvent } from '../../shared/decider.ts';
import type { SeriesDocumentType } from '../../tax/numbering/document-series.ts';

export type DocumentNumberAssigned = DomainEvent<
  'DocumentNumberAssigned',
  {
    tenantId: string;
    documentType: SeriesDocumentType;
    financialYear: string;
    /** The invoice id, or the credit note id, the number belongs to. */
    documentId: string;
    counter: number;
    documentNumber: string;
    /** 'YYYY-MM-DD', the document's date (in the financial year). */
    documentDate: string;
    assignedAt: string;
  }
>;

export type SeriesEvent = DocumentNumberAssigned;
export const seriesEventTypes = [
  'DocumentNumberAssigned',
] as const satisfies readonly SeriesEvent['type'][];

export const seriesStreamId = (
  tenantId: string,
  documentType: SeriesDocumentType,
  financialYear: string,
) => `series-${tenantId}-${documentType}-${financialYear}`;
