import type { RecordedEvent } from '../../eventstore/types.ts';
import type {
  FeatureSwitched,
  RoleChanged,
  RoleDefined,
  TenantCreated,
} from '../../domain/tenancy/events.ts';
import { teamEventTypes, type TeamEvent } from '../../domain/access/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

type Tx = Parameters<Projector['apply']>[0];
type Of<T extends TeamEvent['type']> = Extract<TeamEvent, { type: T }>['data'];

/**
 * Who may do what: tenants' custom staff roles, customer teams and their invitations, and the
 * state of each feature switch with who last moved it. Events here are rare (settings, invites),
 * so each is applied on its own, in order.
 */
export const accessProjector: Projector = {
  name: 'access',
  version: 1,
  handles: new Set([
    'TenantCreated',
    'FeatureSwitched',
    'RoleDefined',
    'RoleChanged',
    ...teamEventTypes,
  ]),
  tables: [
    { name: 'roles', orderBy: 'role_id' },
    { name: 'feature_switches', orderBy: 'tenant_id, feature' },
    { name: 'invitations', orderBy: 'id' },
    { name: 'team_members', orderBy: 'member_id' },
  ],
  async migrate(tx) {
    await tx.unsafe(`
      create table roles (
        role_id uuid primary key,
        tenant_id text not null,
        name text not null,
        permissions text[] not null,
        defined_at timestamptz not null,
        changed_at timestamptz
      );
      create table feature_switches (
        tenant_id text not null,
        feature text not null,
        enabled boolean not null,
        switched_at timestamptz not null,
        switched_by text,
        primary key (tenant_id, feature)
      );
      create table invitations (
        id uuid primary key,
        tenant_id text not null,
        account_id uuid not null,
        email text not null,
        name text not null,
        role text not null,
        token_hash text not null unique,
        status text not null,
        invited_by uuid not null,
        invited_at timestamptz not null,
        expires_at timestamptz not null,
        decided_at timestamptz,
        member_id uuid
      );
      create index invitations_by_account on invitations (account_id, invited_at desc);
      create table team_members (
        member_id uuid primary key,
        tenant_id text not null,
        account_id uuid not null,
        role text not null,
        status text not null,
        joined_at timestamptz not null,
        removed_at timestamptz
      );
      create index team_by_account on team_members (account_id);
    `);
    for (const t of ['roles', 'feature_switches', 'invitations', 'team_members'])
      await enableTenantIsolation(tx, t);
  },
  async apply(tx, events) {
    for (const e of events) await applyOne(tx, e);
  },
};

async function applyOne(tx: Tx, e: RecordedEvent) {
  const tenantId = e.metadata.tenantId;
  const by = e.metadata.actor.userId;
  switch (e.type) {
    case 'TenantCreated': {
      const d = e.data as TenantCreated['data'];
      for (const feature of d.features) {
        await tx`insert into feature_switches (tenant_id, feature, enabled, switched_at, switched_by)
          values (${d.tenantId}, ${feature}, true, ${d.createdAt}, null) on conflict do nothing`;
      }
      return;
    }
    case 'FeatureSwitched': {
      const d = e.data as FeatureSwitched['data'];
      await tx`insert into feature_switches (tenant_id, feature, enabled, switched_at, switched_by)
        values (${d.tenantId}, ${d.feature}, ${d.enabled}, ${d.switchedAt}, ${by})
        on conflict (tenant_id, feature) do update set enabled = excluded.enabled, switched_at = excluded.switched_at, switched_by = excluded.switched_by`;
      return;
    }
    case 'RoleDefined': {
      const d = e.data as RoleDefined['data'];
      await tx`insert into roles (role_id, tenant_id, name, permissions, defined_at)
        values (${d.roleId}, ${d.tenantId}, ${d.name}, ${d.permissions}, ${d.definedAt}) on conflict do nothing`;
      return;
    }
    case 'RoleChanged': {
      const d = e.data as RoleChanged['data'];
      await tx`update roles set name = ${d.name}, permissions = ${d.permissions}, changed_at = ${d.changedAt} where role_id = ${d.roleId}`;
      return;
    }
    case 'TeamMemberInvited': {
      const d = e.data as Of<'TeamMemberInvited'>;
      await tx`insert into invitations (id, tenant_id, account_id, email, name, role, token_hash, status, invited_by, invited_at, expires_at)
        values (${d.invitationId}, ${tenantId}, ${d.accountId}, ${d.email}, ${d.name}, ${d.role}, ${d.tokenHash}, 'PENDING', ${d.invitedBy}, ${d.invitedAt}, ${d.expiresAt})
        on conflict do nothing`;
      return;
    }
    case 'TeamInvitationAccepted': {
      const d = e.data as Of<'TeamInvitationAccepted'>;
      await tx`update invitations set status = 'ACCEPTED', decided_at = ${d.acceptedAt}, member_id = ${d.memberId} where id = ${d.invitationId}`;
      await tx`insert into team_members (member_id, tenant_id, account_id, role, status, joined_at)
        values (${d.memberId}, ${tenantId}, ${d.accountId}, ${d.role}, 'ACTIVE', ${d.acceptedAt}) on conflict do nothing`;
      return;
    }
    case 'TeamInvitationCancelled': {
      const d = e.data as Of<'TeamInvitationCancelled'>;
      await tx`update invitations set status = 'CANCELLED', decided_at = ${d.cancelledAt} where id = ${d.invitationId}`;
      return;
    }
    case 'TeamMemberRoleChanged': {
      const d = e.data as Of<'TeamMemberRoleChanged'>;
      await tx`update team_members set role = ${d.role} where member_id = ${d.memberId}`;
      return;
    }
    case 'TeamMemberRemoved': {
      const d = e.data as Of<'TeamMemberRemoved'>;
      await tx`update team_members set status = 'REMOVED', removed_at = ${d.removedAt} where member_id = ${d.memberId}`;
      return;
    }
  }
}
