import {
  readableText,
  type MailDeliveryFailed,
  type MailQueued,
  type MailResendRequested,
  type MailSent,
} from '../../domain/mail/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

/**
 * The outbox: who was mailed what and whether it left. `body` is the text staff may read, every
 * secret (links with tokens, passwords) replaced by a placeholder; the real text never reaches
 * a read model (it is sealed in the event for the mail sender). Status: QUEUED (waiting for
 * its first attempt, or a resend), RETRYING (an attempt failed, `next_retry_at` is due next),
 * SENT, FAILED (given up; `last_error` says why). `attempts` counts the failed attempts of the
 * current delivery. The sender reads `next_retry_at` to find mails due (and re-checks the stream).
 */
export const mailProjector: Projector = {
  name: 'mail',
  version: 3,
  handles: new Set(['MailQueued', 'MailSent', 'MailDeliveryFailed', 'MailResendRequested']),
  tables: [{ name: 'outbox', orderBy: 'id' }],
  async migrate(tx) {
    await tx.unsafe(`
      create table outbox (
        id uuid primary key,
        tenant_id text not null,
        to_address text not null,
        subject text not null,
        kind text not null,
        body text not null,
        status text not null,
        queued_at timestamptz not null,
        sent_at timestamptz,
        sent_via text,
        provider_message_id text,
        attempts int not null default 0,
        last_error text,
        next_retry_at timestamptz,
        caused_by uuid not null
      );
      create index outbox_by_tenant on outbox (tenant_id, queued_at desc);
      create index outbox_due on outbox (next_retry_at) where status in ('QUEUED', 'RETRYING');
    `);
    await enableTenantIsolation(tx, 'outbox');
  },
  async apply(tx, events) {
    // In log order, one statement per event: a mail's events are few.
    for (const e of events) {
      switch (e.type) {
        case 'MailQueued': {
          const m = e.data as MailQueued['data'];
          await tx`
            insert into outbox (id, tenant_id, to_address, subject, kind, body, status, queued_at, caused_by, next_retry_at)
            values (${m.mailId}, ${e.metadata.tenantId}, ${m.to}, ${m.subject}, ${m.kind ?? 'mail'},
              ${readableText(m)}, 'QUEUED', ${m.queuedAt}, ${m.causedBy}, ${m.queuedAt})
            on conflict (id) do nothing`;
          break;
        }
        case 'MailSent': {
          const m = e.data as MailSent['data'];
          await tx`
            update outbox set status = 'SENT', sent_at = ${m.sentAt}, sent_via = ${m.via ?? null},
              provider_message_id = ${m.providerMessageId ?? null}, next_retry_at = null
            where id = ${m.mailId}`;
          break;
        }
        case 'MailDeliveryFailed': {
          const m = e.data as MailDeliveryFailed['data'];
          await tx`
            update outbox set status = ${m.retryAt === null ? 'FAILED' : 'RETRYING'},
              attempts = ${m.attempt}, last_error = ${m.error}, next_retry_at = ${m.retryAt}
            where id = ${m.mailId}`;
          break;
        }
        case 'MailResendRequested': {
          const m = e.data as MailResendRequested['data'];
          await tx`
            update outbox set status = 'QUEUED', attempts = 0, next_retry_at = ${m.at}
            where id = ${m.mailId}`;
          break;
        }
      }
    }
  },
};
