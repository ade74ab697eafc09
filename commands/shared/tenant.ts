import { fold, notFound } from '../../domain/shared/decider.ts';
import { tenantStreamId, type TenantCreated } from '../../domain/tenancy/events.ts';
import type { EventStore } from '../../eventstore/types.ts';

/** The tenant's settings as its stream says (commands decide on the log, not on read models). */
export async function loadTenant(store: EventStore, tenantId: string): Promise<TenantCreated['data']> {
  const events = await store.readStream(tenantStreamId(tenantId));
  const created = fold<{ type: string; data: Record<string, unknown> }, TenantCreated['data'] | null>(
    { initialState: null, evolve: (s, e) => (e.type === 'TenantCreated' ? (e.data as TenantCreated['data']) : s) },
    events,
  );
  if (!created) throw notFound(`tenant ${tenantId}`);
  return created;
}
