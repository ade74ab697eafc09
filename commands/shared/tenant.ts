import { notFound } from '../../domain/shared/decider.ts';
import { tenantStreamId } from '../../domain/tenancy/events.ts';
import { tenantDecider, type TenantState } from '../../domain/tenancy/tenant.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { loadState } from './stream-states.ts';

/** The tenant's settings as its stream says (commands decide on the log, not on read models). */
export async function loadTenant(store: EventStore, tenantId: string): Promise<TenantState> {
  const state = await loadState(store, tenantDecider, tenantStreamId(tenantId));
  if (!state.exists) throw notFound(`tenant ${tenantId}`);
  return state;
}
