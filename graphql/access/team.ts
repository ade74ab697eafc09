import type { TransactionSql } from 'postgres';
import { linkBase } from '../identity/request.ts';
import { acceptInvitation } from '../../commands/access/invitations.ts';
import {
  cancelTeamInvitation,
  changeTeamMemberRole,
  invitationTokenHash,
  inviteTeamMember,
  removeTeamMember,
} from '../../commands/access/team.ts';
import { isUuid } from '../../commands/shared/validate.ts';
import { DomainError, notFound } from '../../domain/shared/decider.ts';
import {
  commandContext,
  readScoped,
  requireViewer,
  settle,
  type RequestContext,
} from '../context.ts';
import type { Resolvers, TeamInvitation } from '../generated/resolvers.ts';
import { teamOf } from './users.ts';
import {
  invitationByToken,
  invitationForToken,
  invitationOfAccount,
  pendingInvitations,
  type InvitationRow,
} from '../../projections/access/queries.ts';
import { accountOf } from '../../commands/shared/authorize.ts';

function requireTeamManager(ctx: RequestContext) {
  const viewer = requireViewer(ctx, 'customer');
  if (!viewer.accountPermissions?.includes('account.team'))
    throw new DomainError(
      'FORBIDDEN',
      'Your role on this account does not allow this (account.team).',
    );
  return viewer;
}

const toInvitation = (r: InvitationRow): TeamInvitation => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  // An invitation nobody used in time reads as expired, though no event says so.
  status: r.status === 'PENDING' && new Date(r.expires_at) <= new Date() ? 'EXPIRED' : r.status,
  invitedAt: r.invited_at,
  expiresAt: r.expires_at,
});

async function invitationOf(tx: TransactionSql, accountId: string, id: string) {
  const row = await invitationOfAccount(tx, accountId, id);
  if (!row) throw notFound('invitation');
  return toInvitation(row);
}

/** Customer teams and invitations (typed by the SDL: graphql/generated/resolvers.ts). */
export const teamResolvers = {
  Query: {
    async team(_, __, ctx) {
      const viewer = requireTeamManager(ctx);
      const accountId = accountOf(viewer);
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const invitations = await pendingInvitations(tx, accountId);
        return {
          accountId,
          members: await teamOf(tx, accountId),
          invitations: invitations.map(toInvitation).filter((i) => i.status === 'PENDING'),
        };
      });
    },
    async invitation(_, args, ctx) {
      if (typeof args.token !== 'string' || args.token.length < 20 || args.token.length > 100)
        throw notFound('invitation');
      return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
        const row = await invitationByToken(tx, invitationTokenHash(args.token));
        // Used, cancelled and unknown links look the same.
        if (!row || row.status !== 'PENDING') throw notFound('invitation');
        return {
          email: row.email,
          name: row.name,
          role: row.role,
          accountName: row.account_name ?? '',
          expiresAt: row.expires_at,
        };
      });
    },
  },
  Mutation: {
    async inviteTeamMember(_, args, ctx) {
      const result = await inviteTeamMember(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
        await linkBase(ctx),
      );
      await settle(ctx, result.mailPosition ?? result.position);
      const viewer = requireViewer(ctx);
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        invitationOf(tx, accountOf(viewer), result.invitationId),
      );
    },
    async cancelTeamInvitation(_, args, ctx) {
      const result = await cancelTeamInvitation(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      const viewer = requireViewer(ctx);
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        invitationOf(tx, accountOf(viewer), args.input.invitationId),
      );
    },
    async changeTeamMemberRole(_, args, ctx) {
      const result = await changeTeamMemberRole(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      const viewer = requireViewer(ctx);
      const members = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        teamOf(tx, accountOf(viewer)),
      );
      const member = members.find((m) => m.id === args.input.memberId);
      if (!member) throw notFound('team member');
      return member;
    },
    async removeTeamMember(_, args, ctx) {
      const deps = ctx.platform.identity;
      const result = await removeTeamMember(
        { ...deps, endSessions: (userId) => deps.sessions.endEverySessionOf(userId, deps.now()) },
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      return true;
    },
    async acceptInvitation(_, args, ctx) {
      const deps = ctx.platform.identity;
      const result = await acceptInvitation(
        {
          ...deps,
          async findInvitation(tenantId, tokenHash) {
            const row = await invitationForToken(deps.sql, tenantId, tokenHash);
            return row && isUuid(row.id)
              ? { accountId: row.account_id, invitationId: row.id }
              : null;
          },
        },
        ctx.tenantId,
        args.input,
      );
      await settle(ctx, result.position);
      return { email: result.email };
    },
  },
} satisfies Resolvers;
