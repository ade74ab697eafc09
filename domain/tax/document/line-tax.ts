import { D, ZERO, round2, type Dec } from '../../shared/money.ts';
import type { TaxSystem } from '../supply/determine-supply.ts';
import type { HeadName } from './document-types.ts';

/** Percent charged under each head. */
export type HeadRates = Readonly<Record<HeadName, Dec>>;
/** Amount charged under each head, in rupees with two decimals. */
export type HeadAmounts = Readonly<Record<HeadName, Dec>>;

const HUNDRED = new D(100);

/**
 * How a GST rate divides over the heads of a tax system: half to CGST and half to SGST or UTGST
 * within a state, all to IGST across states, nothing when zero-rated.
 */
export function headRates(taxSystem: TaxSystem, gstRate: Dec): HeadRates {
  const half = gstRate.div(2);
  switch (taxSystem) {
    case 'CGST+SGST':
      return { cgst: half, sgst: half, utgst: ZERO, igst: ZERO };
    case 'CGST+UTGST':
      return { cgst: half, sgst: ZERO, utgst: half, igst: ZERO };
    case 'IGST':
      return { cgst: ZERO, sgst: ZERO, utgst: ZERO, igst: gstRate };
    case 'ZERO_RATED':
      return { cgst: ZERO, sgst: ZERO, utgst: ZERO, igst: ZERO };
  }
}

/**
 * Tax on a taxable value: each head is round2(taxable × its rate), half up. CGST and SGST are
 * computed separately from the same half rate, so they are equal by construction; a rounded
 * total is never split (that would leave an odd paisa to place).
 */
export function taxOnTaxable(taxable: Dec, rates: HeadRates): HeadAmounts {
  const head = (rate: Dec): Dec =>
    rate.isZero() ? ZERO : round2(taxable.times(rate).div(HUNDRED));
  return {
    cgst: head(rates.cgst),
    sgst: head(rates.sgst),
    utgst: head(rates.utgst),
    igst: head(rates.igst),
  };
}

/**
 * Splits a tax-inclusive gross into taxable value and heads so that they add up to the gross
 * exactly (invariant 11). Computing the taxable value first and adding tax on it does not:
 * ₹100 at 18% gives 84.75 + 15.26 = 100.01.
 *
 * Each head is rounded half up from the exact taxable value gross × 100 / (100 + rate), i.e.
 * round2(gross × head rate / (100 + rate)); one division, so a true half-paisa tie is exact.
 * The taxable value is what is left, within a paisa of the exact value. For some grosses no
 * two-decimal taxable value has taxes that round to the rest (₹100 at 18% IGST is one), so the
 * heads are anchored to the exact value rather than to the rounded one.
 */
export function splitInclusive(gross: Dec, rates: HeadRates): { taxable: Dec; taxes: HeadAmounts } {
  const divisor = HUNDRED.plus(rates.cgst).plus(rates.sgst).plus(rates.utgst).plus(rates.igst);
  const head = (rate: Dec): Dec => (rate.isZero() ? ZERO : round2(gross.times(rate).div(divisor)));
  const taxes = {
    cgst: head(rates.cgst),
    sgst: head(rates.sgst),
    utgst: head(rates.utgst),
    igst: head(rates.igst),
  };
  return { taxable: gross.minus(totalTax(taxes)), taxes };
}

/** Sum of the heads. */
export function totalTax(t: HeadAmounts): Dec {
  return t.cgst.plus(t.sgst).plus(t.utgst).plus(t.igst);
}
