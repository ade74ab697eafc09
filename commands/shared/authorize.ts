import { DomainError } from '../../domain/shared/decider.ts';
import type { CommandContext } from './handler.ts';

/** Refuses the command unless the actor has the role (permissions come with issue 4). */
export function requireRole(ctx: CommandContext, role: 'customer' | 'admin'): void {
  if (ctx.actor.role === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'sign in first');
  if (ctx.actor.role !== role) throw new DomainError('FORBIDDEN', `only ${role === 'admin' ? 'an admin' : 'a customer'} may do this`);
}
