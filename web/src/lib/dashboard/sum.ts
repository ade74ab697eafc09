import { Decimal } from 'decimal.js';

/** The sum of amounts ('1234.50'), exactly (decimal.js, never a float), with two decimals. */
export function sumMoney(values: readonly string[]): string {
  return values.reduce((a, v) => a.plus(v), new Decimal(0)).toFixed(2);
}
