import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { MailDeliveryError } from './delivery-error.ts';
import { messageIdOf } from './smtp.ts';
import type { MailTransport, OutgoingMessage } from './transport.ts';

export interface SendgridSettings {
  apiKey: string;
  /** The API's origin; tests point it at a local double. Default https://api.sendgrid.com. */
  baseUrl?: string;
  /** The name in MailSent and /healthz (default "sendgrid"). */
  name?: string;
}

/** The v3 mail/send body of one message (what the SendGrid double in the tests checks). */
export function sendgridBody(message: OutgoingMessage) {
  return {
    to: message.to,
    from: { name: message.from.name, email: message.from.address },
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    headers: { ...(message.headers ?? {}), 'Message-ID': messageIdOf(message) },
    customArgs: { mail_id: message.mailId },
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      type: a.contentType,
      content: a.content.toString('base64'),
      disposition: 'attachment',
    })),
  };
}

interface SendgridErrorShape {
  code?: number | string;
  message?: string;
  response?: { body?: { errors?: { message?: string; field?: string | null }[] } };
}

/** A SendGrid failure: 4xx but 429 is permanent (the request is wrong); 429, 5xx, network: temporary. */
export function sendgridDeliveryError(error: unknown, name = 'sendgrid'): MailDeliveryError {
  const e = (error ?? {}) as SendgridErrorShape;
  const status = typeof e.code === 'number' ? e.code : undefined;
  const reasons = (e.response?.body?.errors ?? [])
    .map((x) => (x.field ? `${x.field}: ${x.message ?? ''}` : (x.message ?? '')))
    .filter(Boolean)
    .join('; ');
  const permanent = status !== undefined && status >= 400 && status < 500 && status !== 429;
  const text = [status, reasons || e.message || String(error)].filter(Boolean).join(' ');
  return new MailDeliveryError(`${name}: SendGrid refused the mail: ${text}`, {
    permanent,
    ...(status !== undefined
      ? { code: String(status) }
      : typeof e.code === 'string'
        ? { code: e.code }
        : {}),
    cause: error,
  });
}

/** Mail through SendGrid's v3 API; the provider's id is the X-Message-Id of its 202 answer. */
export function sendgridTransport(settings: SendgridSettings): MailTransport {
  const client = new Client();
  client.setApiKey(settings.apiKey);
  if (settings.baseUrl) client.setDefaultRequest('baseUrl', settings.baseUrl);
  const service = new MailService();
  service.setClient(client);
  const name = settings.name ?? 'sendgrid';
  return {
    name,
    configured: true,
    async deliver(message) {
      try {
        const [response] = await service.send(sendgridBody(message));
        const id = response.headers['x-message-id'] as string | undefined;
        return id ? { providerMessageId: String(id) } : {};
      } catch (error) {
        throw sendgridDeliveryError(error, name);
      }
    },
  };
}
