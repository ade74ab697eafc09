import { DomainError } from '../../domain/shared/decider.ts';
import { tenantFeatures as featuresOf } from '../../projections/identity/queries.ts';
import type { Feature } from '../../domain/tenancy/features.ts';
import type { RequestContext } from '../context.ts';

/**
 * The feature each operation belongs to. A tenant that switched the feature off gets FORBIDDEN
 * for these operations, whoever asks (the sidebar hides them too: web/src/lib/nav.ts). A new
 * operation of a switchable area is added here.
 */
export const OPERATION_FEATURES: Readonly<Record<string, Feature>> = {
  topUpPaymentDetails: 'wallet',
  wallet: 'wallet',
  walletStatement: 'wallet',
  topUps: 'wallet',
  topUp: 'wallet',
  tracedEvent: 'wallet',
  requestTopUp: 'wallet',
  approveTopUp: 'wallet',
  rejectTopUp: 'wallet',
  team: 'team-accounts',
  inviteTeamMember: 'team-accounts',
  cancelTeamInvitation: 'team-accounts',
  changeTeamMemberRole: 'team-accounts',
  removeTeamMember: 'team-accounts',
  invitation: 'team-accounts',
  acceptInvitation: 'team-accounts',
};

const featuresByRequest = new WeakMap<RequestContext, Promise<string[]>>();

/** The features switched on for the request's tenant (read once per request). */
export function tenantFeatures(ctx: RequestContext): Promise<string[]> {
  let features = featuresByRequest.get(ctx);
  if (!features) {
    features = featuresOf(ctx.platform.sql, ctx.tenantId);
    featuresByRequest.set(ctx, features);
  }
  return features;
}

export async function requireFeature(ctx: RequestContext, feature: Feature): Promise<void> {
  if (!(await tenantFeatures(ctx)).includes(feature)) {
    throw new DomainError('FORBIDDEN', `${feature} is switched off for this portal`);
  }
}

type Resolver = (parent: unknown, args: unknown, ctx: RequestContext, info: unknown) => unknown;

/** Wraps the Query and Mutation resolvers of switchable operations with their feature check. */
export function gateFeatures<T extends Record<string, Record<string, unknown>>>(resolvers: T): T {
  for (const type of ['Query', 'Mutation']) {
    const fields = resolvers[type];
    if (!fields) continue;
    for (const [name, feature] of Object.entries(OPERATION_FEATURES)) {
      const resolve = fields[name] as Resolver | undefined;
      if (typeof resolve !== 'function') continue;
      fields[name] = async (parent: unknown, args: unknown, ctx: RequestContext, info: unknown) => {
        await requireFeature(ctx, feature);
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return resolvers;
}
