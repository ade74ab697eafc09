import { addDays } from '../automation/days.ts';
import type { BillingCycle } from '../catalog/events.ts';
import { fieldError } from '../catalog/field-error.ts';
import type { LineSource } from '../invoices/events.ts';
import type { OrderLine, PricedItem } from '../orders/pricing.ts';
import { MoneyError, ZERO, inr, parseDecimal, type Dec } from '../shared/money.ts';
import type { LineInput } from '../tax/document/document-types.ts';
import { parseYmd } from './due-dates.ts';
import type { RecurringLine, RecurringLineKind } from './events.ts';

/**
 * The lines a renewal bills (BILLING.md "Renewal and dunning"): the order's PLAN, OS licence and
 * recurring add-on lines of the item, priced as sold; a plan change replaces the PLAN line.
 */

export const MAX_RECURRING_LINES = 50;
const KINDS: readonly RecurringLineKind[] = ['PLAN', 'OS_LICENCE', 'ADDON'];

/** How the order's screens write a cycle (domain/orders/pricing.ts). */
export const CYCLE_TEXT: Readonly<Record<BillingCycle, string>> = {
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  SEMI_ANNUAL: 'semi-annual',
  ANNUAL: 'annual',
  BIENNIAL: 'biennial',
  TRIENNIAL: 'triennial',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function decimal(input: string, field: string, maxDecimals: number, allowNegative = false): Dec {
  try {
    return parseDecimal(input, { maxDecimals, allowNegative, field });
  } catch (e) {
    throw e instanceof MoneyError ? fieldError(field, e.message) : e;
  }
}

/** Σ quantity × unit price, rounded half up to paise. */
export function recurringTotal(lines: readonly RecurringLine[]): string {
  let total = ZERO;
  for (const l of lines) total = total.plus(decimal(l.quantity, 'quantity', 3).times(l.unitPrice));
  return inr(total);
}

/**
 * Checks recurring lines and copies them (source reduced to kind and refId, `rate` only when
 * given): 1 to 50 lines, exactly one PLAN line, quantity > 0 (3 decimals), unit price ≥ 0 (6
 * decimals); with `recurringAmount`, their total must be it.
 * @throws DomainError BAD_USER_INPUT naming `recurringLines…`
 */
export function checkRecurringLines(
  input: readonly RecurringLine[],
  recurringAmount?: string,
  field = 'recurringLines',
): RecurringLine[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_RECURRING_LINES)
    throw fieldError(field, `Give 1 to ${MAX_RECURRING_LINES} lines.`);
  const lines = input.map((l, i): RecurringLine => {
    const at = `${field}.${i}`;
    const description = typeof l.description === 'string' ? l.description.trim() : '';
    if (description.length === 0 || description.length > 1000)
      throw fieldError(`${at}.description`, 'Give a description of 1 to 1000 characters.');
    const sac = typeof l.sac === 'string' ? l.sac.trim() : '';
    if (sac.length === 0 || sac.length > 20)
      throw fieldError(`${at}.sac`, 'Give the SAC (or HSN) code.');
    const quantity = decimal(l.quantity, `${at}.quantity`, 3);
    if (quantity.isZero()) throw fieldError(`${at}.quantity`, 'Must be more than zero.');
    decimal(l.unitPrice, `${at}.unitPrice`, 6);
    if (l.rate !== undefined) decimal(l.rate, `${at}.rate`, 2);
    const kind = l.source?.kind;
    if (!KINDS.includes(kind))
      throw fieldError(`${at}.source.kind`, 'Must be PLAN, OS_LICENCE or ADDON.');
    const refId = typeof l.source.refId === 'string' ? l.source.refId : '';
    return {
      description,
      sac,
      quantity: l.quantity.trim(),
      unitPrice: l.unitPrice.trim(),
      ...(l.rate === undefined ? {} : { rate: l.rate.trim() }),
      source: { kind, refId },
    };
  });
  if (lines.filter((l) => l.source.kind === 'PLAN').length !== 1)
    throw fieldError(field, 'Give exactly one PLAN line.');
  if (recurringAmount !== undefined) {
    const total = recurringTotal(lines);
    if (total !== recurringAmount)
      throw fieldError(
        field,
        `The lines come to ₹${total} a cycle, not the recurring amount ₹${recurringAmount}.`,
      );
  }
  return lines;
}

