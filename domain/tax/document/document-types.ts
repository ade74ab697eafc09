import type { Supply } from '../supply/determine-supply.ts';

/**
 * The shapes the engine takes and returns. Every amount is a string with two decimals
 * ("1500.00") so a result can go into an event as it is; rates are percentages ("18", "9").
 */

/** Whether unit prices exclude GST (added on top) or include it (split out of the price). */
export type PriceMode = 'exclusive' | 'inclusive';

/** `rupee`: round the grand total half up to the rupee and show the difference (Section 170). */
export type RoundOffMode = 'none' | 'rupee';

/** The sign of a document comes from its type; its amounts are never negative (invariant 10). */
export type DocumentType = 'invoice' | 'credit-note' | 'debit-note';

export interface LineInput {
  readonly description: string;
  /** Services accounting code (or HSN), e.g. "998315". */
  readonly sac: string;
  /** Up to 3 decimals, e.g. "720" hours or "1.5" months. */
  readonly quantity: string;
  /** Up to 6 decimals: hourly prices carry fractional paise, e.g. "0.6849". */
  readonly unitPrice: string;
  /** Discount on this line in rupees (2 decimals), taken off quantity × unit price. */
  readonly discount?: string;
  /** GST rate in percent; defaults to the SAC's known rate. */
  readonly rate?: string;
}

export interface DocumentInput {
  readonly supply: Supply;
  readonly lines: readonly LineInput[];
  /** Default `exclusive`. */
  readonly prices?: PriceMode;
  /** A discount on the whole document, spread over the lines in proportion to their value. */
  readonly discount?: string;
  /** Default `none`. */
  readonly roundOff?: RoundOffMode;
  /** Default `invoice`. Credit notes come from `calculateCreditNote`, which checks them against the invoice. */
  readonly documentType?: 'invoice' | 'debit-note';
}

export interface TaxHead {
  /** Percent charged under this head ("9" for CGST at 18%); "0" when the head does not apply. */
  readonly rate: string;
  readonly amount: string;
}

export interface TaxHeads {
  readonly cgst: TaxHead;
  readonly sgst: TaxHead;
  readonly utgst: TaxHead;
  readonly igst: TaxHead;
}

export type HeadName = keyof TaxHeads;
export const HEAD_NAMES: readonly HeadName[] = ['cgst', 'sgst', 'utgst', 'igst'];

export interface CalculatedLine {
  /** 1-based position on the document. */
  readonly lineNo: number;
  /** On a credit or debit note: the invoice line it adjusts. */
  readonly invoiceLineNo?: number;
  readonly description: string;
  readonly sac: string;
  readonly quantity: string;
  readonly unitPrice: string;
  /** The GST rate of the service in percent, even when zero-rated (export under LUT). */
  readonly gstRate: string;
  /** quantity × unit price, rounded half up to paise. */
  readonly amount: string;
  /** Line discount plus this line's share of a document discount. */
  readonly discount: string;
  /** amount − discount for exclusive prices; for inclusive prices what is left after the taxes. */
  readonly taxableValue: string;
  readonly taxes: TaxHeads;
  readonly taxTotal: string;
  /** taxableValue + taxTotal; for inclusive prices this equals amount − discount exactly. */
  readonly total: string;
}

export interface DocumentTotals {
  readonly amount: string;
  readonly discount: string;
  readonly taxableValue: string;
  readonly cgst: string;
  readonly sgst: string;
  readonly utgst: string;
  readonly igst: string;
  readonly tax: string;
  /** Signed adjustment within ±0.50 ("-0.40", "0.50"); "0.00" without round-off. */
  readonly roundOff: string;
  /** taxableValue + tax + roundOff. */
  readonly total: string;
}

export interface InvoiceReference {
  readonly invoiceNumber: string;
  /** 'YYYY-MM-DD'. */
  readonly invoiceDate: string;
}

export interface CalculatedDocument {
  readonly documentType: DocumentType;
  readonly supply: Supply;
  readonly prices: PriceMode;
  readonly roundOff: RoundOffMode;
  readonly lines: readonly CalculatedLine[];
  readonly totals: DocumentTotals;
  /** The grand total in words, Indian system: "Rupees One Lakh ... Only". */
  readonly amountInWords: string;
  /** On a credit or debit note: the invoice it adjusts. */
  readonly reference?: InvoiceReference;
}
