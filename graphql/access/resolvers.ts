import { impersonationResolvers } from './impersonation.ts';
import { roleResolvers } from './roles.ts';
import { teamResolvers } from './team.ts';
import { userResolvers } from './users.ts';

/** Roles, admin over users, impersonation and customer teams, as one area for graphql/schema.ts. */
export const accessResolvers: Record<string, Record<string, unknown>> = {};
for (const area of [roleResolvers, userResolvers, impersonationResolvers, teamResolvers] as Record<
  string,
  Record<string, unknown>
>[]) {
  for (const [type, fields] of Object.entries(area))
    accessResolvers[type] = { ...(accessResolvers[type] ?? {}), ...fields };
}
