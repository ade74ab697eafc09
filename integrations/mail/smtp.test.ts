import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startSmtpCatcher,
  type SmtpCatcher,
} from '../../server/testing/smtp-catcher.ts';
import { MailDeliveryError } from './delivery-error.ts';
import { queueIdOf, smtpTransport } from './smtp.ts';
import type { MailTransport, OutgoingMessage } from './transport.ts';

const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0x80]);
const message: OutgoingMessage = {
  mailId: '5b0e8f3c-1d2a-4c6b-9e7f-0a1b2c3d4e5f',
  from: { name: 'KloudNests', address: 'billing@kloudnests.in' },
  to: 'asha@example.in',
  replyTo: 'support@kloudnests.in',
  subject: 'Invoice KN/2526/00042 — ₹1,180.00',
  text: 'Hello Asha,\n\nyour invoice is attached.\n',
  html: '<p>Hello Asha,</p><p>your invoice is <b>attached</b>.</p>',
  headers: { 'List-Unsubscribe': '<https://kloudnests.localhost/unsubscribe?t=abc>' },
  attachments: [{ filename: 'KN-2526-00042.pdf', contentType: 'application/pdf', content: pdf }],
  date: '2026-04-01T10:00:00.000Z',
};

describe('SMTP transport (a real SMTP server on a free port)', () => {
  let catcher: SmtpCatcher;
  let smtp: MailTransport;
  beforeAll(async () => {
    catcher = await startSmtpCatcher();
    smtp = smtpTransport({
      host: '127.0.0.1',
      port: catcher.port,
      tls: 'NONE',
      user: SMTP_USER,
      password: SMTP_PASSWORD,
    });
  });
  afterAll(async () => {
    await smtp.close?.();
    await catcher.close();
  });

  it('delivers text and HTML parts, the attachment byte for byte and the headers', async () => {
    const receipt = await smtp.deliver(message);
    const [mail] = await catcher.mailsTo('asha@example.in');
    expect(receipt).toEqual({ providerMessageId: String(catcher.mails.length) });
    expect(mail!.envelopeFrom).toBe('billing@kloudnests.in');
    expect(mail!.subject).toBe(message.subject);
    expect(mail!.from).toBe('"KloudNests" <billing@kloudnests.in>');
    expect(mail!.text).toBe('Hello Asha,\n\nyour invoice is attached.');
    expect(mail!.html).toBe(message.html);
    expect(mail!.attachments).toEqual([
      { filename: 'KN-2526-00042.pdf', contentType: 'application/pdf', content: pdf },
    ]);
    expect(mail!.headers.get('message-id')).toBe(
      '<5b0e8f3c-1d2a-4c6b-9e7f-0a1b2c3d4e5f@kloudnests.in>',
    );
    expect((mail!.headers.get('reply-to') as { text: string }).text).toBe('support@kloudnests.in');
    expect((mail!.headers.get('date') as Date).toISOString()).toBe(message.date);
    expect(mail!.raw.toString('latin1')).toMatch(
      /^List-Unsubscribe: <https:\/\/kloudnests\.localhost\/unsubscribe\?t=abc>\r$/m,
    );
    expect(mail!.raw.toString('latin1')).toMatch(/multipart\/alternative/);
  });

  it('a second delivery of one mail carries the same Message-ID', async () => {
    const before = catcher.mails.length;
    const again = { ...message, to: 'ravi@example.in' };
    await smtp.deliver(again);
    await smtp.deliver(again);
    const mails = await catcher.mailsTo('ravi@example.in', 2);
    expect(catcher.mails.length).toBe(before + 2);
    expect(new Set(mails.map((m) => m.headers.get('message-id'))).size).toBe(1);
  });

  it('a text-only mail without reply-to or attachments is a plain text/plain message', async () => {
    const { html: _h, replyTo: _r, attachments: _a, headers: _x, ...plain } = message;
    await smtp.deliver({ ...plain, to: 'meera@example.in' });
    const [mail] = await catcher.mailsTo('meera@example.in');
    expect(mail!.html).toBeNull();
    expect(mail!.headers.has('reply-to')).toBe(false);
    expect(mail!.raw.toString('latin1')).toMatch(/^Content-Type: text\/plain/m);
  });

  it('a 4xx refusal is temporary, a 5xx refusal permanent, each with the code', async () => {
    catcher.refuseNext(1, 451);
    const temporary = await smtp.deliver({ ...message, to: 'x@example.in' }).catch((e) => e);
    expect(temporary).toBeInstanceOf(MailDeliveryError);
    expect(temporary).toMatchObject({ permanent: false, code: '451' });
    expect((temporary as Error).message).toMatch(/451/);
    catcher.refuseNext(1, 550);
    const permanent = await smtp.deliver({ ...message, to: 'x@example.in' }).catch((e) => e);
    expect(permanent).toMatchObject({ permanent: true, code: '550' });
    expect((permanent as Error).message).toMatch(/550/);
    // The refusals are over: the same mail is accepted now.
    await smtp.deliver({ ...message, to: 'x@example.in' });
    expect(await catcher.mailsTo('x@example.in')).toHaveLength(1);
  });

  it('a wrong password is a refusal that names the login', async () => {
    const wrong = smtpTransport({
      host: '127.0.0.1',
      port: catcher.port,
      tls: 'NONE',
      user: SMTP_USER,
      password: 'not-the-password',
    });
    try {
      const error = await wrong.deliver(message).catch((e) => e);
      expect(error).toBeInstanceOf(MailDeliveryError);
      expect(error).toMatchObject({ permanent: true, code: '535' });
      expect((error as Error).message).toMatch(/535.*(invalid|auth)/i);
    } finally {
      await wrong.close?.();
    }
  });

  it('STARTTLS required refuses a server that does not offer it; an unreachable server is temporary', async () => {
    const strict = smtpTransport({
      host: '127.0.0.1',
      port: catcher.port,
      tls: 'STARTTLS',
      user: SMTP_USER,
      password: SMTP_PASSWORD,
    });
    const closedPort = smtpTransport({ host: '127.0.0.1', port: 1, tls: 'NONE', timeoutMs: 2000 });
    try {
      const refused = await strict.deliver(message).catch((e) => e);
      expect(refused).toBeInstanceOf(MailDeliveryError);
      // The test server does not know STARTTLS at all: it answers the command with 500.
      expect(refused).toMatchObject({ permanent: true, code: '500' });
      const unreachable = await closedPort.deliver(message).catch((e) => e);
      expect(unreachable).toMatchObject({
        permanent: false,
        code: expect.stringMatching(/^E(SOCKET|CONNECTION)$/),
      });
    } finally {
      await strict.close?.();
      await closedPort.close?.();
    }
  });
});

describe('the server’s queue id', () => {
  it('is read from the reply, else the reply is kept whole', () => {
    expect(queueIdOf('250 2.0.0 Ok: queued as 4Xyz12')).toBe('4Xyz12');
    expect(queueIdOf('250 Message queued as <abc@mx>')).toBe('abc@mx');
    expect(queueIdOf('250 OK id=1uAbC-000xyz-7Q')).toBe('1uAbC-000xyz-7Q');
    expect(queueIdOf('250 Accepted ')).toBe('250 Accepted');
  });
});
