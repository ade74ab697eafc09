import { impersonationResolvers } from './impersonation.ts';
import { roleResolvers } from './roles.ts';
import { teamResolvers } from './team.ts';
import { userResolvers } from './users.ts';

/**
 * Roles, admin over users, impersonation and customer teams: the access area's resolvers, each
 * typed by the SDL on its own (`satisfies Resolvers`); graphql/schema.ts merges them per type.
 */
export const accessResolvers = [
  roleResolvers,
  userResolvers,
  impersonationResolvers,
  teamResolvers,
] as const;
