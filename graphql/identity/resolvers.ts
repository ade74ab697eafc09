import { signOut, startSignIn, type SignInOutcome } from '../../commands/identity/sign-in.ts';
import { customersMatching, tenantBrand } from '../../projections/identity/queries.ts';
import { clientOf, linkBase, rememberThisDevice, setSessionCookie } from './request.ts';
import { readScoped, requirePermission } from '../context.ts';
import { sessionCookie } from './cookies.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { hasNul } from '../../commands/shared/validate.ts';
import type { Resolvers, Role } from '../generated/resolvers.ts';
import { GST_STATES } from '../../domain/tax/states/state-codes.ts';
import { cryptoTopUpsOffered } from '../../domain/wallet/payment-methods.ts';

export const toViewer = (u: {
  id: string;
  email: string;
  name: string;
  role: string;
  tenantId: string;
  staffRole: string | null;
}) => ({
  ...u,
  role: u.role.toUpperCase() as Role,
});

/** Typed by the SDL (graphql/generated/resolvers.ts). */
export const identityResolvers = {
  Query: {
    me: (_, __, ctx) => (ctx.viewer ? toViewer(ctx.viewer) : null),
    async brand(_, __, ctx) {
      const t = await tenantBrand(ctx.platform.sql, ctx.tenantId);
      if (!t) throw new Error(`tenant ${ctx.tenantId} is not projected`);
      return {
        tenantId: t.tenant_id,
        name: t.brand.name,
        tagline: t.brand.tagline,
        primaryColor: t.brand.primaryColor,
        supportEmail: t.brand.supportEmail,
        // Brands saved before the store's contact fields have none: null.
        supportPhone: t.brand.supportPhone ?? null,
        // The store's meta description; without one, the tagline (BrandSettings has the raw value).
        storeDescription: t.brand.storeDescription ?? t.brand.tagline ?? null,
        companyName: t.legal.companyName,
        legalAddress: t.legal.address,
        gstin: t.legal.gstin,
        stateName: GST_STATES.find((s) => s.code === t.legal.stateCode)?.name ?? null,
        stateCode: t.legal.stateCode,
        features: t.features,
        cryptoTopUps: cryptoTopUpsOffered(t.top_ups, t.features),
      };
    },
    async customers(_, args, ctx) {
      requirePermission(ctx, 'users.manage');
      if (hasNul(args.search))
        throw new DomainError('BAD_USER_INPUT', 'Search contains control characters.', [
          { path: ['search'], message: 'Contains control characters.' },
        ]);
      const like = `%${(args.search ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        customersMatching(tx, like, clamp(args.first, 200)),
      );
    },
  },
  Mutation: {
    async signIn(_, args, ctx) {
      const outcome = await startSignIn(
        ctx.platform.identity,
        ctx.tenantId,
        args,
        clientOf(ctx),
        await linkBase(ctx),
      );
      if (outcome.session) {
        setSessionCookie(ctx, outcome.session.token);
        rememberThisDevice(ctx, outcome.user!);
      }
      return signInResult(outcome);
    },
    async signOut(_, __, ctx) {
      const cookie = sessionCookie(ctx.platform.settings);
      if (ctx.sessionToken && ctx.viewer)
        await signOut(ctx.platform.identity, ctx.tenantId, ctx.sessionToken, {
          userId: ctx.viewer.id,
          role: ctx.viewer.role,
        });
      ctx.reply.clearCookie(cookie.name, cookie.options); // the same attributes, or a browser keeps a __Host- cookie
      return true;
    },
  },
} satisfies Resolvers;

/** The answer of a sign-in step (the password, or a new password instead of an initial one). */
export const signInResult = (outcome: SignInOutcome) => ({
  next: outcome.next,
  id: outcome.user?.id ?? null,
  viewer: outcome.user ? toViewer(outcome.user) : null,
  challenge: outcome.challenge?.token ?? null,
  challengeExpiresAt: outcome.challenge?.expiresAt ?? null,
});

export const clamp = (n: number | null | undefined, max: number) =>
  Math.max(1, Math.min(max, Math.trunc(Number(n ?? max)) || max));
