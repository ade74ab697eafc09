import { TaxError } from '../tax-error.ts';
import { calculateDocument } from '../document/calculate-document.ts';
import type { CalculatedDocument, LineInput, RoundOffMode } from '../document/document-types.ts';
import { checkNoteDate } from './credit-note-deadline.ts';
import type { IssuedInvoice } from './remaining-credit.ts';

export interface DebitNoteInput {
  readonly invoice: IssuedInvoice;
  /** What is charged on top of the invoice (a price revision, usage found later). */
  readonly lines: readonly LineInput[];
  readonly discount?: string;
  /** 'YYYY-MM-DD', on or after the invoice date. */
  readonly issueDate: string;
  /** Default: as the invoice. */
  readonly roundOff?: RoundOffMode;
}

/**
 * Calculates a debit note (s.34(3)): further value on a supply already invoiced. It is taxed like
 * the invoice (same place of supply, tax system and price mode) and names the invoice. A debit
 * note has no 30 November limit; that limit is on the credit the recipient may then take.
 * @throws TaxError NOT_AN_INVOICE, NOTE_BEFORE_INVOICE and the errors of `calculateDocument`
 */
export function calculateDebitNote(input: DebitNoteInput): CalculatedDocument {
  const { invoice } = input;
  if (invoice.document.documentType !== 'invoice') {
    throw new TaxError(
      'NOT_AN_INVOICE',
      `A debit note adjusts an invoice, not a ${invoice.document.documentType}.`,
      'invoice',
    );
  }
  checkNoteDate('debit-note', invoice.invoiceDate, input.issueDate);
  const note = calculateDocument({
    supply: invoice.document.supply,
    lines: input.lines,
    prices: invoice.document.prices,
    roundOff: input.roundOff ?? invoice.document.roundOff,
    documentType: 'debit-note',
    ...(input.discount === undefined ? {} : { discount: input.discount }),
  });
  return {
    ...note,
    reference: { invoiceNumber: invoice.invoiceNumber, invoiceDate: invoice.invoiceDate },
  };
}
