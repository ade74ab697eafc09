import { D } from '../../domain/shared/money.ts';
import { badInput, notFound } from '../../domain/shared/decider.ts';
import type { BillingCycle } from '../../domain/catalog/events.ts';
import type { Plan } from '../../domain/catalog/state.ts';
import type { LineInput, RoundOffMode } from '../../domain/tax/document/document-types.ts';
import { GST_STATES, indianPlace, type GstState } from '../../domain/tax/states/state-codes.ts';
import { TaxError } from '../../domain/tax/tax-error.ts';
import { computeInvoiceDocument } from '../../domain/invoices/document.ts';
import type { LegalProfile } from '../../domain/tenancy/events.ts';

/**
 * The store's GST preview (issue 20): what the first invoice of one plan would charge a visitor
 * of a state. The figures come from the engine the order's invoice is issued with
 * (computeInvoiceDocument → domain/tax), on the plan's two lines of `priceOrder` (the plan for
 * the cycle, then its setup fee when there is one); no add-ons, no licence, since the visitor
 * has chosen neither. The visitor is an unregistered buyer in India whose address is in
 * `stateCode`: that state is the place of supply.
 */

/** The states a visitor may be in: places of supply in India (no legacy codes, not 96 or 99). */
export const STORE_STATES: readonly GstState[] = GST_STATES.filter((s) => {
  try {
    indianPlace(s.code);
    return true;
  } catch (e) {
    if (e instanceof TaxError) return false;
    throw e;
  }
});

/** The visitor's state, or BAD_USER_INPUT on `stateCode` saying what a state code is. */
export function visitorState(stateCode: string): GstState {
  try {
    return indianPlace(stateCode.trim());
  } catch (e) {
    if (!(e instanceof TaxError)) throw e;
    throw badInput(
      'stateCode',
      `Give a GST state code of India such as "27" (Maharashtra) or "29" (Karnataka), as storeStates lists them: ${e.message}.`,
    );
  }
}

const HEAD_LABELS = { cgst: 'CGST', sgst: 'SGST', utgst: 'UTGST', igst: 'IGST' } as const;

export interface StoreQuoteFigures {
  planId: string;
  cycle: BillingCycle;
  price: string;
  setupFee: string;
  taxableValue: string;
  taxes: { name: string; rate: string; amount: string }[];
  taxTotal: string;
  roundOff: string;
  total: string;
  placeOfSupply: string;
  placeOfSupplyName: string;
  intraState: boolean;
}

/**
 * The quote of a plan the visitor may see: a public one (hidden plans are ordered by their link
 * only, retired ones not at all), offered for the cycle.
 * @throws DomainError NOT_FOUND (not public), BAD_USER_INPUT on cycle or stateCode
 */
export function storeQuoteOf(input: {
  plan: Plan | undefined;
  cycle: BillingCycle;
  stateCode: string;
  legal: LegalProfile;
  roundOff: RoundOffMode;
}): StoreQuoteFigures {
  const { plan, cycle, legal } = input;
  if (!plan || plan.visibility !== 'PUBLIC') throw notFound('plan');
  const state = visitorState(input.stateCode);
  const price = plan.prices[cycle];
  if (price === undefined)
    throw badInput(
      'cycle',
      `Plan "${plan.name}" is not offered for this cycle; choose ${Object.keys(plan.prices).join(', ')}.`,
    );
  const rate = plan.gstRate === null ? {} : { rate: plan.gstRate };
  const lines: LineInput[] = [
    { description: plan.name, sac: plan.sac, quantity: '1', unitPrice: price, ...rate },
  ];
  if (!new D(plan.setupFee).isZero())
    lines.push({
      description: `Setup fee: ${plan.name}`,
      sac: plan.sac,
      quantity: '1',
      unitPrice: plan.setupFee,
      ...rate,
    });
  const document = computeInvoiceDocument({
    lines,
    supplier: {
      legalName: legal.companyName,
      gstin: legal.gstin,
      stateCode: legal.stateCode,
      address: legal.address,
      lutNumber: legal.lutNumber ?? null,
    },
    recipient: {
      name: '',
      address: '',
      country: 'IN',
      stateCode: state.code,
      gstin: null,
      sez: false,
    },
    roundOff: input.roundOff,
  });
  const totals = document.totals;
  // Each head the supply charges, with the rate on the plan's line (all lines share it).
  const heads = document.lines[0]!.taxes;
  const taxes = (['cgst', 'sgst', 'utgst', 'igst'] as const)
    .filter((h) => !new D(heads[h].rate).isZero())
    .map((h) => ({ name: HEAD_LABELS[h], rate: heads[h].rate, amount: totals[h] }));
  return {
    planId: plan.planId,
    cycle,
    // As the catalog shows them (the catalog query's Plan.prices and setupFee).
    price,
    setupFee: plan.setupFee,
    taxableValue: totals.taxableValue,
    taxes,
    taxTotal: totals.tax,
    roundOff: totals.roundOff,
    total: totals.total,
    placeOfSupply: document.supply.placeOfSupply,
    placeOfSupplyName: document.supply.placeOfSupplyName,
    intraState: !document.supply.interState,
  };
}
