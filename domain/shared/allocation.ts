import { D, MoneyError, type Dec } from './money.ts';

/**
 * Spreads an amount in paise over parts in proportion to their weights, so that the shares add
 * up to the amount exactly (a discount over invoice lines, a credit over what is left to credit).
 *
 * Largest remainder method: every part first gets the floor of its exact share in paise; the
 * paise still missing go one each to the parts with the largest remainders, ties to the earlier
 * part. Each share therefore differs from its exact part by less than one paisa, and the same
 * input always gives the same split.
 *
 * The arithmetic is done on BigInt paise and scaled integer weights, because comparing
 * remainders of rounded decimal quotients could misorder ties; BigInt is exact at any size.
 *
 * @param amount a whole number of paise (at most two decimals); may be negative, shares then are too
 * @param weights one weight per part, none negative, at least one positive unless the amount is zero
 * @returns one share per weight, each with two decimals
 */
export function allocate(amount: Dec, weights: readonly Dec[]): Dec[] {
  if (weights.length === 0)
    throw new MoneyError(
      'Cannot allocate over no parts; give at least one weight.',
      'ALLOCATION_NO_PARTS',
    );
  if (amount.decimalPlaces() > 2) {
    throw new MoneyError(
      `Amount to allocate must be whole paise, got ${amount.toString()}; round it to two decimals first.`,
      'MONEY_NOT_PAISE',
    );
  }
  weights.forEach((w, i) => {
    if (w.isNegative() && !w.isZero())
      throw new MoneyError(
        `Weight ${i} is negative (${w.toString()}); weights must be zero or more.`,
        'ALLOCATION_NEGATIVE_WEIGHT',
      );
  });
  const total = toBigInt(amount.times(100));
  const scale = Math.max(...weights.map((w) => w.decimalPlaces()));
  const scaled = weights.map((w) => toBigInt(w.times(new D(10).pow(scale))));
  const weightSum = scaled.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) {
    if (total === 0n) return weights.map(() => new D(0));
    throw new MoneyError(
      `Cannot allocate ${amount.toFixed(2)} over parts that all weigh zero; give at least one positive weight.`,
      'ALLOCATION_ZERO_WEIGHTS',
    );
  }

  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const floors = scaled.map((w) => (magnitude * w) / weightSum);
  const remainders = scaled.map((w) => (magnitude * w) % weightSum);
  let missing = magnitude - floors.reduce((a, b) => a + b, 0n);
  const order = remainders
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (missing === 0n) break;
    floors[i] = floors[i]! + 1n;
    missing -= 1n;
  }
  return floors.map((paise) => new D((negative ? -paise : paise).toString()).div(100));
}

function toBigInt(d: Dec): bigint {
  return BigInt(d.toFixed(0));
}
