/**
 * The GST engine: place of supply, CGST + SGST / UTGST / IGST, SEZ and export, document
 * calculation with per-line per-head rounding, credit and debit notes, document numbers and
 * GSTINs. Pure functions: dates come in as 'YYYY-MM-DD', amounts as decimal strings, results go
 * out as strings ready for events. Every refusal is a `TaxError` with a stable `code`.
 *
 * Typical use:
 * ```ts
 * const supply = determineSupply({ supplierStateCode: '27', recipient: { kind: 'registered', gstin: '29AAFCC9980M1ZR' } });
 * const invoice = calculateDocument({ supply, lines: [{ description: 'VPS', sac: '998315', quantity: '1', unitPrice: '1000' }] });
 * invoice.totals.igst; // "180.00"
 * ```
 * @module
 */

export { TaxError, type TaxErrorCode } from './tax-error.ts';

// States and GSTINs
export {
  GST_STATES,
  FOREIGN_COUNTRY,
  CENTRE_JURISDICTION,
  stateByCode,
  isKnownStateCode,
  indianPlace,
  type GstState,
  type StateKind,
} from './states/state-codes.ts';
export {
  parseGstin,
  isValidGstin,
  gstinCheckCharacter,
  type Gstin,
  type GstinKind,
} from './gstin/gstin.ts';

// Place of supply
export {
  determineSupply,
  EXPORT_UNDER_LUT_LEGEND,
  EXPORT_WITH_IGST_LEGEND,
  SEZ_UNDER_LUT_LEGEND,
  SEZ_WITH_IGST_LEGEND,
  type Recipient,
  type Supply,
  type SupplyInput,
  type SupplyType,
  type TaxSystem,
} from './supply/determine-supply.ts';

// Documents
export {
  calculateDocument,
  QUANTITY_DECIMALS,
  UNIT_PRICE_DECIMALS,
} from './document/calculate-document.ts';
export { KNOWN_SAC_CODES, sacCode, type SacCode } from './document/sac-codes.ts';
export {
  headRates,
  taxOnTaxable,
  splitInclusive,
  type HeadRates,
  type HeadAmounts,
} from './document/line-tax.ts';
export { roundToRupee } from './document/round-off.ts';
export {
  summarizeBySac,
  summarizeByPlaceOfSupply,
  summarizeLines,
  type TaxSummaryRow,
} from './document/summaries.ts';
export {
  HEAD_NAMES,
  type CalculatedDocument,
  type CalculatedLine,
  type DocumentInput,
  type DocumentTotals,
  type DocumentType,
  type HeadName,
  type InvoiceReference,
  type LineInput,
  type PriceMode,
  type RoundOffMode,
  type TaxHead,
  type TaxHeads,
} from './document/document-types.ts';
export { amountInWords } from './words/amount-in-words.ts';

// Credit and debit notes
export {
  calculateCreditNote,
  type CreditNoteInput,
  type CreditScope,
} from './notes/credit-note.ts';
export { calculateDebitNote, type DebitNoteInput } from './notes/debit-note.ts';
export { creditNoteDeadline, checkNoteDate } from './notes/credit-note-deadline.ts';
export {
  remainingToCredit,
  type IssuedInvoice,
  type RemainingLine,
} from './notes/remaining-credit.ts';

// Financial years and document numbers
export {
  financialYear,
  financialYearStart,
  financialYearLabel,
  financialYearBounds,
  parseCalendarDate,
  type CalendarDate,
} from './numbering/financial-year.ts';
export {
  defineSeries,
  formatDocumentNumber,
  parseDocumentNumber,
  nextDocumentNumber,
  seriesKey,
  DOCUMENT_NUMBER_PATTERN,
  DOCUMENT_NUMBER_MAX_LENGTH,
  SERIES_DOCUMENT_TYPES,
  type DocumentSeries,
  type ParsedDocumentNumber,
  type SeriesConfig,
  type SeriesDocumentType,
} from './numbering/document-series.ts';
