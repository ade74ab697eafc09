import type { RecordedEvent } from '../../eventstore/types.ts';
import { accountAccessEventTypes, type AccountAccessEvent } from '../../domain/identity/access-events.ts';
import { teamEventTypes, type TeamEvent } from '../../domain/access/events.ts';
import { walletEventTypes, type WalletEvent } from '../../domain/wallet/events.ts';
import type { Brand, TenantEvent } from '../../domain/tenancy/events.ts';
import { formatInr } from '../../domain/shared/money.ts';
import type { Projector } from '../shared/projector.ts';

type Tx = Parameters<Projector['apply']>[0];

const tenantSettingsTypes = ['TenantBrandUpdated', 'TenantLegalProfileUpdated', 'TenantTopUpSettingsUpdated', 'FeatureSwitched'] as const;

/**
 * What the identity read model takes from access events: a user's status and staff role, the
 * tenant's current settings (brand by host, legal, top-ups, features), and the account's
 * activity log, where every row names who acted and, when an admin acted as the customer, that
 * admin too. Wallet and team events are activity of the account they touch.
 */
export const accessHandledByIdentity = [...accountAccessEventTypes, ...tenantSettingsTypes, ...walletEventTypes, ...teamEventTypes];

export async function migrateAccess(tx: Tx): Promise<void> {
  await tx.unsafe(`alter table activity add column actor_id text, add column detail text;
    alter table users add column status_before_suspension text;`);
}

export async function applyAccess(tx: Tx, events: RecordedEvent[]): Promise<void> {
  for (const e of events) {
    if ((accountAccessEventTypes as readonly string[]).includes(e.type)) await applyAccountAccess(tx, e);
    else if ((tenantSettingsTypes as readonly string[]).includes(e.type)) await applyTenantSettings(tx, e);
  }
  const rows = events.map(activityRow).filter((r): r is ActivityRow => r !== null);
  if (rows.length === 0) return;
  await tx`
    insert into activity (event_id, tenant_id, user_id, kind, impersonator_id, at, actor_id, detail)
    select unnest(${rows.map((r) => r.eventId)}::uuid[]), unnest(${rows.map((r) => r.tenantId)}::text[]), unnest(${rows.map((r) => r.userId)}::uuid[]),
      unnest(${rows.map((r) => r.kind)}::text[]), unnest(${rows.map((r) => r.impersonatorId)}::text[]),
      unnest(${rows.map((r) => r.at)}::text[]::timestamptz[]), unnest(${rows.map((r) => r.actorId)}::text[]),
      unnest(${rows.map((r) => r.detail)}::text[])
    on conflict (event_id) do nothing`;
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
  if (event.type === 'StaffRoleAssigned') await tx`update users set staff_role = ${event.data.staffRole} where id = ${event.data.userId}`;
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
    case 'FeatureSwitched':
      await tx`update tenants set features = case when ${event.data.enabled}::boolean
          then array(select distinct f from unnest(features || ${event.data.feature}::text) f order by f)
          else array_remove(features, ${event.data.feature}::text) end
        where tenant_id = ${event.data.tenantId}`;
      return;
  }
}

interface ActivityRow {
  eventId: string;
  tenantId: string;
  userId: string;
  kind: string;
  impersonatorId: string | null;
  at: string;
  actorId: string;
  detail: string;
}

function activityRow(e: RecordedEvent): ActivityRow | null {
  const described = describe(e);
  if (!described) return null;
  const actor = e.metadata.actor;
  return {
    eventId: e.id,
    tenantId: e.metadata.tenantId,
    userId: described.userId,
    kind: e.type,
    impersonatorId: described.impersonatorId ?? actor.impersonatorId ?? null,
    at: e.metadata.occurredAt,
    actorId: actor.userId,
    detail: described.detail,
  };
}

/** Whose account an event belongs to, and a line a person can read. */
function describe(e: RecordedEvent): { userId: string; detail: string; impersonatorId?: string } | null {
  const event = e as unknown as AccountAccessEvent | WalletEvent | TeamEvent;
  switch (event.type) {
    case 'UserSuspended':
      return { userId: event.data.userId, detail: `Account suspended: ${event.data.reason}` };
    case 'UserReactivated':
      return { userId: event.data.userId, detail: 'Account reactivated' };
    case 'StaffRoleAssigned':
      return { userId: event.data.userId, detail: `Staff role changed from ${event.data.previousRole} to ${event.data.staffRole}` };
    case 'ImpersonationStarted':
      return { userId: event.data.userId, detail: 'Staff signed in as this customer', impersonatorId: event.data.impersonatorId };
    case 'ImpersonationEnded':
      return { userId: event.data.userId, detail: 'Staff signed out of this customer', impersonatorId: event.data.impersonatorId };
    case 'TopUpRequested':
      return { userId: event.data.customerId, detail: `Top-up of ${formatInr(event.data.amount)} requested (${event.data.method === 'CRYPTO' ? 'crypto' : 'bank transfer'}, ${event.data.reference})` };
    case 'TopUpApproved':
      return { userId: event.data.customerId, detail: `Top-up of ${formatInr(event.data.amount)} approved; balance ${formatInr(event.data.balanceAfter)}` };
    case 'TopUpRejected':
      return { userId: event.data.customerId, detail: `Top-up rejected: ${event.data.reason}` };
    case 'WalletDebited':
      return { userId: event.data.customerId, detail: `${formatInr(event.data.amount)} paid from the wallet: ${event.data.description}` };
    case 'WalletDebitReversed':
      return { userId: event.data.customerId, detail: `${formatInr(event.data.amount)} given back to the wallet: ${event.data.reason}` };
    case 'TeamMemberInvited':
      return { userId: event.data.accountId, detail: `${event.data.email} invited to the team as ${event.data.role}` };
    case 'TeamInvitationAccepted':
      return { userId: event.data.accountId, detail: `A team invitation was accepted (role ${event.data.role})` };
    case 'TeamInvitationCancelled':
      return { userId: event.data.accountId, detail: 'A team invitation was cancelled' };
    case 'TeamMemberRoleChanged':
      return { userId: event.data.accountId, detail: `A team member's role changed from ${event.data.previousRole} to ${event.data.role}` };
    case 'TeamMemberRemoved':
      return { userId: event.data.accountId, detail: 'A team member was removed' };
    default:
      return null;
  }
}
