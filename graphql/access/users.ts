import type { TransactionSql } from 'postgres';
import { addStaffMember, assignStaffRole } from '../../commands/access/staff.ts';
import { reactivateUser, suspendUser } from '../../commands/identity/suspension.ts';
import { resetTwoFactor } from '../../commands/identity/two-factor-reset.ts';
import { hasNul, isUuid } from '../../commands/shared/validate.ts';
import { DomainError, notFound } from '../../domain/shared/decider.ts';
import { SYSTEM_ROLE_NAMES } from '../../domain/identity/permissions.ts';
import {
  commandContext,
  readScoped,
  requirePermission,
  requireViewer,
  settle,
  type RequestContext,
} from '../context.ts';
import { clamp } from '../identity/resolvers.ts';
import { addressText } from './address-text.ts';
import { linkBase } from '../identity/request.ts';
import { accountOf } from '../../commands/shared/authorize.ts';
import { activityOf } from '../../projections/activity/queries.ts';

import {
  accountDetails,
  userPage,
  userRow,
  type UserRow,
} from '../../projections/identity/queries.ts';
import { activeTeam } from '../../projections/access/queries.ts';
import type { Resolvers, Role, UserSummary } from '../generated/resolvers.ts';

export function toUserSummary(r: UserRow): UserSummary {
  const staffRole = r.role === 'admin' ? (r.staff_role ?? 'tenant_admin') : null;
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role.toUpperCase() as Role,
    staffRole,
    staffRoleName: staffRole
      ? (SYSTEM_ROLE_NAMES[staffRole] ?? r.custom_role_name ?? staffRole)
      : null,
    status: r.status,
    registeredAt: r.registered_at,
    memberOf: r.member_of ?? null,
  };
}

/** One user of the request's tenant (row-level security hides the others: NOT_FOUND). */
export async function userSummary(tx: TransactionSql, id: string) {
  if (!isUuid(id)) throw notFound('user');
  const row = await userRow(tx, id);
  if (!row) throw notFound('user');
  return toUserSummary(row);
}

export async function teamOf(tx: TransactionSql, accountId: string) {
  return activeTeam(tx, accountId);
}

const summaryAfter = async (
  ctx: RequestContext,
  position: Parameters<typeof settle>[1],
  userId: string,
) => {
  await settle(ctx, position);
  return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => userSummary(tx, userId));
};

/** Admin over users (typed by the SDL: graphql/generated/resolvers.ts). */
export const userResolvers = {
  Query: {
    async users(_, args, ctx) {
      requirePermission(ctx, 'users.manage');
      const f = args.filter ?? {};
      if (hasNul(f.search) || hasNul(f.status))
        throw new DomainError('BAD_USER_INPUT', 'The filter contains control characters.', [
          { path: ['filter'], message: 'Contains control characters.' },
        ]);
      const like = f.search ? `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
      const page = {
        like,
        role: f.role ? f.role.toLowerCase() : null,
        status: f.status ?? null,
        first: clamp(args.first, 200),
        offset: Math.max(0, Math.trunc(args.offset ?? 0)),
      };
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const { items, total } = await userPage(tx, page);
        return { items: items.map(toUserSummary), total };
      });
    },
    async user(_, args, ctx) {
      requirePermission(ctx, 'users.manage');
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const user = await userSummary(tx, args.id);
        return { user, team: user.role === 'CUSTOMER' ? await teamOf(tx, user.id) : [] };
      });
    },
    async accountActivity(_, args, ctx) {
      const viewer = requireViewer(ctx, 'customer');
      if (!viewer.accountPermissions?.includes('account.view'))
        throw new DomainError(
          'FORBIDDEN',
          'Your role on this account does not allow this (account.view).',
        );
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        activityOf(tx, accountOf(viewer), clamp(args.first, 200)),
      );
    },
  },
  UserDetail: {
    account: (parent, _, ctx) =>
      readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const a = await accountDetails(tx, parent.user.id);
        if (!a) return null;
        const address = a.address;
        return {
          company: a.company,
          phone: a.phone,
          address: address ? addressText(address) : null,
          gstin: a.gstin,
          emailVerified: a.email_verified,
          twoFactorEnabled: a.two_factor_enabled,
        };
      }),
    activity: (parent, args, ctx) =>
      readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        activityOf(tx, parent.user.id, clamp(args.first, 200)),
      ),
  },
  Mutation: {
    async addStaffMember(_, args, ctx) {
      const result = await addStaffMember(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      return {
        user: await summaryAfter(ctx, result.position, result.userId),
        initialPassword: result.password,
      };
    },
    async assignStaffRole(_, args, ctx) {
      const result = await assignStaffRole(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      // What an impersonation may do was decided under the old role: those sessions end.
      await ctx.platform.sessions.endImpersonationsBy(
        args.input.userId,
        ctx.platform.identity.now(),
      );
      return summaryAfter(ctx, result.position, args.input.userId);
    },
    async suspendUser(_, args, ctx) {
      const result = await suspendUser(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      return summaryAfter(ctx, result.position, args.input.userId);
    },
    async reactivateUser(_, args, ctx) {
      const result = await reactivateUser(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      return summaryAfter(ctx, result.position, args.input.userId);
    },
    async resetUserTwoFactor(_, args, ctx) {
      const result = await resetTwoFactor(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
        await linkBase(ctx),
      );
      return summaryAfter(ctx, result.position, args.input.userId);
    },
  },
} satisfies Resolvers;
