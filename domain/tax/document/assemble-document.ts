import { D, ZERO, inr, type Dec } from '../../shared/money.ts';
import type { Supply } from '../supply/determine-supply.ts';
import { amountInWords } from '../words/amount-in-words.ts';
import type {
  CalculatedDocument,
  CalculatedLine,
  DocumentTotals,
  DocumentType,
  InvoiceReference,
  PriceMode,
  RoundOffMode,
} from './document-types.ts';
import { HEAD_NAMES } from './document-types.ts';
import { applyRoundOff } from './round-off.ts';

export interface DocumentHeader {
  readonly documentType: DocumentType;
  readonly supply: Supply;
  readonly prices: PriceMode;
  readonly roundOff: RoundOffMode;
  readonly reference?: InvoiceReference;
}

/**
 * Puts calculated lines under a header: totals per head are the exact sums of the lines
 * (invariant 5, never recomputed from the taxable total), then the optional round-off to the
 * rupee, the grand total and the words.
 */
export function assembleDocument(header: DocumentHeader, lines: readonly CalculatedLine[]): CalculatedDocument {
  const add = (pick: (l: CalculatedLine) => string): Dec => lines.reduce((acc, l) => acc.plus(pick(l)), ZERO);
  const heads = Object.fromEntries(HEAD_NAMES.map((h) => [h, add((l) => l.taxes[h].amount)])) as Record<(typeof HEAD_NAMES)[number], Dec>;
  const taxableValue = add((l) => l.taxableValue);
  const tax = HEAD_NAMES.reduce((acc, h) => acc.plus(heads[h]), ZERO);
  const { total, roundOff } = applyRoundOff(taxableValue.plus(tax), header.roundOff);
  const totals: DocumentTotals = {
    amount: inr(add((l) => l.amount)),
    discount: inr(add((l) => l.discount)),
    taxableValue: inr(taxableValue),
    cgst: inr(heads.cgst),
    sgst: inr(heads.sgst),
    utgst: inr(heads.utgst),
    igst: inr(heads.igst),
    tax: inr(tax),
    roundOff: inr(roundOff),
    total: inr(total),
  };
  return {
    documentType: header.documentType,
    supply: header.supply,
    prices: header.prices,
    roundOff: header.roundOff,
    lines,
    totals,
    amountInWords: amountInWords(new D(totals.total)),
    ...(header.reference ? { reference: header.reference } : {}),
  };
}
