import { DomainError } from '../../domain/shared/decider.ts';
import type { Permission } from '../../domain/identity/permissions.ts';
import type { CommandContext } from './handler.ts';

const unauthenticated = () => new DomainError('UNAUTHENTICATED', 'sign in first');

/** Refuses unless the actor is a customer acting for themselves. */
export function requireCustomer(ctx: CommandContext): void {
  if (ctx.actor.role === 'anonymous') throw unauthenticated();
  if (ctx.actor.role !== 'customer') throw new DomainError('FORBIDDEN', 'only a customer may do this');
}

/** Refuses unless the actor is staff holding `permission` (the system itself may do anything). */
export function requirePermission(ctx: CommandContext, permission: Permission): void {
  if (ctx.actor.role === 'system') return;
  if (ctx.actor.role === 'anonymous') throw unauthenticated();
  if (ctx.actor.role !== 'admin' || !ctx.permissions?.includes(permission)) {
    throw new DomainError('FORBIDDEN', `this needs the ${permission} permission`);
  }
}
