import type { TeamMember, UserSummary } from '../generated/resolvers.ts';

/**
 * What the access resolvers hand to a type's field resolvers when that is not the whole GraphQL
 * type (the `mappers` of tooling/codegen/main.ts).
 */

/** A user with their team: `UserDetail.account` and `.activity` read the rest, each on its own. */
export interface UserDetail {
  user: UserSummary;
  team: TeamMember[];
}
