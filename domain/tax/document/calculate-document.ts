import { allocate } from '../../shared/allocation.ts';
import { ZERO, inr, round2, sum, type Dec } from '../../shared/money.ts';
import { TaxError, readDecimal } from '../tax-error.ts';
import { assembleDocument, type LineFigures } from './assemble-document.ts';
import type {
  CalculatedDocument,
  DocumentInput,
  LineInput,
  PriceMode,
  RoundOffMode,
} from './document-types.ts';
import { headRates, splitInclusive, taxOnTaxable } from './line-tax.ts';
import { lineRate } from './sac-codes.ts';
import type { TaxSystem } from '../supply/determine-supply.ts';

/** e-invoice quantity precision. */
export const QUANTITY_DECIMALS = 3;
/** Unit prices may carry fractional paise (an hourly rate of ₹0.6849); six decimals is ample. */
export const UNIT_PRICE_DECIMALS = 6;
/** e-invoice limit on an item description. */
const DESCRIPTION_MAX = 300;
const TAX_SYSTEMS: readonly TaxSystem[] = ['CGST+SGST', 'CGST+UTGST', 'IGST', 'ZERO_RATED'];

interface ParsedLine {
  readonly input: LineInput;
  readonly quantity: Dec;
  readonly unitPrice: Dec;
  readonly gstRate: Dec;
  readonly amount: Dec;
  readonly lineDiscount: Dec;
}

/**
 * Calculates a tax invoice (or a debit note's lines): per line the amount, discount, taxable
 * value and each head's rate and amount; per document the totals per head, the optional
 * round-off to the rupee, the grand total and the amount in words.
 *
 * Rounding: amount = round2(quantity × unit price); each head = round2(taxable × rate), CGST
 * and SGST each from half the rate. A document discount is spread over the lines in proportion
 * to their value so that the shares add up to it exactly. Tax-inclusive prices are split so
 * that taxable value + taxes = the price exactly.
 *
 * @throws TaxError for an empty document, malformed or negative numbers, an unknown SAC without
 *   a rate, or a discount larger than what it is taken from
 */
export function calculateDocument(input: DocumentInput): CalculatedDocument {
  const prices = priceMode(input.prices);
  const roundOff = roundOffMode(input.roundOff);
  if (!input.supply || !TAX_SYSTEMS.includes(input.supply.taxSystem)) {
    throw new TaxError(
      'INVALID_DOCUMENT',
      'A document needs the supply from determineSupply (place of supply and tax system).',
      'supply',
    );
  }
  if (!Array.isArray(input.lines) || input.lines.length === 0) {
    throw new TaxError('EMPTY_DOCUMENT', 'A document needs at least one line.', 'lines');
  }
  const parsed = input.lines.map((line, i) => parseLine(line, `lines[${i}]`));
  const values = parsed.map((p) => p.amount.minus(p.lineDiscount));

  const documentDiscount =
    input.discount === undefined ? ZERO : readDecimal(input.discount, 'discount', 2);
  const available = sum(values);
  if (documentDiscount.greaterThan(available)) {
    throw new TaxError(
      'DISCOUNT_EXCEEDS_AMOUNT',
      `Document discount ${inr(documentDiscount)} is more than the lines' value after their own discounts (${inr(available)}); give at most ${inr(available)}.`,
      'discount',
    );
  }
  const shares = documentDiscount.isZero()
    ? values.map(() => ZERO)
    : allocate(documentDiscount, values);

  const lines = parsed.map((p, i): LineFigures => {
    const value = values[i]!.minus(shares[i]!);
    const rates = headRates(input.supply.taxSystem, p.gstRate);
    const { taxable, taxes } =
      prices === 'exclusive'
        ? { taxable: value, taxes: taxOnTaxable(value, rates) }
        : splitInclusive(value, rates);
    return {
      lineNo: i + 1,
      description: p.input.description,
      sac: p.input.sac,
      quantity: p.quantity.toString(),
      unitPrice: p.unitPrice.toString(),
      gstRate: p.gstRate,
      amount: p.amount,
      discount: p.lineDiscount.plus(shares[i]!),
      taxable,
      rates,
      taxes,
    };
  });
  const documentType = input.documentType ?? 'invoice';
  if (documentType !== 'invoice' && documentType !== 'debit-note') {
    throw new TaxError(
      'INVALID_DOCUMENT',
      `The documentType must be "invoice" or "debit-note"; credit notes come from calculateCreditNote.`,
      'documentType',
    );
  }
  return assembleDocument({ documentType, supply: input.supply, prices, roundOff }, lines);
}

function parseLine(line: LineInput, field: string): ParsedLine {
  if (!line || typeof line !== 'object')
    throw new TaxError(
      'INVALID_LINE',
      `The ${field} must be a line with description, sac, quantity and unitPrice.`,
      field,
    );
  if (
    typeof line.description !== 'string' ||
    line.description.trim() === '' ||
    line.description.length > DESCRIPTION_MAX
  ) {
    throw new TaxError(
      'INVALID_LINE',
      `The ${field}.description must be text of 1 to ${DESCRIPTION_MAX} characters, e.g. "VPS 4 GB, November".`,
      `${field}.description`,
    );
  }
  const gstRate = lineRate(line.sac, line.rate, field);
  const quantity = readDecimal(line.quantity, `${field}.quantity`, QUANTITY_DECIMALS);
  const unitPrice = readDecimal(line.unitPrice, `${field}.unitPrice`, UNIT_PRICE_DECIMALS);
  const amount = round2(quantity.times(unitPrice));
  const lineDiscount =
    line.discount === undefined ? ZERO : readDecimal(line.discount, `${field}.discount`, 2);
  if (lineDiscount.greaterThan(amount)) {
    throw new TaxError(
      'DISCOUNT_EXCEEDS_AMOUNT',
      `The ${field}.discount ${inr(lineDiscount)} is more than the line amount ${inr(amount)} (quantity × unit price); give at most ${inr(amount)}.`,
      `${field}.discount`,
    );
  }
  return { input: line, quantity, unitPrice, gstRate, amount, lineDiscount };
}

function priceMode(p: PriceMode | undefined): PriceMode {
  if (p === undefined || p === 'exclusive' || p === 'inclusive') return p ?? 'exclusive';
  throw new TaxError(
    'INVALID_DOCUMENT',
    `Prices must be "exclusive" or "inclusive", got "${String(p)}".`,
    'prices',
  );
}

function roundOffMode(r: RoundOffMode | undefined): RoundOffMode {
  if (r === undefined || r === 'none' || r === 'rupee') return r ?? 'none';
  throw new TaxError(
    'INVALID_DOCUMENT',
    `The roundOff must be "none" or "rupee", got "${String(r)}".`,
    'roundOff',
  );
}
