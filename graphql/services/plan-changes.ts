/**
 * Plan changes in the API (issue 13): the change dialog's choices and quote, the change itself,
 * and staff's "Apply by hand". Queries only read (the commands' pricing, writing nothing);
 * mutations dispatch commands/services/plan-change.ts, wait for the read models
 * (read-your-writes) and answer through the services' reads. Merged into serviceResolvers.
 */
import {
  applyPlanChange,
  changePlan,
  planChangeOptions,
  quotePlanChange,
  type PlanChangeView,
} from '../../commands/services/plan-change.ts';
import { commandContext, settle } from '../context.ts';
import type { PlanChange, QueryResolvers, MutationResolvers } from '../generated/resolvers.ts';
import { toDocument } from '../invoices/shapes.ts';
import { serviceCommandDeps } from './mutations.ts';
import { readService } from './reads.ts';

const toPlanChange = (c: PlanChangeView): PlanChange => ({
  ...c,
  requestedAt: new Date(c.requestedAt),
});

export const planChangeQueries = {
  async planChangeOptions(_, args, ctx) {
    // Reads only: the command context is the viewer's, under a throwaway id.
    return planChangeOptions(serviceCommandDeps(ctx), commandContext(ctx, 'plan-change-options'), {
      serviceId: args.serviceId,
    });
  },
  async quotePlanChange(_, args, ctx) {
    const q = await quotePlanChange(
      serviceCommandDeps(ctx),
      commandContext(ctx, 'plan-change-quote'),
      { serviceId: args.serviceId, planId: args.planId },
    );
    const { document, sources, ...rest } = q;
    return { ...rest, document: toDocument(document, sources) };
  },
} satisfies QueryResolvers;

export const planChangeMutations = {
  async changePlan(_, { input: { commandId, ...input } }, ctx) {
    const r = await changePlan(serviceCommandDeps(ctx), commandContext(ctx, commandId), {
      serviceId: input.serviceId,
      planId: input.planId,
      payFromWallet: input.payFromWallet ?? false,
    });
    await settle(ctx, r.position);
    return {
      service: await readService(ctx, r.serviceId),
      change: toPlanChange(r.change),
      invoiceId: r.invoiceId,
      paidFromWallet: r.paidFromWallet,
    };
  },
  async applyPlanChange(_, { serviceId, changeId, commandId }, ctx) {
    const r = await applyPlanChange(serviceCommandDeps(ctx), commandContext(ctx, commandId), {
      serviceId,
      changeId,
    });
    await settle(ctx, r.position);
    return readService(ctx, r.serviceId);
  },
} satisfies MutationResolvers;
