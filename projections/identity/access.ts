import type { RecordedEvent } from '../../eventstore/types.ts';
import {
  accountAccessEventTypes,
  type AccountAccessEvent,
} from '../../domain/identity/access-events.ts';
import type { Brand, TenantEvent } from '../../domain/tenancy/events.ts';
import type { Projector } from '../shared/projector.ts';

type Tx = Parameters<Projector['apply']>[0];

const tenantSettingsTypes = [
  'TenantBrandUpdated',
  'TenantLegalProfileUpdated',
  'TenantTopUpSettingsUpdated',
  'TenantBillingSettingsUpdated',
  'FeatureSwitched',
] as const;

/**
 * What the identity read model takes from access events: a user's status and staff role, the
 * tenant's current settings (brand by host, legal, top-ups, features). The account's activity
 * log is its own read model (projections/activity, lines from ./activity.ts).
 */
export const accessHandledByIdentity = [...accountAccessEventTypes, ...tenantSettingsTypes];

export async function migrateAccess(tx: Tx): Promise<void> {
  await tx.unsafe(`alter table users add column status_before_suspension text;`);
}

export async function applyAccess(tx: Tx, events: RecordedEvent[]): Promise<void> {
  for (const e of events) {
    if ((accountAccessEventTypes as readonly string[]).includes(e.type))
      await applyAccountAccess(tx, e);
    else if ((tenantSettingsTypes as readonly string[]).includes(e.type))
      await applyTenantSettings(tx, e);
  }
}

async function applyAccountAccess(tx: Tx, e: RecordedEvent) {
  const event = e as unknown as AccountAccessEvent;
  // Reactivation gives back the state the account was in (e.g. still unconfirmed), not ACTIVE.
  if (event.type === 'UserSuspended') {
    await tx`update users set status_before_suspension = status, status = 'SUSPENDED' where id = ${event.data.userId} and status <> 'SUSPENDED'`;
  }
  if (event.type === 'UserReactivated') {
    await tx`update users set status = coalesce(status_before_suspension, 'ACTIVE'), status_before_suspension = null
      where id = ${event.data.userId} and status = 'SUSPENDED'`;
  }
  if (event.type === 'StaffRoleAssigned')
    await tx`update users set staff_role = ${event.data.staffRole} where id = ${event.data.userId}`;
}

async function applyTenantSettings(tx: Tx, e: RecordedEvent) {
  const event = e as unknown as TenantEvent;
  switch (event.type) {
    case 'TenantBrandUpdated': {
      const brand: Brand = event.data.brand;
      await tx`update tenants set brand = ${tx.json(brand as never)}, domains = ${brand.domains} where tenant_id = ${event.data.tenantId}`;
      return;
    }
    case 'TenantLegalProfileUpdated':
      await tx`update tenants set legal = ${tx.json(event.data.legal as never)} where tenant_id = ${event.data.tenantId}`;
      return;
    case 'TenantTopUpSettingsUpdated':
      await tx`update tenants set top_ups = ${tx.json(event.data.topUps as never)} where tenant_id = ${event.data.tenantId}`;
      return;
    case 'TenantBillingSettingsUpdated':
      await tx`update tenants set billing = ${tx.json(event.data.billing as never)} where tenant_id = ${event.data.tenantId}`;
      return;
    case 'FeatureSwitched':
      await tx`update tenants set features = case when ${event.data.enabled}::boolean
          then array(select distinct f from unnest(features || ${event.data.feature}::text) f order by f)
          else array_remove(features, ${event.data.feature}::text) end
        where tenant_id = ${event.data.tenantId}`;
      return;
  }
}
