import { fold, notFound } from '../../domain/shared/decider.ts';
import {
  accountAccessDecider,
  type AccountAccessState,
} from '../../domain/identity/account-access.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import type { EventStore } from '../../eventstore/types.ts';

/**
 * A user the actor names by id, as the log says, only if they belong to the actor's tenant:
 * an id from another tenant is "not found", never "forbidden" (ids reveal nothing).
 */
export async function userInTenant(
  store: EventStore,
  tenantId: string,
  userId: string,
): Promise<AccountAccessState & { userId: string }> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound('user');
  const events = await store.readStream(userStreamId(userId));
  const registered = events.find((e) => e.type === 'UserRegistered');
  if (!registered || registered.metadata.tenantId !== tenantId) throw notFound('user');
  const state = fold(accountAccessDecider, events as never);
  return { ...state, userId };
}
