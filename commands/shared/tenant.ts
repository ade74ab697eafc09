import { fold, notFound } from '../../domain/shared/decider.ts';
import { tenantStreamId, type TenantEvent } from '../../domain/tenancy/events.ts';
import { tenantDecider, type TenantState } from '../../domain/tenancy/tenant.ts';
import type { EventStore } from '../../eventstore/types.ts';

/** The tenant's settings as its stream says (commands decide on the log, not on read models). */
export async function loadTenant(store: EventStore, tenantId: string): Promise<TenantState> {
  const events = await store.readStream(tenantStreamId(tenantId));
  const state = fold(tenantDecider, events as unknown as TenantEvent[]);
  if (!state.exists) throw notFound(`tenant ${tenantId}`);
  return state;
}
