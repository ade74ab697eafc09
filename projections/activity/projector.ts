import type { RecordedEvent } from '../../eventstore/types.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';
import type { ActivityDescriber } from './describer.ts';

/** Bump when the table's shape changes. */
const TABLE_VERSION = 1;

/**
 * Each account's activity log, fed by the areas' describers: every row names who acted and, when
 * an admin acted as the customer, that admin too. The version is derived from the describers
 * (each one's version plus how many types it reads), so describing one more event rebuilds this
 * read model only.
 */
export function activityProjector(describers: readonly ActivityDescriber[]): Projector {
  const byType = new Map<string, ActivityDescriber>();
  for (const d of describers) {
    for (const type of d.types) {
      const other = byType.get(type);
      if (other)
        throw new Error(`activity: ${type} is described by both ${other.area} and ${d.area}`);
      byType.set(type, d);
    }
  }
  return {
    name: 'activity',
    version: describers.reduce((v, d) => v + d.version + d.types.length, TABLE_VERSION),
    handles: new Set(byType.keys()),
    tables: [{ name: 'activity', orderBy: 'event_id' }],
    async migrate(tx) {
      await tx.unsafe(`
        create table activity (
          event_id uuid primary key,
          tenant_id text not null,
          user_id uuid not null,
          kind text not null,
          ip text,
          impersonator_id text,
          at timestamptz not null,
          actor_id text,
          detail text
        );
        create index activity_by_user on activity (user_id, at desc);
      `);
      await enableTenantIsolation(tx, 'activity');
    },
    async apply(tx, events) {
      const rows = events.flatMap((e) => {
        const row = activityRow(e, byType.get(e.type));
        return row ? [row] : [];
      });
      if (rows.length === 0) return;
      await tx`
        insert into activity (event_id, tenant_id, user_id, kind, ip, impersonator_id, at, actor_id, detail)
        select unnest(${rows.map((r) => r.eventId)}::uuid[]), unnest(${rows.map((r) => r.tenantId)}::text[]),
          unnest(${rows.map((r) => r.userId)}::uuid[]), unnest(${rows.map((r) => r.kind)}::text[]),
          unnest(${rows.map((r) => r.ip)}::text[]), unnest(${rows.map((r) => r.impersonatorId)}::text[]),
          unnest(${rows.map((r) => r.at)}::text[]::timestamptz[]), unnest(${rows.map((r) => r.actorId)}::text[]),
          unnest(${rows.map((r) => r.detail)}::text[])
        on conflict (event_id) do nothing`;
    },
  };
}

function activityRow(e: RecordedEvent, describer: ActivityDescriber | undefined) {
  const line = describer?.describe(e);
  if (!line) return null;
  const actor = e.metadata.actor;
  return {
    eventId: e.id,
    tenantId: e.metadata.tenantId,
    userId: line.userId,
    kind: e.type,
    ip: line.ip ?? null,
    impersonatorId: line.impersonatorId ?? actor.impersonatorId ?? null,
    at: line.at ?? e.metadata.occurredAt,
    actorId: line.actorId === undefined ? actor.userId : line.actorId,
    detail: line.detail,
  };
}
