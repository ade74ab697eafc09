import { DomainError } from '../../domain/shared/decider.ts';
import { tenantFeatures as featuresOf } from '../../projections/identity/queries.ts';
import { FEATURES, type Feature } from '../../domain/tenancy/features.ts';
import type { RequestContext } from '../context.ts';

/**
 * Which of an area's Query and Mutation fields a feature switch gates: a tenant that switched
 * the feature off gets FORBIDDEN for them, whoever asks (the sidebar hides them too:
 * web/src/lib/<area>/nav.ts). Each area lists its own beside its resolvers (SchemaPart.features).
 */
export type FeatureGates = Readonly<Record<string, Feature>>;

/** The access area's: customer teams and invitations. */
export const accessFeatureGates: FeatureGates = {
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
    throw new DomainError(
      'FORBIDDEN',
      `The feature “${FEATURES.find((f) => f.key === feature)?.label ?? feature}” is switched off for this portal.`,
    );
  }
}

type Resolver = (parent: unknown, args: unknown, ctx: RequestContext, info: unknown) => unknown;

/**
 * Wraps the Query and Mutation resolvers of switchable operations with their feature check. A
 * gate for an operation that has no resolver is a wiring mistake (a renamed field would
 * otherwise lose its gate without a word).
 */
export function gateFeatures<T extends Record<string, Record<string, unknown>>>(
  resolvers: T,
  gates: FeatureGates,
): T {
  const ungated = Object.keys(gates).filter(
    (name) => !['Query', 'Mutation'].some((type) => typeof resolvers[type]?.[name] === 'function'),
  );
  if (ungated.length > 0)
    throw new Error(`feature gates for operations without a resolver: ${ungated.join(', ')}`);
  for (const type of ['Query', 'Mutation']) {
    const fields = resolvers[type];
    if (!fields) continue;
    for (const [name, feature] of Object.entries(gates)) {
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
