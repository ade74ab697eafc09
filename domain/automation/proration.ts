import { badInput } from '../shared/decider.ts';
import { D, formatInr, inr, MoneyError, parseInr, type Dec } from '../shared/money.ts';
import { addDays, dayNumber } from './days.ts';

/**
 * A plan change within the current period (BILLING.md "Plan changes"): the price difference for
 * the exact days left, `periodStart` .. `nextDueDate` counted in calendar days (28, 29, 30 or 31
 * for a month; no 30/365), the change taking effect on the day `on` (a day of the period, the
 * day counted as left). Positive `amount` is a charge (upgrade, invoiced now), negative a credit
 * (downgrade, a credit note to the wallet). Exact until the end, then half-up to paise
 * (a half paisa away from zero, so an upgrade and the downgrade back on the same day net to 0).
 */
export interface ProrationInput {
  /** The old and new plan's price for one whole period (same cycle), INR. */
  oldAmount: string;
  newAmount: string;
  periodStart: string;
  nextDueDate: string;
  /** The Indian calendar day the change takes effect. */
  on: string;
}

export interface Proration {
  daysLeft: number;
  daysInPeriod: number;
  /** INR, two decimals; "-123.45" for a credit, "0.00" for no change. */
  amount: string;
  description: string;
}

function price(input: string, field: string): Dec {
  try {
    return parseInr(input, field);
  } catch (e) {
    throw badInput(field, (e as MoneyError).message); // parseInr throws only MoneyError
  }
}

/** @throws DomainError BAD_USER_INPUT naming the field */
export function prorate(input: ProrationInput): Proration {
  const oldAmount = price(input.oldAmount, 'oldAmount');
  const newAmount = price(input.newAmount, 'newAmount');
  const start = dayNumber(input.periodStart, 'periodStart');
  const end = dayNumber(input.nextDueDate, 'nextDueDate');
  const on = dayNumber(input.on, 'on');
  if (end <= start) throw badInput('nextDueDate', 'The nextDueDate must be after periodStart.');
  if (on < start || on >= end)
    throw badInput(
      'on',
      `A plan change takes effect within the current period, ${input.periodStart} to ${addDays(input.nextDueDate, -1)}.`,
    );
  const daysInPeriod = end - start;
  const daysLeft = end - on;
  const exact = newAmount.minus(oldAmount).times(daysLeft).dividedBy(daysInPeriod);
  const amount = exact.toDecimalPlaces(2, D.ROUND_HALF_UP);
  const what = amount.isNegative() ? 'credit' : 'charge';
  const description =
    `Plan change from ${formatInr(inr(oldAmount))} to ${formatInr(inr(newAmount))} per period: ` +
    `${daysLeft} of ${daysInPeriod} days left (${input.on} to ${addDays(input.nextDueDate, -1)}), ` +
    `${what} ${formatInr(inr(amount.abs()))}`;
  return { daysLeft, daysInPeriod, amount: inr(amount), description }; // toFixed writes −0 as "0.00"
}
