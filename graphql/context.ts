import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Position } from '../eventstore/types.ts';
import { DomainError } from '../domain/shared/decider.ts';
import { apiError } from './errors.ts';
import type { Platform } from './platform.ts';
import type { CommandContext } from '../commands/shared/handler.ts';
import { requirePermission as requireStaffPermission } from '../commands/shared/authorize.ts';
import type { Permission } from '../domain/identity/permissions.ts';

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: 'customer' | 'admin';
  tenantId: string;
  /** Staff: system role or custom role id; null for customers. */
  staffRole: string | null;
  permissions: readonly Permission[];
  /** Set when an admin acts as this customer ("log in as customer"); see graphql/access/viewer.ts. */
  impersonator?: { id: string; name: string; email: string } | null;
  /** Customers: the account they act for (their own, or the account whose team they joined). */
  accountId?: string;
  /** Customers: 'owner' for the account holder, else their team role. */
  accountRole?: string;
  /** Customers: what they may do on that account (domain/access/account-roles.ts). */
  accountPermissions?: readonly string[];
}

/** What every resolver gets: the tenant of this host, the signed-in viewer, and scoped access. */
export interface RequestContext {
  platform: Platform;
  tenantId: string;
  viewer: Viewer | null;
  sessionToken: string | null;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Why the context could not be built (e.g. the database is unreachable); reported before execution. */
  failure?: unknown;
}

/** Read queries run scoped to a tenant (row-level security); the queries live in projections/. */
export { readScoped } from '../projections/shared/scoped.ts';

export function requireViewer(ctx: RequestContext, role?: Viewer['role']): Viewer {
  if (!ctx.viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  if (role && ctx.viewer.role !== role)
    throw new DomainError('FORBIDDEN', `This needs the ${role} role.`);
  return ctx.viewer;
}

/**
 * Staff holding `permission` (checked in every admin resolver; row-level security backs it up).
 * The rule is the commands' (commands/shared/authorize.ts), asked of the signed-in viewer.
 */
export function requirePermission(ctx: RequestContext, permission: Permission): Viewer {
  const viewer = requireViewer(ctx);
  requireStaffPermission(
    { actor: { userId: viewer.id, role: viewer.role }, permissions: viewer.permissions },
    permission,
  );
  return viewer;
}

/** The command context of a mutation: the viewer acts, in this tenant, under the client's commandId. */
export function commandContext(ctx: RequestContext, commandId: unknown): CommandContext {
  const viewer = requireViewer(ctx);
  if (typeof commandId !== 'string')
    throw new DomainError('BAD_USER_INPUT', 'The commandId is required.', [
      { path: ['commandId'], message: 'Required.' },
    ]);
  // While impersonating, every event names both the customer and the admin behind them.
  const actor: Actor = {
    userId: viewer.id,
    role: viewer.role,
    ...(viewer.impersonator ? { impersonatorId: viewer.impersonator.id } : {}),
  };
  const account = viewer.accountId
    ? { accountId: viewer.accountId, accountPermissions: viewer.accountPermissions ?? [] }
    : {};
  return { tenantId: ctx.tenantId, actor, commandId, permissions: viewer.permissions, ...account };
}

/**
 * Read your writes: returns once the read models include `position`. If they do not within
 * PROJECTION_WAIT_MS (the database is struggling), the change is recorded but cannot be shown:
 * answering from stale read models would mislead (a top-up just made "not found"), so the
 * client is told to ask again; the same commandId then answers with this change.
 */
export async function settle(ctx: RequestContext, position: Position | null): Promise<void> {
  if (!position) return;
  const ok = await ctx.platform.projections.waitFor(
    position,
    ctx.platform.settings.PROJECTION_WAIT_MS,
  );
  if (!ok) {
    ctx.request.log.warn(
      { position: position.commit.toString() },
      'read models did not catch up in time',
    );
    throw apiError(
      'SERVICE_UNAVAILABLE',
      'Your change was recorded but cannot be shown yet; send the same request again (same commandId) in a moment.',
    );
  }
}
