import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEml } from '../../server/testing/mailbox.ts';
import { mailboxTransport } from './mailbox.ts';
import type { OutgoingMessage } from './transport.ts';
import { senderOf } from './compose.ts';

const message: OutgoingMessage = {
  mailId: '3f1c2a9e-8d4b-4c1e-9a7f-2b6d5e4c3a21',
  from: { name: 'AkashOne.com', address: 'billing@akashone.com' },
  to: 'asha@example.com',
  subject: 'AkashOne.com: ₹2,500.50 added to your wallet',
  text: 'Hello Asha,\n\nhttp://akashone.localhost:3000/reset-password?token=abc\n\n— AkashOne.com',
  html: '<p>Hello Asha,</p>',
  replyTo: 'support@akashone.com',
  headers: { 'List-Unsubscribe': '<https://akashone.localhost/unsubscribe>' },
  attachments: [
    { filename: 'INV-1.pdf', contentType: 'application/pdf', content: Buffer.from([0, 1, 255]) },
  ],
  date: '2026-04-01T10:00:00.000Z',
};

describe('local mailbox', () => {
  it('writes one MIME file per mail id, readable only by its owner; a second delivery rewrites it', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'mailbox-')), 'mail');
    const lines: string[] = [];
    const box = mailboxTransport(dir, (line) => lines.push(line));
    await box.deliver(message);
    await box.deliver(message);
    const file = path.join(dir, `${message.mailId}.eml`);
    expect(await readdir(dir)).toEqual([`${message.mailId}.eml`]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const mail = await parseEml(await readFile(file), file);
    expect(mail).toMatchObject({
      mailId: message.mailId,
      to: 'asha@example.com',
      subject: message.subject,
      from: '"AkashOne.com" <billing@akashone.com>',
      text: message.text,
      html: '<p>Hello Asha,</p>',
      attachments: [message.attachments![0]],
    });
    expect(mail.headers.get('message-id')).toBe(`<${message.mailId}@akashone.com>`);
    expect((mail.headers.get('reply-to') as { text: string }).text).toBe('support@akashone.com');
    expect((mail.headers.get('date') as Date).toISOString()).toBe(message.date);
    expect(await readFile(file, 'latin1')).toMatch(
      /^List-Unsubscribe: <https:\/\/akashone\.localhost\/unsubscribe>\r$/m,
    );
    expect(lines).toEqual([`mail to asha@example.com written to ${file}`, expect.any(String)]);
  });
  it('refuses a mail id that could name another path', async () => {
    const box = mailboxTransport(await mkdtemp(path.join(os.tmpdir(), 'mailbox-')), () => {});
    await expect(box.deliver({ ...message, mailId: '../../etc/passwd' })).rejects.toThrow(
      /not a mail id/,
    );
  });
  it('a line break in a subject or brand name cannot add a header', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mailbox-'));
    const box = mailboxTransport(dir, () => {});
    await box.deliver({
      ...message,
      subject: 'Hi\r\nBcc: evil@example.com',
      from: { name: 'Brand"\r\nBcc: x@y', address: 'a@b.c' },
    });
    const raw = await readFile(path.join(dir, `${message.mailId}.eml`), 'utf8');
    expect(raw.split('\r\n\r\n')[0]).not.toMatch(/^Bcc:/im);
  });
  it('the brand sender may be "Name <address>" or an address', () => {
    expect(
      senderOf({ name: 'AkashOne.com', mailFrom: 'AkashOne.com <billing@akashone.com>' }),
    ).toEqual({ name: 'AkashOne.com', address: 'billing@akashone.com' });
    expect(senderOf({ name: 'KloudNests', mailFrom: 'hello@kloudnests.in' })).toEqual({
      name: 'KloudNests',
      address: 'hello@kloudnests.in',
    });
  });
});
