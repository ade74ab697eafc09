import { changePassword } from '../../commands/identity/change-password.ts';
import { profileRow, type ProfileRow } from '../../projections/identity/queries.ts';
import { verifyEmail } from '../../commands/identity/email-verification.ts';
import { requestPasswordReset, resetPassword } from '../../commands/identity/password-reset.ts';
import { updateProfile } from '../../commands/identity/profile.ts';
import { registerCustomer, resendVerification } from '../../commands/identity/self-registration.ts';
import { GST_STATES, stateByCode } from '../../domain/tax/index.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { comparePositions, type Position } from '../../eventstore/types.ts';
import {
  commandContext,
  readScoped,
  requireViewer,
  settle,
  type RequestContext,
} from '../context.ts';
import { clientOf, linkBase, setSessionCookie } from './request.ts';
import { toViewer } from './resolvers.ts';
import type { Profile, Resolvers } from '../generated/resolvers.ts';

/** Waits for the latest of several positions (read your writes across streams). */
const settleAll = (ctx: RequestContext, positions: (Position | null)[]) =>
  settle(
    ctx,
    positions
      .filter((p): p is Position => p !== null)
      .sort(comparePositions)
      .at(-1) ?? null,
  );

/** States a billing address may name: today's Indian states and UTs (no legacy codes), and "outside India". */
const BILLING_STATES = GST_STATES.filter(
  (s) => !s.replacedBy && s.kind !== 'centre-jurisdiction',
).map((s) => ({ code: s.code, name: s.name }));

export async function loadProfile(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  const row = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => profileRow(tx, viewer.id));
  if (!row) throw new DomainError('NOT_FOUND', 'Profile not found.');
  return toProfile(row);
}

function toProfile(r: ProfileRow): Profile {
  const a = r.address;
  return {
    name: r.name,
    email: r.email,
    company: r.company ?? null,
    phone: r.phone ?? null,
    address: a ? { ...a, stateName: stateByCode(a.stateCode).name } : null,
    gstin: r.gstin ?? null,
    updatedAt: r.profile_updated_at ?? null,
  };
}

/** Registration, confirmation links, passwords and the profile (typed by the SDL: graphql/generated/resolvers.ts). */
export const accountResolvers = {
  Query: {
    profile: (_, __, ctx) => loadProfile(ctx),
    billingStates: () => BILLING_STATES,
  },
  Mutation: {
    async register(_, args, ctx) {
      const notice = await registerCustomer(
        ctx.platform.identity,
        ctx.tenantId,
        args.input,
        clientOf(ctx),
        await linkBase(ctx),
      );
      await settleAll(ctx, notice.positions);
      return { email: notice.email };
    },
    async verifyEmail(_, args, ctx) {
      const done = await verifyEmail(ctx.platform.identity, ctx.tenantId, args, clientOf(ctx));
      await settle(ctx, done.position);
      return { email: done.email };
    },
    async resendVerificationEmail(_, args, ctx) {
      const notice = await resendVerification(
        ctx.platform.identity,
        ctx.tenantId,
        args,
        clientOf(ctx),
        await linkBase(ctx),
      );
      await settleAll(ctx, notice.positions);
      return { email: notice.email };
    },
    async requestPasswordReset(_, args, ctx) {
      const notice = await requestPasswordReset(
        ctx.platform.identity,
        ctx.tenantId,
        args,
        clientOf(ctx),
        await linkBase(ctx),
      );
      await settleAll(ctx, notice.positions);
      return { email: notice.email };
    },
    async resetPassword(_, args, ctx) {
      const done = await resetPassword(ctx.platform.identity, ctx.tenantId, args, clientOf(ctx));
      await settleAll(ctx, done.positions);
      return { email: done.email };
    },
    async changePassword(_, args, ctx) {
      const viewer = requireViewer(ctx);
      const done = await changePassword(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
        clientOf(ctx),
        await linkBase(ctx),
      );
      setSessionCookie(ctx, done.session.token);
      await settleAll(ctx, done.positions);
      return toViewer(viewer);
    },
    async updateProfile(_, args, ctx) {
      const result = await updateProfile(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        args.input,
      );
      await settle(ctx, result.position);
      return loadProfile(ctx);
    },
  },
} satisfies Resolvers;
