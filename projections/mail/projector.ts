import type { MailQueued } from '../../domain/mail/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

/** The outbox: mails queued for customers, readable by admins when no mail service is set. */
export const mailProjector: Projector = {
  name: 'mail',
  version: 1,
  handles: new Set(['MailQueued', 'MailSent']),
  tables: [{ name: 'outbox', orderBy: 'id' }],
  async migrate(tx) {
    await tx.unsafe(`
      create table outbox (
        id uuid primary key,
        tenant_id text not null,
        to_address text not null,
        subject text not null,
        body text not null,
        status text not null,
        queued_at timestamptz not null,
        sent_at timestamptz,
        caused_by uuid not null
      );
      create index outbox_by_tenant on outbox (tenant_id, queued_at desc);
    `);
    await enableTenantIsolation(tx, 'outbox');
  },
  async apply(tx, events) {
    for (const e of events) {
      if (e.type === 'MailQueued') {
        const d = e.data as MailQueued['data'];
        await tx`
          insert into outbox (id, tenant_id, to_address, subject, body, status, queued_at, caused_by)
          values (${d.mailId}, ${e.metadata.tenantId}, ${d.to}, ${d.subject}, ${d.text}, 'QUEUED', ${d.queuedAt}, ${d.causedBy})
          on conflict (id) do nothing`;
      } else {
        const d = e.data as { mailId: string; sentAt: string };
        await tx`update outbox set status = 'SENT', sent_at = ${d.sentAt} where id = ${d.mailId}`;
      }
    }
  },
};
