import { error } from '@sveltejs/kit';
import type { BillingCycle, PlanKind } from '$lib/orders/api';
import { planKinds } from '$lib/orders/api';
import { shownPrice } from '$lib/store/pricing';
import {
  storeQuery,
  StoreCatalogQuery,
  StoreQuoteQuery,
  StoreStatesQuery,
  type StoreQuote,
} from '$lib/store/api';
import { ApiError } from '$lib/graphql/errors';
import type { PageLoad } from './$types';

const cycles: readonly string[] = [
  'MONTHLY',
  'QUARTERLY',
  'SEMI_ANNUAL',
  'ANNUAL',
  'BIENNIAL',
  'TRIENNIAL',
];

/**
 * The public plans, the kind tab, the cycle and the visitor's state from the URL
 * (/store?kind=VDS&cycle=ANNUAL&state=27); with a state, the GST each shown plan would carry.
 */
export const load: PageLoad = async ({ fetch, url }) => {
  const p = url.searchParams;
  const cycle = (
    cycles.includes(p.get('cycle') ?? '') ? p.get('cycle') : 'MONTHLY'
  ) as BillingCycle;
  const askedKind = p.get('kind') ?? '';
  const stateCode = /^\d{2}$/.test(p.get('state') ?? '') ? p.get('state')! : '';
  try {
    const [{ catalog }, { storeStates }] = await Promise.all([
      storeQuery(fetch, StoreCatalogQuery, {}),
      storeQuery(fetch, StoreStatesQuery, {}),
    ]);
    const plans = catalog.plans;
    const offered = planKinds.filter((k) => plans.some((pl) => pl.kind === k));
    const kind: PlanKind = (planKinds as readonly string[]).includes(askedKind)
      ? (askedKind as PlanKind)
      : (offered[0] ?? 'VPS');
    const state = storeStates.find((s) => s.code === stateCode) ?? null;
    const quotes: Record<string, StoreQuote> = {};
    if (state) {
      await Promise.all(
        plans
          .filter((pl) => pl.kind === kind)
          .map(async (pl) => {
            const price = shownPrice(pl.prices, cycle);
            if (!price) return;
            const r = await storeQuery(fetch, StoreQuoteQuery, {
              planId: pl.id,
              cycle: price.cycle,
              stateCode: state.code,
            });
            quotes[pl.id] = r.storeQuote;
          }),
      );
    }
    return { plans, kind, cycle, states: storeStates, state, quotes };
  } catch (e) {
    if (e instanceof ApiError) error(503, { message: e.message, code: e.code });
    throw e;
  }
};
