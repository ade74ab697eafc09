import { D, type Dec } from '../../shared/money.ts';
import type { RoundOffMode } from './document-types.ts';

/**
 * Rounds a grand total to the rupee half up, as Section 170 asks (₹38.50 → ₹39, ₹38.49 → ₹38;
 * never half-even). The difference is shown on the document as a separate round-off amount, so
 * total = taxable + taxes + round-off holds exactly and |round-off| ≤ 0.50.
 */
export function roundToRupee(exactTotal: Dec): { total: Dec; roundOff: Dec } {
  const total = exactTotal.toDecimalPlaces(0, D.ROUND_HALF_UP);
  return { total, roundOff: total.minus(exactTotal) };
}

/** Applies the document's round-off mode to its exact total (taxable + taxes). */
export function applyRoundOff(exactTotal: Dec, mode: RoundOffMode): { total: Dec; roundOff: Dec } {
  return mode === 'rupee' ? roundToRupee(exactTotal) : { total: exactTotal, roundOff: new D(0) };
}
