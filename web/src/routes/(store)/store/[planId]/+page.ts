import { error } from '@sveltejs/kit';
import { ApiError } from '$lib/graphql/errors';
import type { BillingCycle } from '$lib/orders/api';
import {
  storeQuery,
  StoreCatalogQuery,
  StoreQuoteQuery,
  StoreStatesQuery,
  type StoreQuote,
} from '$lib/store/api';
import { shownPrice } from '$lib/store/pricing';
import type { PageLoad } from './$types';

/** One public plan with every cycle, and with a state (?state=27) the first invoice's GST. */
export const load: PageLoad = async ({ fetch, url, params }) => {
  const stateCode = /^\d{2}$/.test(url.searchParams.get('state') ?? '')
    ? url.searchParams.get('state')!
    : '';
  try {
    const [{ catalog }, { storeStates }] = await Promise.all([
      storeQuery(fetch, StoreCatalogQuery, {}),
      storeQuery(fetch, StoreStatesQuery, {}),
    ]);
    const plan = catalog.plans.find((p) => p.id === params.planId);
    if (!plan) error(404, { message: 'This plan is not on sale.', code: 'NOT_FOUND' });
    const price = shownPrice(plan.prices, (url.searchParams.get('cycle') ?? '') as BillingCycle);
    const state = storeStates.find((s) => s.code === stateCode) ?? null;
    let quote: StoreQuote | null = null;
    if (state && price)
      quote = (
        await storeQuery(fetch, StoreQuoteQuery, {
          planId: plan.id,
          cycle: price.cycle,
          stateCode: state.code,
        })
      ).storeQuote;
    return { plan, cycle: price?.cycle ?? null, states: storeStates, state, quote };
  } catch (e) {
    if (e instanceof ApiError) error(503, { message: e.message, code: e.code });
    throw e;
  }
};
