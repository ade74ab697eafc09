import { ZERO, inr, type Dec } from '../../shared/money.ts';
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
  TaxHeads,
} from './document-types.ts';
import { totalTax, type HeadAmounts, type HeadRates } from './line-tax.ts';
import { applyRoundOff } from './round-off.ts';

export interface DocumentHeader {
  readonly documentType: DocumentType;
  readonly supply: Supply;
  readonly prices: PriceMode;
  readonly roundOff: RoundOffMode;
  readonly reference?: InvoiceReference;
}

/** What a calculated line is made of, before it is serialized to strings. */
export interface LineFigures {
  readonly lineNo: number;
  readonly invoiceLineNo?: number;
  readonly description: string;
  readonly sac: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly gstRate: Dec;
  /** Already whole paise: amounts, discounts, taxable values and heads are rounded where they arise. */
  readonly amount: Dec;
  readonly discount: Dec;
  readonly taxable: Dec;
  readonly rates: HeadRates;
  readonly taxes: HeadAmounts;
}

/**
 * Puts calculated lines under a header: totals per head are the exact sums of the lines
 * (invariant 5, never recomputed from the taxable total), then the optional round-off to the
 * rupee, the grand total and the words.
 */
export function assembleDocument(
  header: DocumentHeader,
  figures: readonly LineFigures[],
): CalculatedDocument {
  let amount = ZERO;
  let discount = ZERO;
  let taxable = ZERO;
  let cgst = ZERO;
  let sgst = ZERO;
  let utgst = ZERO;
  let igst = ZERO;
  for (const f of figures) {
    amount = amount.plus(f.amount);
    discount = discount.plus(f.discount);
    taxable = taxable.plus(f.taxable);
    cgst = cgst.plus(f.taxes.cgst);
    sgst = sgst.plus(f.taxes.sgst);
    utgst = utgst.plus(f.taxes.utgst);
    igst = igst.plus(f.taxes.igst);
  }
  const tax = cgst.plus(sgst).plus(utgst).plus(igst);
  const { total, roundOff } = applyRoundOff(taxable.plus(tax), header.roundOff);
  const totals: DocumentTotals = {
    amount: inr(amount),
    discount: inr(discount),
    taxableValue: inr(taxable),
    cgst: inr(cgst),
    sgst: inr(sgst),
    utgst: inr(utgst),
    igst: inr(igst),
    tax: inr(tax),
    roundOff: inr(roundOff),
    total: inr(total),
  };
  return {
    documentType: header.documentType,
    supply: header.supply,
    prices: header.prices,
    roundOff: header.roundOff,
    lines: figures.map(calculatedLine),
    totals,
    amountInWords: amountInWords(total),
    ...(header.reference ? { reference: header.reference } : {}),
  };
}

const ZERO_HEAD = Object.freeze({ rate: '0', amount: '0.00' });

/** Serializes a line's figures: amounts with two decimals, rates as plain percentages. */
function calculatedLine(f: LineFigures): CalculatedLine {
  const head = (h: keyof HeadAmounts) =>
    f.rates[h].isZero() && f.taxes[h].isZero()
      ? ZERO_HEAD
      : { rate: f.rates[h].toString(), amount: inr(f.taxes[h]) };
  const taxes: TaxHeads = {
    cgst: head('cgst'),
    sgst: head('sgst'),
    utgst: head('utgst'),
    igst: head('igst'),
  };
  const tax = totalTax(f.taxes);
  return {
    lineNo: f.lineNo,
    ...(f.invoiceLineNo === undefined ? {} : { invoiceLineNo: f.invoiceLineNo }),
    description: f.description,
    sac: f.sac,
    quantity: f.quantity,
    unitPrice: f.unitPrice,
    gstRate: f.gstRate.toString(),
    amount: inr(f.amount),
    discount: inr(f.discount),
    taxableValue: inr(f.taxable),
    taxes,
    taxTotal: inr(tax),
    total: inr(f.taxable.plus(tax)),
  };
}
