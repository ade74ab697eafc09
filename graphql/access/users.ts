import type { TransactionSql } from 'postgres';
import { addStaffMember, assignStaffRole } from '../../commands/access/staff.ts';
import { reactivateUser, suspendUser } from '../../commands/identity/suspension.ts';
import { resetTwoFactor } from '../../commands/identity/two-factor-reset.ts';
import { hasNul, isUuid } from '../../commands/shared/validate.ts';
import { DomainError, notFound } from '../../domain/shared/decider.ts';
import { SYSTEM_ROLE_NAMES } from '../../domain/access/permission-catalog.ts';
import { commandContext, readScoped, requirePermission, requireViewer, settle, type RequestContext } from '../context.ts';
import { clamp } from '../identity/resolvers.ts';
import { linkBase } from '../identity/request.ts';
import { accountOf } from './viewer.ts';
import { activityOf } from '../../projections/activity/queries.ts';

type Row = Record<string, any>;
type Input = { input: Record<string, unknown> & { commandId: string } };

const USER_COLUMNS = `u.id, u.email, u.name, u.role, u.staff_role, u.status, u.registered_at, tm.account_id as member_of, r.name as custom_role_name`;
const USER_FROM = `rm_identity.users u
  left join rm_access.team_members tm on tm.member_id = u.id
  left join rm_access.roles r on r.role_id::text = u.staff_role`;

export function toUserSummary(r: Row) {
  const staffRole = r.role === 'admin' ? ((r.staff_role as string | null) ?? 'tenant_admin') : null;
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: String(r.role).toUpperCase(),
    staffRole,
    staffRoleName: staffRole ? (SYSTEM_ROLE_NAMES[staffRole] ?? r.custom_role_name ?? staffRole) : null,
    status: r.status,
    registeredAt: r.registered_at,
    memberOf: r.member_of ?? null,
  };
}

/** One user of the request's tenant (row-level security hides the others: NOT_FOUND). */
export async function userSummary(tx: TransactionSql, id: string) {
  if (!isUuid(id)) throw notFound('user');
  const [row] = await tx.unsafe(`select ${USER_COLUMNS} from ${USER_FROM} where u.id = $1`, [id]);
  if (!row) throw notFound('user');
  return toUserSummary(row);
}

export async function teamOf(tx: TransactionSql, accountId: string) {
  const rows = await tx`
    select tm.member_id, u.email, u.name, tm.role, tm.status, tm.joined_at
    from rm_access.team_members tm join rm_identity.users u on u.id = tm.member_id
    where tm.account_id = ${accountId} and tm.status = 'ACTIVE' order by tm.joined_at, tm.member_id`;
  return rows.map((r) => ({ id: r.member_id, email: r.email, name: r.name, role: r.role, status: r.status, joinedAt: r.joined_at }));
}

const summaryAfter = async (ctx: RequestContext, position: Parameters<typeof settle>[1], userId: string) => {
  await settle(ctx, position);
  return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => userSummary(tx, userId));
};

export const userResolvers = {
  Query: {
    async users(_: unknown, args: { filter?: { search?: string | null; role?: string | null; status?: string | null } | null; first: number; offset: number }, ctx: RequestContext) {
      requirePermission(ctx, 'users.manage');
      const f = args.filter ?? {};
      if (hasNul(f.search) || hasNul(f.status)) throw new DomainError('BAD_USER_INPUT', 'the filter contains control characters', [{ path: ['filter'], message: 'contains control characters' }]);
      const like = f.search ? `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
      const params = [like, f.role ? f.role.toLowerCase() : null, f.status ?? null, clamp(args.first, 200), Math.max(0, Math.trunc(args.offset ?? 0))];
      const where = `($1::text is null or u.email ilike $1 or u.name ilike $1) and ($2::text is null or u.role = $2) and ($3::text is null or u.status = $3)`;
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const items = await tx.unsafe(`select ${USER_COLUMNS} from ${USER_FROM} where ${where} order by u.registered_at desc, u.id limit $4 offset $5`, params as never[]);
        const [count] = await tx.unsafe(`select count(*)::int as total from rm_identity.users u where ${where}`, params.slice(0, 3) as never[]);
        return { items: items.map(toUserSummary), total: count!.total as number };
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
      if (!viewer.accountPermissions?.includes('account.view')) throw new DomainError('FORBIDDEN', 'your role on this account does not allow this (account.view)');
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) => activityOf(tx, accountOf(viewer), clamp(args.first, 200)));
    },
  },
  UserDetail: {
    account: (parent: { user: { id: string } }, _: unknown, ctx: RequestContext) =>
      readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const [a] = await tx`select company, phone, address, gstin, email_verified, two_factor_enabled from rm_accounts.accounts where user_id = ${parent.user.id}`;
        if (!a) return null;
        const address = a.address as { line1: string; line2: string | null; city: string; stateCode: string; postalCode: string; country: string } | null;
        return {
          company: a.company,
          phone: a.phone,
          address: address ? [address.line1, address.line2, address.city, `${address.postalCode} (state ${address.stateCode})`, address.country].filter(Boolean).join(', ') : null,
          gstin: a.gstin,
          emailVerified: a.email_verified,
          twoFactorEnabled: a.two_factor_enabled,
        };
      }),
    activity: (parent: { user: { id: string } }, args: { first: number }, ctx: RequestContext) =>
      readScoped(ctx.platform.sql, ctx.tenantId, (tx) => activityOf(tx, parent.user.id, clamp(args.first, 200))),
  },
  Mutation: {
    async addStaffMember(_: unknown, args: Input, ctx: RequestContext) {
      const result = await addStaffMember(ctx.platform.identity, commandContext(ctx, args.input.commandId), args.input);
      return { user: await summaryAfter(ctx, result.position, result.userId), initialPassword: result.password };
    },
    async assignStaffRole(_: unknown, args: Input, ctx: RequestContext) {
      const result = await assignStaffRole(ctx.platform.identity, commandContext(ctx, args.input.commandId), args.input);
      // What an impersonation may do was decided under the old role: those sessions end.
      await ctx.platform.sessions.endImpersonationsBy(String(args.input.userId), ctx.platform.identity.now());
      return summaryAfter(ctx, result.position, String(args.input.userId));
    },
    async suspendUser(_: unknown, args: Input, ctx: RequestContext) {
      const result = await suspendUser(ctx.platform.identity, commandContext(ctx, args.input.commandId), args.input);
      return summaryAfter(ctx, result.position, String(args.input.userId));
    },
    async reactivateUser(_: unknown, args: Input, ctx: RequestContext) {
      const result = await reactivateUser(ctx.platform.identity, commandContext(ctx, args.input.commandId), args.input);
      return summaryAfter(ctx, result.position, String(args.input.userId));
    },
    async resetUserTwoFactor(_: unknown, args: Input, ctx: RequestContext) {
      const result = await resetTwoFactor(ctx.platform.identity, commandContext(ctx, args.input.commandId), args.input, await linkBase(ctx));
      return summaryAfter(ctx, result.position, String(args.input.userId));
    },
  },
};