/** A service created before renewals existed renews at one PLAN line of its recurring amount. */
export function legacyRecurringLines(s: {
  planId: string | null;
  planName: string;
  cycle: BillingCycle;
  recurringAmount: string;
}): RecurringLine[] {
  return [
    {
      description: `${s.planName} (${CYCLE_TEXT[s.cycle] ?? s.cycle})`,
      sac: '998315',
      quantity: '1',
      unitPrice: s.recurringAmount,
      source: { kind: 'PLAN', refId: s.planId ?? '' },
    },
  ];
}

/**
 * An order item's recurring lines: its PLAN and OS_LICENCE lines and those of its recurring
 * add-ons (not the setup fee, not one-time add-ons), as sold.
 */
export function recurringLinesOf(item: PricedItem, lines: readonly OrderLine[]): RecurringLine[] {
  const recurringAddons = new Set(item.addons.filter((a) => a.recurring).map((a) => a.addonId));
  const out: RecurringLine[] = [];
  for (const line of lines) {
    const { itemNo, kind, refId } = line.source;
    if (itemNo !== item.itemNo) continue;
    if (
      kind === 'PLAN' ||
      kind === 'OS_LICENCE' ||
      (kind === 'ADDON' && recurringAddons.has(refId))
    )
      out.push({
        description: line.description,
        sac: line.sac,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        ...(line.rate === undefined ? {} : { rate: line.rate }),
        source: { kind, refId },
      });
  }
  return out;
}

export interface NewPlan {
  planId: string;
  name: string;
  /** As the order's screens write it ("monthly"); CYCLE_TEXT. */
  cycleLabel: string;
  /** The new plan's price for the cycle (may carry fractional paise). */
  unitPrice: string;
  sac: string;
  rate?: string | null;
  /** The server's host name, appended as the order's plan line has it. */
  hostname?: string;
}

/** The lines after a plan change: the PLAN line replaced by the new plan's, OS and add-ons kept. */
export function planChangeLines(lines: readonly RecurringLine[], plan: NewPlan): RecurringLine[] {
  const description =
    `${plan.name} (${plan.cycleLabel})` + (plan.hostname ? ` — ${plan.hostname}` : '');
  const planLine: RecurringLine = {
    description,
    sac: plan.sac,
    quantity: '1',
    unitPrice: plan.unitPrice,
    ...(plan.rate === undefined || plan.rate === null ? {} : { rate: plan.rate }),
    source: { kind: 'PLAN', refId: plan.planId },
  };
  const others = lines.filter((l) => l.source.kind !== 'PLAN');
  return [planLine, ...others];
}

/** "28 Feb 2027" */
export function dayText(ymd: string): string {
  const { year, month, day } = parseYmd(ymd);
  return `${day} ${MONTHS[month - 1]!} ${year}`;
}

/** The days a period covers: "28 Feb 2027 to 30 Mar 2027" (its end is the day before periodEnd). */
export function periodText(periodStart: string, periodEnd: string): string {
  parseYmd(periodStart, 'periodStart');
  parseYmd(periodEnd, 'periodEnd');
  if (periodEnd <= periodStart) throw fieldError('periodEnd', 'Must come after periodStart.');
  return `${dayText(periodStart)} to ${dayText(addDays(periodEnd, -1))}`;
}

/** A renewal invoice's lines for one period, each traced to its recurring line. */
export function renewalLineInputs(
  lines: readonly RecurringLine[],
  periodStart: string,
  periodEnd: string,
): (LineInput & { source: LineSource })[] {
  const period = periodText(periodStart, periodEnd);
  return lines.map((l) => ({
    description: `${l.description} — ${period}`,
    sac: l.sac,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    ...(l.rate === undefined ? {} : { rate: l.rate }),
    source: { kind: `RENEWAL_${l.source.kind}`, refId: l.source.refId },
  }));
}
