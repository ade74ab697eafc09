import { randomUUID } from 'node:crypto';
import { securityRow, usersByIds } from '../../projections/identity/queries.ts';
import { refuseWhileActingAs } from '../../commands/identity/change-password.ts';
import { runAccountCommand } from '../../commands/identity/account-deps.ts';
import { endSessions } from '../../commands/identity/password-reset.ts';
import {
  chooseNewPassword,
  completeSignIn,
  confirmHeldSetup,
  startHeldSetup,
} from '../../commands/identity/second-step.ts';
import { hashToken } from '../../commands/identity/sessions.ts';
import {
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
} from '../../commands/identity/two-factor.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import {
  commandContext,
  readScoped,
  requireViewer,
  settle,
  type RequestContext,
  type Viewer,
} from '../context.ts';
import { describeDevice } from './devices.ts';
import { clientOf, rememberThisDevice, setSessionCookie } from './request.ts';
import { signInResult, toViewer } from './resolvers.ts';
import type { Resolvers } from '../generated/resolvers.ts';

/** A security change by the account holder themselves (never by an admin acting as them). */
function ownContext(ctx: RequestContext, commandId: string) {
  const command = commandContext(ctx, commandId);
  refuseWhileActingAs(command);
  return command;
}

/**
 * A privilege change (two-factor on or off) gives this browser a new session id and ends the
 * others, which were opened under the old rules.
 */
async function renewSessions(ctx: RequestContext, viewer: Viewer) {
  const deps = ctx.platform.identity;
  const client = clientOf(ctx);
  const session = await deps.sessions.create(
    viewer.id,
    ctx.tenantId,
    client.ip,
    client.userAgent,
    deps.now(),
  );
  setSessionCookie(ctx, session.token);
  return endSessions(
    deps,
    ctx.tenantId,
    viewer.id,
    viewer.role,
    session.token,
    'two-factor-changed',
    { userId: viewer.id, role: viewer.role },
  );
}

/**
 * The account's security state from the read models (no stream read: the session check and
 * the sidebar ask for it on every page). The staff deadline is `twoFactorDeadline`'s rule.
 */
async function securityOf(ctx: RequestContext, viewer: { id: string }) {
  const row = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => securityRow(tx, viewer.id));
  const graceDays = ctx.platform.identity.policy.staffTwoFactorGraceDays;
  const enabled = Boolean(row?.two_factor_enabled);
  const requiredBy =
    row && row.role === 'admin' && !enabled
      ? (row.two_factor_disabled_at ??
        new Date(row.registered_at.getTime() + graceDays * 86_400_000))
      : null;
  return {
    emailVerified: row?.email_verified ?? true,
    twoFactorEnabled: enabled,
    twoFactorEnabledAt: row?.two_factor_enabled_at ?? null,
    recoveryCodesLeft: row?.recovery_codes_total
      ? Number(row.recovery_codes_total) - Number(row.used)
      : 0,
    twoFactorRequiredBy: requiredBy,
    passwordChangedAt: row?.password_changed_at ?? null,
  };
}

