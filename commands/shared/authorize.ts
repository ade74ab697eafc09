import { DomainError } from '../../domain/shared/decider.ts';
import type { Permission, PermissionCatalog } from '../../domain/identity/permissions.ts';
import type { AccountPermission } from '../../domain/access/account-roles.ts';
import type { CommandContext } from './handler.ts';

/** Commands that weigh staff roles (hand one out, act on its holder) get the platform's catalogue. */
export interface PermissionDeps {
  permissions: PermissionCatalog;
}

const unauthenticated = () => new DomainError('UNAUTHENTICATED', 'Sign in first.');

/** Refuses unless the actor is a customer acting for themselves. */
export function requireCustomer(ctx: CommandContext): void {
  if (ctx.actor.role === 'anonymous') throw unauthenticated();
  if (ctx.actor.role !== 'customer')
    throw new DomainError('FORBIDDEN', 'Only a customer may do this.');
}

/** Refuses unless the actor is staff holding `permission` (the system itself may do anything). */
export function requirePermission(
  ctx: Pick<CommandContext, 'actor' | 'permissions'>,
  permission: Permission,
): void {
  if (ctx.actor.role === 'system') return;
  if (ctx.actor.role === 'anonymous') throw unauthenticated();
  if (ctx.actor.role !== 'admin' || !ctx.permissions?.includes(permission)) {
    throw new DomainError('FORBIDDEN', `This needs the ${permission} permission.`);
  }
}

/**
 * The account a customer acts for: their own, or the one whose team they joined (its owner's
 * user id, whose wallet and team it is). The one rule for commands and resolvers alike.
 */
export const accountOf = (customer: { id: string; accountId?: string | null }): string =>
  customer.accountId ?? customer.id;

/**
 * Refuses unless the actor is a customer who may do `permission` on the account they act for.
 * The account holder may do everything; a team member only what their role gives.
 * Returns the account's id (the owner's user id), which is whose wallet and team it is.
 */
export function requireAccountPermission(
  ctx: CommandContext,
  permission: AccountPermission,
): string {
  requireCustomer(ctx);
  const accountId = accountOf({ id: ctx.actor.userId, accountId: ctx.accountId });
  const holder = accountId === ctx.actor.userId && !ctx.accountPermissions;
  if (!holder && !ctx.accountPermissions?.includes(permission)) {
    throw new DomainError(
      'FORBIDDEN',
      `Your role on this account does not allow this (${permission}).`,
    );
  }
  return accountId;
}
