import type { RecordedEvent } from '../../eventstore/types.ts';
import type { UserRegistered } from '../../domain/identity/events.ts';
import { OPERATOR_TENANT_ID, type TenantCreated } from '../../domain/tenancy/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';
import { accessHandledByIdentity, applyAccess, migrateAccess } from './access.ts';
import { accountsHandledByIdentity, applyAccountChanges } from './accounts.ts';
import { applyHosts, hostsHandledByIdentity, migrateHosts } from './hosts.ts';

/** Users (for sign-in and admin lists), tenants (brand by host) and their hosts. Activity: projections/activity. */
export const identityProjector: Projector = {
  name: 'identity',
  version: 6,
  handles: new Set([
    'UserRegistered',
    'TenantCreated',
    ...accessHandledByIdentity,
    ...accountsHandledByIdentity,
    ...hostsHandledByIdentity,
  ]),
  tables: [
    { name: 'tenants', orderBy: 'tenant_id' },
    { name: 'users', orderBy: 'id' },
    { name: 'hosts', orderBy: 'host' },
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table tenants (
        tenant_id text primary key,
        brand jsonb not null,
        legal jsonb not null,
        top_ups jsonb not null,
        billing jsonb,
        features text[] not null,
        domains text[] not null,
        created_at timestamptz not null
      );
      create table users (
        id uuid primary key,
        tenant_id text not null,
        email text not null,
        name text not null,
        role text not null,
        staff_role text,
        password_hash text not null,
        status text not null default 'ACTIVE',
        registered_at timestamptz not null,
        unique (tenant_id, email)
      );
    `);
    await enableTenantIsolation(tx, 'users');
    // Brands are public: a visitor's host picks its tenant before anyone signs in.
    await tx.unsafe(`grant select on tenants to app_reader`);
    // Scoped reads (app_reader) see their tenant's row, the operator's see all; the host lookup
    // that picks a tenant runs before one is known, as the owner, and is not bound by this.
    await enableTenantIsolation(tx, 'tenants');
    await tx.unsafe(`create policy operator_sees_tenants on tenants for select to app_reader
      using (current_setting('app.tenant_id', true) = '${OPERATOR_TENANT_ID}')`);
    await migrateAccess(tx);
    await migrateHosts(tx);
  },
  async apply(tx, events) {
    for (const e of events.filter((x) => x.type === 'TenantCreated')) {
      const d = e.data as TenantCreated['data'];
      await tx`
        insert into tenants (tenant_id, brand, legal, top_ups, billing, features, domains, created_at)
        values (${d.tenantId}, ${tx.json(d.brand as never)}, ${tx.json(d.legal as never)}, ${tx.json(d.topUps as never)},
                ${d.billing ? tx.json(d.billing as never) : null}, ${d.features}, ${d.brand.domains}, ${d.createdAt})
        on conflict (tenant_id) do nothing`;
    }
    await insertUsers(
      tx,
      events.filter((x) => x.type === 'UserRegistered'),
    );
    await applyAccess(tx, events);
    await applyAccountChanges(tx, events);
    // Last: it narrows tenants.domains, which the statements above set from the brand.
    await applyHosts(tx, events);
  },
};

type Tx = Parameters<Projector['apply']>[0];

async function insertUsers(tx: Tx, events: RecordedEvent[]) {
  if (events.length === 0) return;
  const d = events.map((e) => e.data as UserRegistered['data']);
  await tx`
    insert into users (id, tenant_id, email, name, role, staff_role, password_hash, registered_at)
    select unnest(${d.map((u) => u.userId)}::uuid[]), unnest(${events.map((e) => e.metadata.tenantId)}::text[]), unnest(${d.map((u) => u.email)}::text[]),
      unnest(${d.map((u) => u.name)}::text[]), unnest(${d.map((u) => u.role)}::text[]), unnest(${d.map((u) => u.staffRole ?? null)}::text[]),
      unnest(${d.map((u) => u.passwordHash)}::text[]), unnest(${d.map((u) => u.registeredAt)}::text[]::timestamptz[])
    on conflict (id) do nothing`;
}
