import { openMailSecret, mailTransportKey } from '../../commands/tenancy/mail-settings.ts';
import { tenantStreamId, type MailSettings } from '../../domain/tenancy/events.ts';
import { tenantDecider, type TenantState } from '../../domain/tenancy/tenant.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { mailboxTransport } from './mailbox.ts';
import { sendgridTransport } from './sendgrid.ts';
import { smtpTransport, type SmtpSettings } from './smtp.ts';
import { randomUUID } from 'node:crypto';
import type { TestMailPort } from '../../commands/tenancy/mail-settings.ts';
import { loadTenant } from '../../commands/shared/tenant.ts';
import { StreamStates } from '../../commands/shared/stream-states.ts';
import { senderOf } from './compose.ts';
import type { MailTransport, MailTransports } from './transport.ts';

/** The operator's mail service from the environment (server/config.ts). */
export interface OperatorMailSettings {
  /** `smtp://user:pass@host:587?starttls=required` or `smtps://user:pass@host:465`. */
  MAIL_SMTP_URL?: string | undefined;
  SENDGRID_API_KEY?: string | undefined;
  /** Connections of a pooled SMTP transport (default 4). */
  MAIL_SMTP_CONNECTIONS?: number | undefined;
  /** Tests point SendGrid at a local double. */
  SENDGRID_BASE_URL?: string | undefined;
}

/** MAIL_SMTP_URL as SMTP settings; throws on a scheme other than smtp/smtps. */
export function smtpSettingsFromUrl(url: string): SmtpSettings {
  const u = new URL(url);
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
    throw new Error(`MAIL_SMTP_URL: ${u.protocol} is not smtp: or smtps:`);
  const implicit = u.protocol === 'smtps:';
  const starttls = u.searchParams.get('starttls') === 'required';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : implicit ? 465 : 587,
    tls: implicit ? 'TLS' : starttls ? 'STARTTLS' : 'NONE',
    user: u.username ? decodeURIComponent(u.username) : null,
    password: u.password ? decodeURIComponent(u.password) : null,
  };
}

/** The operator's transport: SMTP when MAIL_SMTP_URL is set, else SendGrid, else the mailbox. */
export function operatorTransport(
  env: OperatorMailSettings,
  mailboxDir: string,
  log: (line: string, extra: object) => void,
): MailTransport {
  if (env.MAIL_SMTP_URL)
    return smtpTransport({
      ...smtpSettingsFromUrl(env.MAIL_SMTP_URL),
      ...(env.MAIL_SMTP_CONNECTIONS ? { maxConnections: env.MAIL_SMTP_CONNECTIONS } : {}),
    });
  if (env.SENDGRID_API_KEY)
    return sendgridTransport({
      apiKey: env.SENDGRID_API_KEY,
      ...(env.SENDGRID_BASE_URL ? { baseUrl: env.SENDGRID_BASE_URL } : {}),
    });
  return mailboxTransport(mailboxDir, log);
}

/** A tenant's own transport from its settings, the secrets opened; null: the operator's. */
export function tenantTransport(
  key: Buffer,
  tenantId: string,
  mail: MailSettings | undefined,
  env: Pick<OperatorMailSettings, 'MAIL_SMTP_CONNECTIONS' | 'SENDGRID_BASE_URL'> = {},
): MailTransport | null {
  if (!mail || mail.transport === 'OPERATOR') return null;
  if (mail.transport === 'SMTP' && mail.smtp) {
    const { host, port, tls, user, passwordSealed } = mail.smtp;
    return smtpTransport({
      name: `smtp:${tenantId}`,
      host,
      port,
      tls,
      user: user || null,
      password: passwordSealed
        ? openMailSecret(key, tenantId, 'smtp-password', passwordSealed)
        : null,
      ...(env.MAIL_SMTP_CONNECTIONS ? { maxConnections: env.MAIL_SMTP_CONNECTIONS } : {}),
    });
  }
  if (mail.transport === 'SENDGRID' && mail.sendgrid)
    return sendgridTransport({
      name: `sendgrid:${tenantId}`,
      apiKey: openMailSecret(key, tenantId, 'sendgrid-api-key', mail.sendgrid.apiKeySealed),
      ...(env.SENDGRID_BASE_URL ? { baseUrl: env.SENDGRID_BASE_URL } : {}),
    });
  return null;
}

/**
 * Each tenant's transport, read from its stream and cached by the stream's revision: a change
 * of settings builds a new one (the old pool closed); a tenant without settings of its own, or
 * whose stream cannot be read, uses the operator's.
 */
export function mailTransports(options: {
  store: EventStore;
  keys: { totp: Buffer };
  operator: OperatorMailSettings;
  mailboxDir: string;
  log: (line: string, extra: object) => void;
}): MailTransports {
  const key = mailTransportKey(options.keys);
  const fallback = operatorTransport(options.operator, options.mailboxDir, options.log);
  const tenants = StreamStates.of(options.store, tenantDecider);
  const cache = new Map<string, { revision: bigint; transport: MailTransport | null }>();
  const closeQuietly = (t: MailTransport | null) =>
    t?.close?.().catch((error: unknown) => options.log('mail transport did not close', { error }));
  return {
    fallback,
    async forTenant(tenantId) {
      // Only the events after the ones this process has folded are read (a mail is sent per call).
      const { revision, state } = await tenants.load<TenantState>(tenantStreamId(tenantId));
      const hit = cache.get(tenantId);
      if (hit && hit.revision === revision) return hit.transport ?? fallback;
      const transport = tenantTransport(key, tenantId, state.mail, options.operator);
      cache.set(tenantId, { revision, transport });
      if (hit) void closeQuietly(hit.transport);
      return transport ?? fallback;
    },
    async close() {
      const all = [...cache.values()].map((c) => closeQuietly(c.transport));
      cache.clear();
      await Promise.all([...all, fallback.close?.()]);
    },
  };
}

/** A test mail in the tenant's brand, delivered at once through its transport (no outbox). */
export function testMailPort(store: EventStore, transports: MailTransports): TestMailPort {
  return {
    async send(tenantId, to) {
      const { brand } = await loadTenant(store, tenantId);
      const transport = await transports.forTenant(tenantId);
      const receipt = await transport.deliver({
        mailId: randomUUID(),
        from: senderOf(brand),
        to,
        ...(brand.supportEmail ? { replyTo: brand.supportEmail } : {}),
        subject: `${brand.name}: test mail`,
        text: `This is a test mail from ${brand.name}, sent through ${transport.name}.\n\nIf you can read it, mails reach their recipients.`,
        date: new Date().toISOString(),
      });
      return receipt ?? {};
    },
  };
}
