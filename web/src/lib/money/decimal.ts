/**
 * Decimal amounts as the API sends them ("1500.00"), handled as strings: never parsed into JS
 * numbers, so no float ever touches money in the portal.
 */

const decimalPattern = /^(-)?(\d+)(?:\.(\d+))?$/;

interface Parts {
  negative: boolean;
  /** Integer digits without leading zeros ("0" for zero). */
  whole: string;
  /** Fraction digits without trailing zeros. */
  fraction: string;
}

function parts(value: string): Parts | null {
  const m = decimalPattern.exec(value.trim());
  if (!m) return null;
  const whole = m[2]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const isZero = whole === '0' && fraction === '';
  return { negative: m[1] === '-' && !isZero, whole, fraction };
}

/** Whether `value` is a plain decimal string ("12", "-3.5", "1500.00"). */
export function isDecimal(value: string): boolean {
  return parts(value) !== null;
}

/** Compares two decimal strings: -1, 0 or 1. Throws on a malformed value. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = parts(a);
  const y = parts(b);
  if (!x || !y) throw new Error(`not a decimal: ${!x ? a : b}`);
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const sign = x.negative ? -1 : 1;
  const abs = compareMagnitude(x, y);
  return (abs * sign) as -1 | 0 | 1;
}

function compareMagnitude(x: Parts, y: Parts): -1 | 0 | 1 {
  if (x.whole.length !== y.whole.length) return x.whole.length < y.whole.length ? -1 : 1;
  if (x.whole !== y.whole) return x.whole < y.whole ? -1 : 1;
  const len = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(len, '0');
  const fy = y.fraction.padEnd(len, '0');
  if (fx === fy) return 0;
  return fx < fy ? -1 : 1;
}

/** Groups integer digits the Indian way: last three, then pairs ("11800000" → "1,18,00,000"). */
export function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  let rest = digits.slice(0, -3);
  const pairs: string[] = [];
  while (rest.length > 2) {
    pairs.unshift(rest.slice(-2));
    rest = rest.slice(0, -2);
  }
  if (rest) pairs.unshift(rest);
  return `${pairs.join(',')},${last3}`;
}

/**
 * Formats a decimal string as rupees with Indian grouping and at least two decimals:
 * "118000.5" → "₹1,18,000.50", "-25" → "−₹25.00". Extra precision (fractional paise) is kept.
 * A malformed value is shown as is rather than hidden.
 */
export function formatINR(value: string, opts: { symbol?: boolean } = {}): string {
  const p = parts(value);
  if (!p) return value;
  const fraction = p.fraction.padEnd(2, '0');
  const sign = p.negative ? '\u2212' : '';
  const symbol = opts.symbol === false ? '' : '₹';
  return `${sign}${symbol}${groupIndian(p.whole)}.${fraction}`;
}

/**
 * Reads an amount typed by a person: digits with at most two decimals, commas and spaces
 * allowed ("1,50,000.5" → "150000.50"). Returns null when it is not such an amount.
 */
export function parseAmountInput(input: string): string | null {
  const cleaned = input.replace(/[\s,₹]/g, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!m) return null;
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[2] ?? '').padEnd(2, '0');
  return `${whole}.${fraction}`;
}
