import type { TransactionSql } from 'postgres';
import { systemActorName } from '../../domain/shared/actors.ts';

/** An account's activity, newest first, naming who acted and any admin acting as the customer. */
export async function activityOf(tx: TransactionSql, userId: string, first: number) {
  const rows = await tx`
    select a.event_id, a.kind, a.detail, a.at, a.ip, coalesce(a.actor_id, a.user_id::text) as actor_id, a.impersonator_id,
      au.name as actor_name, au.email as actor_email, iu.name as impersonator_name, iu.email as impersonator_email
    from rm_activity.activity a
    left join rm_identity.users au on au.id::text = coalesce(a.actor_id, a.user_id::text)
    left join rm_identity.users iu on iu.id::text = a.impersonator_id
    where a.user_id = ${userId}
    order by a.at desc, a.event_id limit ${first}`;
  return rows.map((r) => ({
    id: r.event_id,
    kind: r.kind,
    detail: r.detail,
    at: r.at,
    ip: r.ip,
    actor: r.actor_id
      ? {
          id: r.actor_id,
          name: r.actor_name ?? systemActorName(r.actor_id),
          email: r.actor_email,
        }
      : null,
    impersonator: r.impersonator_id
      ? { id: r.impersonator_id, name: r.impersonator_name, email: r.impersonator_email }
      : null,
  }));
}
