import { MoneyError, parseDecimal, type Dec } from '../shared/money.ts';
import { TaxError } from '../tax/tax-error.ts';
import { lineRate } from '../tax/document/sac-codes.ts';
import { UNIT_PRICE_DECIMALS } from '../tax/document/calculate-document.ts';
import { fieldError } from './field-error.ts';

/** Reads a unit price (up to six decimals: fractional paise are allowed), zero or more. */
export function readUnitPrice(input: string, field: string): Dec {
  try {
    return parseDecimal(input, { maxDecimals: UNIT_PRICE_DECIMALS, field });
  } catch (e) {
    if (e instanceof MoneyError) throw fieldError(field, e.message);
    throw e;
  }
}

/** Serializes a unit price for events: at least two decimals, more only when it has them ("449.00", "0.6849"). */
export function unitPriceText(d: Dec): string {
  return d.toFixed(Math.max(2, d.decimalPlaces()));
}

/** A unit price as events carry it, canonical, or a BAD_USER_INPUT naming the field. */
export function canonicalPrice(
  input: string,
  field: string,
  opts: { positive?: boolean } = {},
): string {
  const d = readUnitPrice(input, field);
  if (opts.positive && d.isZero()) throw fieldError(field, 'Must be more than zero.');
  return unitPriceText(d);
}

/**
 * Checks a SAC code (and its GST rate when the code is not one the engine knows) with the tax
 * engine's own rules, so a catalog entry can never make an invoice the engine refuses.
 */
export function checkSac(
  sac: string,
  gstRate: string | null,
  fields: { sac: string; gstRate: string },
): void {
  try {
    lineRate(sac, gstRate ?? undefined, 'line');
  } catch (e) {
    if (e instanceof TaxError) {
      if (e.code === 'INVALID_SAC') throw fieldError(fields.sac, e.message);
      if (e.code === 'UNKNOWN_SAC_RATE')
        throw fieldError(
          fields.gstRate,
          `SAC ${sac} has no known GST rate; give the ${fields.gstRate} in percent, e.g. "18".`,
        );
      throw fieldError(fields.gstRate, e.message);
    }
    throw e;
  }
}
