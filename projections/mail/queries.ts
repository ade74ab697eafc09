import type { Row, TransactionSql } from 'postgres';

/** The scoped tenant's outbox, newest first: `body` is the text staff may read (secrets hidden). */
export const outbox = (tx: TransactionSql, first: number): Promise<Row[]> =>
  tx`select id, to_address, subject, kind, body, status, queued_at, sent_at, sent_via, caused_by from rm_mail.outbox
     order by queued_at desc, id limit ${first}`;
