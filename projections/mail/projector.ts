import { readableText, type MailQueued, type MailSent } from '../../domain/mail/events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

/**
 * The outbox: who was mailed what and whether it left. `body` is the text staff may read, every
 * secret (links with tokens, passwords) replaced by a placeholder; the real text never reaches
 * a read model (it is sealed in the event for the mail sender).
 */
export const mailProjector: Projector = {
  name: 'mail',
  version: 2,
  handles: new Set(['MailQueued', 'MailSent']),
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
        caused_by uuid not null
      );
      create index outbox_by_tenant on outbox (tenant_id, queued_at desc);
    `);
    await enableTenantIsolation(tx, 'outbox');
  },
  async apply(tx, events) {
    // The newest MailSent of each mail in the batch. A mail queued in the same batch is inserted
    // as sent (one write instead of an insert and an update); the update after it skips rows that
    // already say so, and sets the others (mails queued in an earlier batch).
    const sent = new Map<string, { at: string; via: string | null }>();
    for (const e of events)
      if (e.type === 'MailSent')
        sent.set((e.data as MailSent['data']).mailId, {
          at: (e.data as MailSent['data']).sentAt,
          via: (e.data as MailSent['data']).via ?? null,
        });
    const queued = events.filter((e) => e.type === 'MailQueued');
    if (queued.length > 0) {
      const d = queued.map((e) => e.data as MailQueued['data']);
      await tx`
        insert into outbox (id, tenant_id, to_address, subject, kind, body, status, queued_at, sent_at, sent_via, caused_by)
        select id, tenant_id, to_address, subject, kind, body, case when sent_at is null then 'QUEUED' else 'SENT' end, queued_at, sent_at, sent_via, caused_by
        from (select unnest(${d.map((m) => m.mailId)}::uuid[]) as id, unnest(${queued.map((e) => e.metadata.tenantId)}::text[]) as tenant_id,
          unnest(${d.map((m) => m.to)}::text[]) as to_address, unnest(${d.map((m) => m.subject)}::text[]) as subject,
          unnest(${d.map((m) => m.kind ?? 'mail')}::text[]) as kind, unnest(${d.map(readableText)}::text[]) as body, unnest(${d.map((m) => m.queuedAt)}::text[]::timestamptz[]) as queued_at,
          unnest(${d.map((m) => sent.get(m.mailId)?.at ?? null)}::text[]::timestamptz[]) as sent_at,
          unnest(${d.map((m) => sent.get(m.mailId)?.via ?? null)}::text[]) as sent_via,
          unnest(${d.map((m) => m.causedBy)}::uuid[]) as caused_by) m
        on conflict (id) do nothing`;
    }
    if (sent.size > 0) {
      await tx`
        update outbox o set status = 'SENT', sent_at = s.sent_at, sent_via = s.sent_via
        from (select unnest(${[...sent.keys()]}::uuid[]) as id, unnest(${[...sent.values()].map((v) => v.at)}::text[]::timestamptz[]) as sent_at,
          unnest(${[...sent.values()].map((v) => v.via)}::text[]) as sent_via) s
        where o.id = s.id and (o.status, o.sent_at, o.sent_via) is distinct from ('SENT', s.sent_at, s.sent_via)`;
    }
  },
};
