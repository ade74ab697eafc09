import type { Row, Sql, TransactionSql } from 'postgres';
import type { MailStatus } from '../../domain/mail/events.ts';

/**
 * The scoped tenant's outbox, newest first: `body` is the text staff may read (secrets hidden).
 * `status` narrows it to one state, `id` to one mail.
 */
export const outbox = (
  tx: TransactionSql,
  first: number,
  filter: { status?: MailStatus | null; id?: string } = {},
): Promise<Row[]> =>
  tx`select id, to_address, subject, kind, body, status, queued_at, sent_at, sent_via,
       provider_message_id, attempts, last_error, next_retry_at, caused_by
     from rm_mail.outbox
     where true
       ${filter.status ? tx`and status = ${filter.status}` : tx``}
       ${filter.id ? tx`and id = ${filter.id}` : tx``}
     order by queued_at desc, id limit ${first}`;

/**
 * Mails of every tenant whose next attempt is due at `now` (a resend, or a retry): read by the
 * sender, which re-checks each mail's stream (the read model may lag).
 */
export const dueMails = (
  sql: Sql,
  now: string,
  limit: number,
): Promise<{ id: string; tenant_id: string }[]> =>
  sql<{ id: string; tenant_id: string }[]>`
    select id, tenant_id from rm_mail.outbox
    where status in ('QUEUED', 'RETRYING') and next_retry_at <= ${now}
    order by next_retry_at, id limit ${limit}`;
