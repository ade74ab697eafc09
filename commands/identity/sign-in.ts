import type { Sql } from 'postgres';
import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import { userDecider, normaliseEmail } from '../../domain/identity/user.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import { handleCommand, type CommandDeps } from '../shared/handler.ts';
import { parseInput } from '../shared/validate.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import type { SessionStore } from './sessions.ts';

export interface SignInDeps extends CommandDeps {
  sql: Sql;
  sessions: SessionStore;
  bcryptCost: number;
}

const signInSchema = z.object({ email: z.string().max(254), password: z.string().max(128, 'use at most 128 characters') });

/** One answer for every failure, so sign-in never tells whether an account exists. */
const refused = () => new DomainError('UNAUTHENTICATED', 'wrong email or password');

/**
 * Checks the password (against a dummy hash when there is no such user, so timing does not
 * tell either), opens a session and records the sign-in on the user's stream.
 */
export async function signIn(deps: SignInDeps, tenantId: string, input: unknown, client: { ip: string; userAgent: string }) {
  const { email, password } = parseInput(signInSchema, input);
  const [user] = await deps.sql`
    select id, role, staff_role, password_hash, status, name, email from rm_identity.users
    where tenant_id = ${tenantId} and email = ${normaliseEmail(email)}`;
  const ok = await verifyPassword(password, user ? (user.password_hash as string) : await dummyPasswordHash(deps.bcryptCost));
  if (!user || !ok || user.status !== 'ACTIVE') throw refused();
  const { token, ref } = await deps.sessions.create(user.id, tenantId, client.ip, client.userAgent, deps.now());
  await handleCommand(
    deps,
    { tenantId, actor: { userId: user.id, role: user.role }, commandId: `signin:${ref}` },
    {
      streamId: userStreamId(user.id),
      decider: userDecider,
      input: { ref },
      command: (now) => ({ type: 'RecordSignIn' as const, sessionRef: ref, ip: client.ip, now }),
    },
  );
  const staffRole = user.role === 'admin' ? ((user.staff_role as string | null) ?? 'tenant_admin') : null;
  return { token, user: { id: user.id as string, email: user.email as string, name: user.name as string, role: user.role as string, staffRole, tenantId } };
}

export async function signOut(deps: SignInDeps, tenantId: string, token: string, actor: { userId: string; role: string }) {
  const ref = await deps.sessions.end(token, deps.now());
  if (!ref) return;
  await handleCommand(
    deps,
    { tenantId, actor, commandId: `signout:${ref}` },
    {
      streamId: userStreamId(actor.userId),
      decider: userDecider,
      input: { ref },
      command: (now) => ({ type: 'RecordSignOut' as const, sessionRef: ref, now }),
    },
  );
}
