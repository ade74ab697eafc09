import { startImpersonation, stopImpersonation } from '../../commands/identity/impersonation.ts';
import { sessionUser } from '../../projections/identity/queries.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { sessionCookie } from '../identity/cookies.ts';
import {
  commandContext,
  requireViewer,
  settle,
  type RequestContext,
  type Viewer,
} from '../context.ts';
import { withAccess } from './viewer.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import type { Viewer as GqlViewer } from '../identity/mappers.ts';
import { toViewer } from '../identity/resolvers.ts';

/**
 * While an admin acts as a customer, the admin's own session waits in a second HttpOnly cookie
 * (its name keeps the session cookie's prefix, so `__Host-` rules hold in production); "stop
 * impersonating" puts it back.
 */
export const staffSessionCookie = (ctx: RequestContext) =>
  `${sessionCookie(ctx.platform.settings).name}-staff`;

/** A viewer this resolver completed itself: the Viewer fields need not read it again. */
const asGql = (v: Viewer): GqlViewer => ({ ...toViewer(v), session: v });

/** The viewer of `userId` in this tenant as a session would see it (null if it grants nothing). */
async function viewerOf(
  ctx: RequestContext,
  userId: string,
  impersonatorId: string | null,
): Promise<Viewer | null> {
  const u = await sessionUser(ctx.platform.sql, userId, ctx.tenantId);
  if (!u || u.status !== 'ACTIVE') return null;
  const staffRole = u.role === 'admin' ? (u.staff_role ?? 'tenant_admin') : null;
  return withAccess(
    ctx.platform,
    {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      tenantId: ctx.tenantId,
      staffRole,
      permissions: [],
    },
    { impersonatorId },
  );
}

const completedViewers = new WeakMap<object, Promise<Viewer | null>>();

/** Viewer fields resolved from the session (or, for a viewer just signed in, from the read models). */
function completed(ctx: RequestContext, v: GqlViewer): Promise<Viewer | null> {
  if (ctx.viewer && ctx.viewer.id === v.id) return Promise.resolve(ctx.viewer);
  if (v.session) return Promise.resolve(v.session);
  let found = completedViewers.get(v);
  if (!found) {
    found = viewerOf(ctx, v.id, null);
    completedViewers.set(v, found);
  }
  return found;
}

/** Acting as a customer, and the Viewer fields it sets (typed by the SDL: graphql/generated/resolvers.ts). */
export const impersonationResolvers = {
  Viewer: {
    permissions: async (v, _, ctx) => [...((await completed(ctx, v))?.permissions ?? [])],
    impersonator: async (v, _, ctx) => (await completed(ctx, v))?.impersonator ?? null,
    accountId: async (v, _, ctx) => (await completed(ctx, v))?.accountId ?? null,
    accountRole: async (v, _, ctx) => (await completed(ctx, v))?.accountRole ?? null,
    accountPermissions: async (v, _, ctx) => [
      ...((await completed(ctx, v))?.accountPermissions ?? []),
    ],
  },
  Mutation: {
    async impersonateCustomer(_, args, ctx) {
      const admin = requireViewer(ctx);
      const result = await startImpersonation(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
        {
          ip: ctx.request.ip,
          userAgent: ctx.request.headers['user-agent'] ?? '',
        },
        ctx.sessionToken,
      );
      await settle(ctx, result.position);
      const cookie = sessionCookie(ctx.platform.settings);
      ctx.reply.setCookie(staffSessionCookie(ctx), ctx.sessionToken!, cookie.options);
      ctx.reply.setCookie(cookie.name, result.token, cookie.options);
      const customer = await viewerOf(ctx, args.input.customerId, admin.id);
      if (!customer)
        throw new DomainError('CONFLICT', 'The customer cannot be signed in to right now.');
      return asGql(customer);
    },
    async stopImpersonating(_, __, ctx) {
      const viewer = requireViewer(ctx);
      if (!viewer.impersonator || !ctx.sessionToken)
        throw new DomainError('BAD_USER_INPUT', 'You are not acting as a customer.');
      const ended = await stopImpersonation(ctx.platform.identity, ctx.tenantId, {
        token: ctx.sessionToken,
        customerId: viewer.id,
        impersonatorId: viewer.impersonator.id,
      });
      await settle(ctx, ended?.position ?? null);
      const cookie = sessionCookie(ctx.platform.settings);
      const staffToken = ctx.request.cookies[staffSessionCookie(ctx)];
      ctx.reply.clearCookie(staffSessionCookie(ctx), cookie.options);
      const staffSession = staffToken
        ? await ctx.platform.sessions.find(staffToken, ctx.platform.identity.now())
        : null;
      // Back to the admin's own session only if it is theirs and still alive; else sign in again.
      if (
        !staffSession ||
        staffSession.userId !== viewer.impersonator.id ||
        staffSession.tenantId !== ctx.tenantId ||
        staffSession.impersonatorId
      ) {
        ctx.reply.clearCookie(cookie.name, cookie.options);
        return null;
      }
      ctx.reply.setCookie(cookie.name, staffToken!, cookie.options);
      const admin = await viewerOf(ctx, staffSession.userId, null);
      return admin ? asGql(admin) : null;
    },
  },
} satisfies Resolvers;
