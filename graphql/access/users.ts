import type { Row, TransactionSql } from 'postgres';
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
import { linkBase } from '../identity/request.ts';
import { accountOf } from '../../commands/shared/authorize.ts';
import { activityOf } from '../../projections/activity/queries.ts';

type Input = { input: Record<string, unknown> & { commandId: string } };

import { accountDetails, userPage, userRow } from '../../projections/identity/queries.ts';
import { activeTeam } from '../../projections/access/queries.ts';

export function toUserSummary(r: Row) {
  const staffRole = r.role === 'admin' ? ((r.staff_role as string | null) ?? 'tenant_admin') : null;
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: String(r.role).toUpperCase(),
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

export const userResolvers = {
  Query: {
    async users(
      _: unknown,
      args: {
        filter?: { search?: string | null; role?: string | null; status?: string | null } | null;
        first: number;
        offset: number;
      },
      ctx: RequestContext,
    ) {
      requirePermission(ctx, 'users.manage');
      const f = args.filter ?? {};
      if (hasNul(f.search) || hasNul(f.status))
        throw new DomainError('BAD_USER_INPUT', 'the filter contains control characters', [
          { path: ['filter'], message: 'contains control characters' },
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
    async user(_: unknown, args: { id: string }, ctx: RequestContext) {
      requirePermission(ctx, 'users.manage');
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const user = await userSummary(tx, args.id);
        return { user, team: user.role === 'CUSTOMER' ? await teamOf(tx, user.id) : [] };
      });
    },
    async accountActivity(_: unknown, args: { first: number }, ctx: RequestContext) {
      const viewer = requireViewer(ctx, 'customer');
      if (!viewer.accountPermissions?.includes('account.view'))
        throw new DomainError(
          'FORBIDDEN',
          'your role on this account does not allow this (account.view)',
        );
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        activityOf(tx, accountOf(viewer), clamp(args.first, 200)),
      );
    },
  },
  UserDetail: {
    account: (parent: { user: { id: string } }, _: unknown, ctx: RequestContext) =>
      readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const a = await accountDetails(tx, parent.user.id);
        if (!a) return null;
        const address = a.address as {
          line1: string;
          line2: string | null;
          city: string;
          stateCode: string;
          postalCode: string;
          country: string;
        } | null;
        return {
          company: a.company,
          phone: a.phone,
          address: address
            ? [
                address.line1,
                address.line2,
                address.city,
                `${address.postalCode} (state ${address.stateCode})`,
                address.country,
              ]
                .filter(Boolean)
                .join(', ')
            : null,
          gstin: a.gstin,
          emailVerified: a.email_verified,
          twoFactorEnabled: a.two_factor_enabled,
        };
      }),
    activity: (parent: { user: { id: string } }, args: { first: number }, ctx: RequestContext) =>
      readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        activityOf(tx, parent.user.id, clamp(args.first, 200)),
      ),
  },
  Mutation: {
    async addStaffMember(_: unknown, args: Input, ctx: RequestContext) {
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
    async assignStaffRole(_: unknown, args: Input, ctx: RequestContext) {
      const result = await assignStaffRole(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      // What an impersonation may do was decided under the old role: those sessions end.
      await ctx.platform.sessions.endImpersonationsBy(
        String(args.input.userId),
        ctx.platform.identity.now(),
      );
      return summaryAfter(ctx, result.position, String(args.input.userId));
    },
    async suspendUser(_: unknown, args: Input, ctx: RequestContext) {
      const result = await suspendUser(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      return summaryAfter(ctx, result.position, String(args.input.userId));
    },
    async reactivateUser(_: unknown, args: Input, ctx: RequestContext) {
      const result = await reactivateUser(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      return summaryAfter(ctx, result.position, String(args.input.userId));
    },
    async resetUserTwoFactor(_: unknown, args: Input, ctx: RequestContext) {
      const result = await resetTwoFactor(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
        await linkBase(ctx),
      );
      return summaryAfter(ctx, result.position, String(args.input.userId));
    },
  },
};
