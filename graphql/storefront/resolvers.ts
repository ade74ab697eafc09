import { billingSettingsOf } from '../../domain/tenancy/billing-settings.ts';
import { tenantCatalog } from '../../projections/catalog/queries.ts';
import { tenantPricing } from '../../projections/identity/queries.ts';
import { readScoped } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { STORE_STATES, storeQuoteOf } from './store-quote.ts';

/**
 * The public store's own questions (issue 20), for anyone on the tenant's host: the GST a
 * visitor of a state would pay on a plan, and the states to choose from. Plans themselves are
 * the public part of `catalog`. Read under the host's tenant's row-level scope, so another
 * tenant's plan is simply not there.
 */
export const storefrontResolvers = {
  Query: {
    async storeQuote(_, args, ctx) {
      const { plans, pricing } = await readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => ({
        plans: (await tenantCatalog(tx)).plans,
        pricing: await tenantPricing(tx, ctx.tenantId),
      }));
      if (!pricing) throw new Error(`tenant ${ctx.tenantId} is not projected`);
      return storeQuoteOf({
        plan: plans.find((p) => p.planId === args.planId),
        cycle: args.cycle,
        stateCode: args.stateCode,
        legal: pricing.legal,
        roundOff: billingSettingsOf({ billing: pricing.billing ?? undefined }).roundOff,
      });
    },
    storeStates: () => STORE_STATES.map((s) => ({ code: s.code, name: s.name })),
  },
} satisfies Resolvers;
