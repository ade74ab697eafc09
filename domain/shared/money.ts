// The named export: under NodeNext the package's types are CommonJS, so its default import types as the module object.
import { Decimal } from 'decimal.js';

/**
 * Money on decimal.js. Amounts never live in a JS number: they are parsed from strings,
 * computed as Decimal and serialized back as strings with fixed decimals.
 */
export const D = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof D>;

/** Why a value was refused; stable so callers (GraphQL, forms) can map it without reading prose. */
export type MoneyErrorCode =
  | 'MONEY_INVALID'
  | 'MONEY_NOT_A_STRING'
  | 'MONEY_NOT_A_NUMBER'
  | 'MONEY_EXPONENT'
  | 'MONEY_MALFORMED'
  | 'MONEY_TOO_LARGE'
  | 'MONEY_TOO_MANY_DECIMALS'
  | 'MONEY_NEGATIVE'
  | 'MONEY_NOT_PAISE'
  | 'ALLOCATION_NO_PARTS'
  | 'ALLOCATION_NEGATIVE_WEIGHT'
  | 'ALLOCATION_ZERO_WEIGHTS';

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
  /** The second argument is optional so `new MoneyError(message)` keeps working for existing callers. */
  constructor(
    message: string,
    readonly code: MoneyErrorCode = 'MONEY_INVALID',
  ) {
    super(message);
  }
}

/** Integer digits are capped at 15: ₹999 lakh crore is far beyond any bill, and it keeps typos out. */
const MAX_INTEGER_DIGITS = 15;
const PLAIN_DECIMAL = /^-?\d{1,15}(\.\d+)?$/;

/**
 * Parses a plain decimal string ("1500", "0.6849"). Refuses NaN, Infinity, exponents,
 * signs other than a leading minus, separators and more than `maxDecimals` decimals.
 */
export function parseDecimal(
  input: string,
  opts: { maxDecimals?: number; allowNegative?: boolean; field?: string } = {},
): Dec {
  const { maxDecimals = 2, allowNegative = false, field = 'amount' } = opts;
  if (typeof input !== 'string')
    throw new MoneyError(
      `The ${field} must be a decimal string such as "1500.00".`,
      'MONEY_NOT_A_STRING',
    );
  const s = input.trim();
  if (!PLAIN_DECIMAL.test(s)) throw malformed(field, input, s);
  const decimals = s.includes('.') ? s.split('.')[1]!.length : 0;
  if (decimals > maxDecimals) {
    throw new MoneyError(
      `The ${field} has ${decimals} decimals; at most ${maxDecimals} are allowed (e.g. "${new D(s).toFixed(maxDecimals, D.ROUND_HALF_UP)}").`,
      'MONEY_TOO_MANY_DECIMALS',
    );
  }
  const d = new D(s);
  if (d.isZero()) return new D(0); // "-0" would otherwise serialize with a sign
  if (d.isNegative() && !allowNegative)
    throw new MoneyError(
      `The ${field} must not be negative, got "${s}"; give zero or more.`,
      'MONEY_NEGATIVE',
    );
  return d;
}

/** Tells the caller which rule the input broke, so the message says what would be right. */
function malformed(field: string, input: string, s: string): MoneyError {
  const shown = input.slice(0, 40);
  if (/^[+-]?(nan|infinity|inf)$/i.test(s)) {
    return new MoneyError(
      `The ${field} must be a finite number such as "1500.00", got "${shown}".`,
      'MONEY_NOT_A_NUMBER',
    );
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(s) || /^[+-]?0[xob]/i.test(s)) {
    return new MoneyError(
      `The ${field} must be written out in plain digits such as "1500.00", not exponent or radix notation ("${shown}").`,
      'MONEY_EXPONENT',
    );
  }
  if (/^-?\d{16,}(\.\d+)?$/.test(s)) {
    return new MoneyError(
      `The ${field} has more than ${MAX_INTEGER_DIGITS} digits before the decimal point ("${shown}").`,
      'MONEY_TOO_LARGE',
    );
  }
  return new MoneyError(
    `The ${field} must be a plain decimal such as "1500.00", got "${shown}".`,
    'MONEY_MALFORMED',
  );
}

/** Parses an INR amount: at most two decimals (paise), not negative. */
export function parseInr(input: string, field = 'amount'): Dec {
  return parseDecimal(input, { maxDecimals: 2, field });
}

/** Rounds half up to paise. */
export function round2(d: Dec): Dec {
  return d.toDecimalPlaces(2, D.ROUND_HALF_UP);
}

/** Serializes an amount for events and the API: always two decimals, e.g. "1500.00". */
export function inr(d: Dec): string {
  return d.toFixed(2, D.ROUND_HALF_UP); // the same as round2(d).toFixed(2), in one step
}

/** An amount as events carry it (inr): digits, a point, two decimals, no leading zero. */
const SERIALIZED = /^(0|[1-9]\d*)\.(\d\d)$/;

/** Formats for people: ₹1,18,000.50 (Indian digit grouping). */
export function formatInr(d: Dec | string): string {
  // Amounts from events are already rounded, positive and fixed: no Decimal needed (projectors
  // format hundreds of thousands of them in a rebuild).
  const serialized = typeof d === 'string' ? SERIALIZED.exec(d) : null;
  if (serialized) return `₹${groupIndian(serialized[1]!)}.${serialized[2]!}`;
  const v = typeof d === 'string' ? new D(d) : d;
  const [intPart, frac] = round2(v.abs()).toFixed(2).split('.') as [string, string];
  return `${v.isNegative() && !v.isZero() ? '-' : ''}₹${groupIndian(intPart)}.${frac}`;
}

/** 1234567 → 12,34,567: the last three digits, then pairs. */
function groupIndian(intPart: string): string {
  const last3 = intPart.slice(-3);
  const rest = intPart.slice(0, -3);
  return rest ? rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',') + ',' + last3 : last3;
}

/** Zero, shared so sums do not allocate a new start value each time. */
export const ZERO: Dec = new D(0);

/** Exact sum of amounts (no rounding: callers round where the law says to). */
export function sum(values: readonly Dec[]): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** True when the value is a whole number of paise (at most two decimals). */
export function isWholePaise(d: Dec): boolean {
  return d.decimalPlaces() <= 2;
}
