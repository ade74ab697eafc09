import type {
  TenantSettings as GqlTenantSettings,
  TenantSummary as GqlTenantSummary,
} from '../generated/resolvers.ts';

/**
 * What the tenancy resolvers hand to a type's field resolvers when that is not the whole GraphQL
 * type (the `mappers` of tooling/codegen/main.ts): a tenant's hosts come from their own field
 * resolver (`hosts`, the host read model), under the viewer's scope.
 */

/** A tenant's settings without its hosts. */
export type TenantSettings = Omit<GqlTenantSettings, 'hosts'>;

/** A tenant of the operator's list without its hosts. */
export type TenantSummary = Omit<GqlTenantSummary, 'hosts'>;
