import { D, ZERO, inr, type Dec } from '../../shared/money.ts';
import { TaxError } from '../tax-error.ts';
import type {
  CalculatedDocument,
  CalculatedLine,
  HeadName,
  InvoiceReference,
} from '../document/document-types.ts';
import { HEAD_NAMES } from '../document/document-types.ts';

/** An invoice as issued: its number and date, and the figures it was issued with. */
export interface IssuedInvoice extends InvoiceReference {
  readonly document: CalculatedDocument;
}

/** Per invoice line: what it charged, and what credit notes have taken back so far. */
export interface LineCreditPosition {
  readonly invoiceLine: CalculatedLine;
  readonly invoicedTaxable: Dec;
  readonly invoicedHeads: Readonly<Record<HeadName, Dec>>;
  readonly creditedTaxable: Dec;
  readonly creditedHeads: Readonly<Record<HeadName, Dec>>;
}

/** What is left to credit on one invoice line, as strings for a screen or an API. */
export interface RemainingLine {
  readonly lineNo: number;
  readonly taxableValue: string;
  readonly cgst: string;
  readonly sgst: string;
  readonly utgst: string;
  readonly igst: string;
}

const zeroHeads = (): Record<HeadName, Dec> => ({
  cgst: ZERO,
  sgst: ZERO,
  utgst: ZERO,
  igst: ZERO,
});

/**
 * Adds up the credit notes already issued against an invoice, line by line and head by head.
 * @throws TaxError NOT_AN_INVOICE, NOTE_FOR_OTHER_INVOICE, UNKNOWN_INVOICE_LINE, or
 *   CREDIT_EXCEEDS_REMAINING when the notes given already credit more than the invoice
 */
export function creditPositions(
  invoice: IssuedInvoice,
  priorNotes: readonly CalculatedDocument[],
): LineCreditPosition[] {
  if (invoice.document.documentType !== 'invoice') {
    throw new TaxError(
      'NOT_AN_INVOICE',
      `Credit is given against an invoice, not a ${invoice.document.documentType}.`,
      'invoice',
    );
  }
  const positions = new Map(
    invoice.document.lines.map((line) => [
      line.lineNo,
      {
        invoiceLine: line,
        invoicedTaxable: new D(line.taxableValue),
        invoicedHeads: Object.fromEntries(
          HEAD_NAMES.map((h) => [h, new D(line.taxes[h].amount)]),
        ) as Record<HeadName, Dec>,
        creditedTaxable: ZERO,
        creditedHeads: zeroHeads(),
      },
    ]),
  );
  priorNotes.forEach((note, n) => {
    if (
      note.documentType !== 'credit-note' ||
      note.reference?.invoiceNumber !== invoice.invoiceNumber
    ) {
      throw new TaxError(
        'NOTE_FOR_OTHER_INVOICE',
        `The priorNotes[${n}] is not a credit note against invoice ${invoice.invoiceNumber}; give only that invoice's credit notes.`,
        `priorNotes[${n}]`,
      );
    }
    for (const line of note.lines) {
      const p = line.invoiceLineNo === undefined ? undefined : positions.get(line.invoiceLineNo);
      if (!p)
        throw new TaxError(
          'UNKNOWN_INVOICE_LINE',
          `The priorNotes[${n}] credits line ${line.invoiceLineNo}, which invoice ${invoice.invoiceNumber} does not have.`,
          `priorNotes[${n}]`,
        );
      p.creditedTaxable = p.creditedTaxable.plus(line.taxableValue);
      for (const h of HEAD_NAMES)
        p.creditedHeads[h] = p.creditedHeads[h].plus(line.taxes[h].amount);
    }
  });
  for (const p of positions.values()) {
    const over =
      p.creditedTaxable.greaterThan(p.invoicedTaxable) ||
      HEAD_NAMES.some((h) => p.creditedHeads[h].greaterThan(p.invoicedHeads[h]));
    if (over) {
      throw new TaxError(
        'CREDIT_EXCEEDS_REMAINING',
        `Credit notes already credit more than line ${p.invoiceLine.lineNo} of invoice ${invoice.invoiceNumber} charged; check the prior notes given.`,
        'priorNotes',
      );
    }
  }
  return [...positions.values()];
}

/**
 * What is left to credit on each line of an invoice, after the prior credit notes.
 * @throws TaxError as `creditPositions`
 */
export function remainingToCredit(
  invoice: IssuedInvoice,
  priorNotes: readonly CalculatedDocument[] = [],
): RemainingLine[] {
  return creditPositions(invoice, priorNotes).map((p) => ({
    lineNo: p.invoiceLine.lineNo,
    taxableValue: inr(p.invoicedTaxable.minus(p.creditedTaxable)),
    cgst: inr(p.invoicedHeads.cgst.minus(p.creditedHeads.cgst)),
    sgst: inr(p.invoicedHeads.sgst.minus(p.creditedHeads.sgst)),
    utgst: inr(p.invoicedHeads.utgst.minus(p.creditedHeads.utgst)),
    igst: inr(p.invoicedHeads.igst.minus(p.creditedHeads.igst)),
  }));
}
