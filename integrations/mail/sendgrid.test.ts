import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailDeliveryError } from './delivery-error.ts';
import { sendgridTransport } from './sendgrid.ts';
import type { OutgoingMessage } from './transport.ts';

const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x80]);
const message: OutgoingMessage = {
  mailId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  from: { name: 'KloudNests', address: 'billing@kloudnests.in' },
  to: 'asha@example.in',
  replyTo: 'support@kloudnests.in',
  subject: 'Invoice KN/2526/00042',
  text: 'Your invoice is attached.',
  html: '<p>Your invoice is attached.</p>',
  headers: { 'List-Unsubscribe': '<https://kloudnests.localhost/unsubscribe?t=abc>' },
  attachments: [{ filename: 'KN-2526-00042.pdf', contentType: 'application/pdf', content: pdf }],
  date: '2026-04-01T10:00:00.000Z',
};

/** A local double of POST /v3/mail/send: records each request, answers what the test says. */
describe('SendGrid transport (against a local double of its API)', () => {
  const requests: { method: string; url: string; headers: IncomingHttpHeaders; body: unknown }[] =
    [];
  let answer: { status: number; body?: unknown } = { status: 202 };
  let server: Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        if (req.method !== 'POST' || req.url !== '/v3/mail/send') {
          res.writeHead(404).end();
          return;
        }
        if (req.headers.authorization !== 'Bearer SG.test-key') {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              errors: [{ message: 'The provided authorization grant is invalid', field: null }],
            }),
          );
          return;
        }
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          ...(answer.status === 202 ? { 'x-message-id': `sg-${requests.length}` } : {}),
        });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const transport = (apiKey = 'SG.test-key') => sendgridTransport({ apiKey, baseUrl });

  it('posts the whole message in the v3 shape and returns X-Message-Id', async () => {
    answer = { status: 202 };
    const receipt = await transport().deliver(message);
    const request = requests.at(-1)!;
    expect(receipt).toEqual({ providerMessageId: `sg-${requests.length}` });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v3/mail/send');
    expect(request.headers.authorization).toBe('Bearer SG.test-key');
    expect(request.body).toEqual({
      personalizations: [{ to: [{ email: 'asha@example.in' }] }],
      from: { name: 'KloudNests', email: 'billing@kloudnests.in' },
      reply_to: { email: 'support@kloudnests.in' },
      subject: 'Invoice KN/2526/00042',
      content: [
        { type: 'text/plain', value: 'Your invoice is attached.' },
        { type: 'text/html', value: '<p>Your invoice is attached.</p>' },
      ],
      attachments: [
        {
          filename: 'KN-2526-00042.pdf',
          type: 'application/pdf',
          content: pdf.toString('base64'),
          disposition: 'attachment',
        },
      ],
      headers: {
        'List-Unsubscribe': '<https://kloudnests.localhost/unsubscribe?t=abc>',
        'Message-ID': '<7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f@kloudnests.in>',
      },
      custom_args: { mail_id: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f' },
    });
  });

  it('a text-only mail has one text/plain content and no reply_to', async () => {
    answer = { status: 202 };
    const { html: _h, replyTo: _r, ...plain } = message;
    await transport().deliver(plain);
    const body = requests.at(-1)!.body as Record<string, unknown>;
    expect(body.content).toEqual([{ type: 'text/plain', value: 'Your invoice is attached.' }]);
    expect(body).not.toHaveProperty('reply_to');
  });

  it('400 and a wrong key are permanent, with the API’s reason; 429 and 500 are temporary', async () => {
    answer = {
      status: 400,
      body: { errors: [{ message: 'Does not contain a valid address.', field: 'from.email' }] },
    };
    const bad = await transport()
      .deliver(message)
      .catch((e) => e);
    expect(bad).toBeInstanceOf(MailDeliveryError);
    expect(bad).toMatchObject({ permanent: true, code: '400' });
    expect((bad as Error).message).toMatch(/400 from\.email: Does not contain a valid address/);
    const key = await transport('SG.wrong')
      .deliver(message)
      .catch((e) => e);
    expect(key).toMatchObject({ permanent: true, code: '401' });
    expect((key as Error).message).toMatch(/authorization grant is invalid/);
    for (const status of [429, 500]) {
      answer = { status, body: { errors: [{ message: 'try later' }] } };
      const later = await transport()
        .deliver(message)
        .catch((e) => e);
      expect(later).toMatchObject({ permanent: false, code: String(status) });
    }
  });

  it('an unreachable API is temporary', async () => {
    const gone = sendgridTransport({ apiKey: 'SG.test-key', baseUrl: 'http://127.0.0.1:1' });
    const error = await gone.deliver(message).catch((e) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ permanent: false });
  });
});
