import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { MailDeliveryError } from './delivery-error.ts';
import type { MailTransport, OutgoingMessage } from './transport.ts';

/** How the connection is protected: none, upgraded with STARTTLS (required), or TLS from the start. */
export type SmtpTls = 'NONE' | 'STARTTLS' | 'TLS';

export interface SmtpSettings {
  host: string;
  port: number;
  tls: SmtpTls;
  user?: string | null;
  password?: string | null;
  /** Connections kept open to the server (default 4). */
  maxConnections?: number;
  /** The name in MailSent and /healthz (default "smtp"). */
  name?: string;
  /** Milliseconds to wait for the connection, greeting and each reply (default 30 s). */
  timeoutMs?: number;
}

/** Message-ID of a mail: one per mail id, so a second delivery after a crash is the same message. */
export const messageIdOf = (message: Pick<OutgoingMessage, 'mailId' | 'from'>) =>
  `<${message.mailId}@${message.from.address.split('@')[1] || 'localhost'}>`;

/**
 * The message in nodemailer's terms, for the SMTP transport and for the mailbox's MailComposer
 * alike (so an .eml is what SMTP would send). Files and URLs are never read from the message:
 * its content is all in memory.
 */
export function nodemailerMessage(message: OutgoingMessage): Mail.Options {
  return {
    from: { name: message.from.name, address: message.from.address },
    to: message.to,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    messageId: messageIdOf(message),
    date: new Date(message.date),
    headers: { ...(message.headers ?? {}) },
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** The server's queue id in "250 2.0.0 Ok: queued as 4Xyz" (or "… id=…"), else the whole reply. */
export function queueIdOf(response: string): string {
  const match = /queued as\s+<?([^\s>]+)>?/i.exec(response) ?? /\bid=([^\s]+)/i.exec(response);
  return match ? match[1]! : response.trim();
}

interface SmtpErrorShape {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** A nodemailer error as a MailDeliveryError: a 5xx reply is permanent, anything else is not. */
export function smtpDeliveryError(error: unknown, name = 'smtp'): MailDeliveryError {
  const e = (error ?? {}) as SmtpErrorShape;
  const reply = e.responseCode;
  // A failed login (535) is the settings' fault: no retry fixes it until someone changes them.
  const permanent = reply !== undefined && reply >= 500 && reply < 600;
  const detail = (e.response ?? e.message ?? String(error)).trim();
  const code = reply !== undefined ? String(reply) : e.code;
  const text =
    reply !== undefined && !detail.startsWith(String(reply)) ? `${reply} ${detail}` : detail;
  return new MailDeliveryError(`${name}: the server refused the mail: ${text}`, {
    permanent,
    ...(code !== undefined ? { code } : {}),
    cause: error,
  });
}

/**
 * Mail through an SMTP server (nodemailer, pooled): each delivery is one message on one of up to
 * `maxConnections` open connections. STARTTLS mode refuses a server that does not offer it.
 */
export function smtpTransport(settings: SmtpSettings): MailTransport {
  const name = settings.name ?? 'smtp';
  const timeout = settings.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: settings.maxConnections ?? 4,
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'TLS',
    requireTLS: settings.tls === 'STARTTLS',
    ignoreTLS: settings.tls === 'NONE',
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    name,
    configured: true,
    async deliver(message) {
      try {
        const info = await transporter.sendMail(nodemailerMessage(message));
        return { providerMessageId: queueIdOf(info.response) };
      } catch (error) {
        throw smtpDeliveryError(error, name);
      }
    },
    async close() {
      transporter.close();
    },
  };
}
