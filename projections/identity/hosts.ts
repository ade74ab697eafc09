import type { TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';
import {
  OPERATOR_TENANT_ID,
  type TenantCreated,
  type TenantBrandUpdated,
} from '../../domain/tenancy/events.ts';
import { hostClaimEventTypes, type HostClaimEvent } from '../../domain/tenancy/host-claim.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

type Tx = Parameters<Projector['apply']>[0];

/**
 * Host names and their state: PENDING (a reseller asked; reserved, serves nothing yet),
 * APPROVED (serves the tenant's portal), REJECTED (kept so the reseller reads the reason; the
 * name is free). `tenants.domains` is the brand's hosts that are APPROVED for that tenant, so the
 * host → tenant lookup and mailed links only ever use hosts the operator allowed.
 */
export const hostsHandledByIdentity = [...hostClaimEventTypes];

export async function migrateHosts(tx: Tx): Promise<void> {
  await tx.unsafe(`
    create table hosts (
      host text primary key,
      tenant_id text not null,
      status text not null,
      requested_at timestamptz not null,
      decided_at timestamptz,
      reason text
    );
    create index hosts_by_tenant on hosts (tenant_id, host);
  `);
  await enableTenantIsolation(tx, 'hosts');
  // The operator's super admins decide on every tenant's hosts.
  await tx.unsafe(`create policy operator_sees_hosts on hosts for select to app_reader
    using (current_setting('app.tenant_id', true) = '${OPERATOR_TENANT_ID}')`);
}

export async function applyHosts(tx: Tx, events: RecordedEvent[]): Promise<void> {
  const touched = new Set<string>();
  for (const e of events) {
    if (e.type === 'TenantCreated') touched.add((e.data as TenantCreated['data']).tenantId);
    if (e.type === 'TenantBrandUpdated')
      touched.add((e.data as TenantBrandUpdated['data']).tenantId);
    if (!(hostClaimEventTypes as readonly string[]).includes(e.type)) continue;
    const event = e as unknown as HostClaimEvent;
    const { host, tenantId } = event.data;
    touched.add(tenantId);
    switch (event.type) {
      case 'HostClaimed':
        await tx`insert into hosts (host, tenant_id, status, requested_at, decided_at, reason)
          values (${host}, ${tenantId}, 'APPROVED', ${event.data.claimedAt}, ${event.data.claimedAt}, null)
          on conflict (host) do update set tenant_id = excluded.tenant_id, status = excluded.status,
            requested_at = excluded.requested_at, decided_at = excluded.decided_at, reason = null`;
        break;
      case 'HostRequested':
        await tx`insert into hosts (host, tenant_id, status, requested_at, decided_at, reason)
          values (${host}, ${tenantId}, 'PENDING', ${event.data.requestedAt}, null, null)
          on conflict (host) do update set tenant_id = excluded.tenant_id, status = excluded.status,
            requested_at = excluded.requested_at, decided_at = null, reason = null`;
        break;
      case 'HostApproved':
        await tx`update hosts set status = 'APPROVED', decided_at = ${event.data.approvedAt} where host = ${host} and tenant_id = ${tenantId}`;
        break;
      case 'HostRejected':
        await tx`update hosts set status = 'REJECTED', decided_at = ${event.data.rejectedAt}, reason = ${event.data.reason}
          where host = ${host} and tenant_id = ${tenantId}`;
        break;
      case 'HostReleased':
        await tx`delete from hosts where host = ${host} and tenant_id = ${tenantId}`;
        break;
    }
  }
  if (touched.size === 0) return;
  // After the batch, whatever order its events came in: the brand's hosts the tenant may serve.
  await tx`
    update tenants t set domains = array(
      select d.host from jsonb_array_elements_text(t.brand->'domains') with ordinality as d(host, n)
      where exists (select 1 from hosts h where h.host = d.host and h.tenant_id = t.tenant_id and h.status = 'APPROVED')
      order by d.n)
    where t.tenant_id = any(${[...touched]}::text[])`;
}

export interface TenantHost {
  name: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  requestedAt: Date;
  decidedAt: Date | null;
  reason: string | null;
}

/**
 * A tenant's hosts with their state, in the brand's order, then rejected ones (newest first).
 * Runs in a scoped transaction: a tenant sees its own rows, the operator every tenant's.
 */
export async function hostsOf(tx: TransactionSql, tenantId: string): Promise<TenantHost[]> {
  const rows = await tx`
    select h.host, h.status, h.requested_at, h.decided_at, h.reason,
      (select n from rm_identity.tenants t, jsonb_array_elements_text(t.brand->'domains') with ordinality as d(host, n)
        where t.tenant_id = h.tenant_id and d.host = h.host) as position
    from rm_identity.hosts h where h.tenant_id = ${tenantId}
    order by (h.status = 'REJECTED'), position nulls last, h.decided_at desc nulls last, h.host`;
  return rows.map((r) => ({
    name: r.host,
    status: r.status,
    requestedAt: r.requested_at,
    decidedAt: r.decided_at,
    reason: r.reason,
  }));
}
