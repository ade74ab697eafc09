import { compareDecimal } from '$lib/money/decimal';
import type { BillingCycle, CyclePrice, OrderAddon, OrderOs, OrderPlan } from './api';

/*
 * Picking which of the server's prices to show. Only comparisons: no sum, product or
 * difference of money is made in the browser.
 */

/** The cycle with the lowest monthly equivalent ("from ₹449.00/mo"), or null when none. */
export function cheapestMonthly(prices: readonly CyclePrice[]): CyclePrice | null {
  let best: CyclePrice | null = null;
  for (const p of prices)
    if (!best || compareDecimal(p.monthlyEquivalent, best.monthlyEquivalent) < 0) best = p;
  return best;
}

export function priceFor(
  prices: readonly CyclePrice[],
  cycle: BillingCycle | '',
): CyclePrice | null {
  return prices.find((p) => p.cycle === cycle) ?? null;
}

/** Whether a longer cycle's monthly equivalent is below the plan's monthly price. */
export function cheaperThanMonthly(plan: OrderPlan, price: CyclePrice): boolean {
  const monthly = priceFor(plan.prices, 'MONTHLY');
  return (
    monthly !== null &&
    price.cycle !== 'MONTHLY' &&
    compareDecimal(price.monthlyEquivalent, monthly.monthlyEquivalent) < 0
  );
}

export const isZero = (v: string) => /^-?0*(\.0*)?$/.test(v.trim());

/** A recurring add-on is offered for the cycles it lists; a one-time one for any cycle. */
export function addonOffered(addon: OrderAddon, cycle: BillingCycle | ''): boolean {
  return addon.pricingKind === 'ONE_TIME' || priceFor(addon.prices, cycle) !== null;
}

/** An OS licence's price for the cycle (null when the OS is free or has no price for it). */
export function licenceFor(os: OrderOs, cycle: BillingCycle | ''): CyclePrice | null {
  return priceFor(os.licencePrices, cycle);
}