/** Two-factor authentication, the second sign-in step and one's sessions (typed by the SDL: graphql/generated/resolvers.ts). */
export const securityResolvers = {
  Viewer: {
    twoFactorEnabled: async (v, _, ctx) => (await securityOf(ctx, v)).twoFactorEnabled,
    twoFactorRequiredBy: async (v, _, ctx) => (await securityOf(ctx, v)).twoFactorRequiredBy,
  },
  Query: {
    accountSecurity: (_, __, ctx) => securityOf(ctx, requireViewer(ctx)),
    async mySessions(_, __, ctx) {
      const viewer = requireViewer(ctx);
      const current = ctx.sessionToken ? hashToken(ctx.sessionToken) : null;
      const sessions = await ctx.platform.sessions.list(viewer.id, ctx.platform.identity.now());
      const customerIds = [
        ...new Set(sessions.flatMap((s) => (s.impersonating ? [s.impersonating] : []))),
      ];
      const customers = customerIds.length
        ? await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => usersByIds(tx, customerIds))
        : [];
      const named = new Map(
        customers.map((c) => [c.id, { id: c.id, name: c.name, email: c.email }]),
      );
      return sessions.map((s) => ({
        impersonating: s.impersonating ? (named.get(s.impersonating) ?? null) : null,
        id: s.ref,
        current: s.tokenHash === current,
        device: describeDevice(s.userAgent),
        ip: s.ip,
        signedInAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        byStaff: s.impersonatorId !== null,
      }));
    },
  },
  Mutation: {
    async completeSignIn(_, args, ctx) {
      const { session, user } = await completeSignIn(
        ctx.platform.identity,
        ctx.tenantId,
        args,
        clientOf(ctx),
      );
      setSessionCookie(ctx, session.token);
      rememberThisDevice(ctx, user);
      return toViewer(user);
    },
    async chooseNewPassword(_, args, ctx) {
      const outcome = await chooseNewPassword(
        ctx.platform.identity,
        ctx.tenantId,
        args,
        clientOf(ctx),
      );
      if (outcome.session) {
        setSessionCookie(ctx, outcome.session.token);
        rememberThisDevice(ctx, outcome.user!);
      }
      return signInResult(outcome);
    },
    startHeldTwoFactorSetup: (_, args, ctx) =>
      startHeldSetup(ctx.platform.identity, ctx.tenantId, args.challenge, clientOf(ctx)),
    async confirmHeldTwoFactorSetup(_, args, ctx) {
      const done = await confirmHeldSetup(ctx.platform.identity, ctx.tenantId, args, clientOf(ctx));
      setSessionCookie(ctx, done.session.token);
      rememberThisDevice(ctx, done.user);
      await settle(ctx, done.position);
      return { recoveryCodes: done.recoveryCodes, viewer: toViewer(done.user) };
    },
    startTwoFactorSetup: (_, __, ctx) =>
      startTwoFactorSetup(ctx.platform.identity, ownContext(ctx, `2fa-setup:${randomUUID()}`)),
    async confirmTwoFactorSetup(_, args, ctx) {
      const viewer = requireViewer(ctx);
      const done = await confirmTwoFactorSetup(
        ctx.platform.identity,
        ownContext(ctx, `2fa-on:${randomUUID()}`),
        args,
        clientOf(ctx),
      );
      const ended = await renewSessions(ctx, viewer);
      await settle(ctx, ended ?? done.events.at(-1)!.position);
      return { recoveryCodes: done.recoveryCodes, viewer: toViewer(viewer) };
    },
    async disableTwoFactor(_, args, ctx) {
      const viewer = requireViewer(ctx);
      const done = await disableTwoFactor(
        ctx.platform.identity,
        ownContext(ctx, `2fa-off:${randomUUID()}`),
        args,
        clientOf(ctx),
      );
      const ended = await renewSessions(ctx, viewer);
      await settle(ctx, ended ?? done.position);
      return toViewer(viewer);
    },
    async regenerateRecoveryCodes(_, args, ctx) {
      const done = await regenerateRecoveryCodes(
        ctx.platform.identity,
        ownContext(ctx, `recovery-codes:${randomUUID()}`),
        args,
        clientOf(ctx),
      );
      await settle(ctx, done.position);
      return { codes: done.recoveryCodes };
    },
    async signOutSession(_, args, ctx) {
      const viewer = requireViewer(ctx);
      const command = ownContext(ctx, `sign-out-session:${randomUUID()}`);
      const deps = ctx.platform.identity;
      const ref =
        typeof args.id === 'string' && args.id.length <= 40
          ? await deps.sessions.endByRef(viewer.id, args.id, deps.now())
          : null;
      // Another person's session, an ended one or a made-up id: all "not found", none ended.
      if (!ref) throw new DomainError('NOT_FOUND', 'Session not found.');
      const result = await runAccountCommand(deps, command, viewer.id, (now) => ({
        type: 'EndSessions',
        sessionRefs: [ref],
        reason: 'signed-out-elsewhere',
        now,
      }));
      await settle(ctx, result.position);
      return true;
    },
    async signOutOtherSessions(_, __, ctx) {
      const viewer = requireViewer(ctx);
      const command = ownContext(ctx, `sign-out-others:${randomUUID()}`);
      const deps = ctx.platform.identity;
      const before = (await deps.sessions.list(viewer.id, deps.now())).length;
      const position = await endSessions(
        deps,
        ctx.tenantId,
        viewer.id,
        viewer.role,
        ctx.sessionToken,
        'signed-out-elsewhere',
        command.actor,
      );
      await settle(ctx, position);
      return Math.max(0, before - 1);
    },
  },
} satisfies Resolvers;
