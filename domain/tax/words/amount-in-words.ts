import { D, type Dec } from '../../shared/money.ts';
import { TaxError } from '../tax-error.ts';

const ONES = [
  '',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Eleven',
  'Twelve',
  'Thirteen',
  'Fourteen',
  'Fifteen',
  'Sixteen',
  'Seventeen',
  'Eighteen',
  'Nineteen',
];
const TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

/** The Indian system groups by hundred, thousand, lakh (1,00,000) and crore (1,00,00,000). */
const GROUPS: readonly [bigint, string][] = [
  [10_000_000n, 'Crore'],
  [100_000n, 'Lakh'],
  [1_000n, 'Thousand'],
  [100n, 'Hundred'],
];

/** Words for a whole number; crores above 99 are spelled recursively ("One Thousand Crore"). */
function wholeInWords(n: bigint): string {
  if (n === 0n) return '';
  if (n < 20n) return ONES[Number(n)]!;
  if (n < 100n) return [TENS[Number(n / 10n)]!, ONES[Number(n % 10n)]!].filter(Boolean).join(' ');
  for (const [size, name] of GROUPS) {
    if (n >= size)
      return [wholeInWords(n / size), name, wholeInWords(n % size)].filter(Boolean).join(' ');
  }
  /* c8 ignore next 2: n ≥ 100 always matches the hundred group */
  // Stryker disable next-line StringLiteral: equivalent, unreachable (n ≥ 100 always matches the hundred group)
  return '';
}

/**
 * An amount in words for an invoice, Indian system, e.g. 118500.50 →
 * "Rupees One Lakh Eighteen Thousand Five Hundred and Fifty Paise Only".
 * Rounds to paise half up first; refuses negative amounts (a document's sign is its type).
 * @throws TaxError AMOUNT_OUT_OF_RANGE for negative amounts
 */
export function amountInWords(amount: Dec | string): string {
  const value = typeof amount === 'string' ? new D(amount) : amount;
  if (!value.isFinite() || (value.isNegative() && !value.isZero())) {
    throw new TaxError(
      'AMOUNT_OUT_OF_RANGE',
      `Amount in words needs zero or a positive amount, got ${value.toString()}; documents show amounts without a sign.`,
    );
  }
  const paiseTotal = BigInt(value.times(100).toDecimalPlaces(0, D.ROUND_HALF_UP).toFixed(0));
  const rupees = paiseTotal / 100n;
  const paise = paiseTotal % 100n;
  const rupeeWords = rupees === 0n ? 'Zero' : wholeInWords(rupees);
  if (paise === 0n) return `Rupees ${rupeeWords} Only`;
  return `Rupees ${rupeeWords} and ${wholeInWords(paise)} ${paise === 1n ? 'Paisa' : 'Paise'} Only`;
}
