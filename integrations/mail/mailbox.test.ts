import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailboxTransport } from './mailbox.ts';
import { encodeHeader, toRfc5322, type OutgoingMessage } from './transport.ts';
import { senderOf } from './compose.ts';

const message: OutgoingMessage = {
  mailId: '3f1c2a9e-8d4b-4c1e-9a7f-2b6d5e4c3a21',
  from: { name: 'AkashOne.com', address: 'billing@akashone.com' },
  to: 'asha@example.com',
  subject: 'AkashOne.com: reset your password',
  text: 'Hello Asha,\n\nhttp://akashone.localhost:3000/reset-password?token=abc\n\n— AkashOne.com',
  date: '2026-04-01T10:00:00.000Z',
};

describe('local mailbox', () => {
  it('writes one RFC 5322 file per mail id; a second delivery rewrites it, never two', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'mailbox-')), 'mail');
    const lines: string[] = [];
    const box = mailboxTransport(dir, (line) => lines.push(line));
    await box.deliver(message);
    await box.deliver(message);
    expect(await readdir(dir)).toEqual([`${message.mailId}.eml`]);
    expect(await readFile(path.join(dir, `${message.mailId}.eml`), 'utf8')).toBe(
      toRfc5322(message),
    );
    expect(lines).toEqual([
      `mail to asha@example.com written to ${path.join(dir, `${message.mailId}.eml`)}`,
      expect.any(String),
    ]);
  });
  it('refuses a mail id that could name another path', async () => {
    const box = mailboxTransport(await mkdtemp(path.join(os.tmpdir(), 'mailbox-')), () => {});
    await expect(box.deliver({ ...message, mailId: '../../etc/passwd' })).rejects.toThrow(
      /not a mail id/,
    );
  });
});

describe('RFC 5322 text', () => {
  it('has the headers a mail reader needs and CRLF line ends', () => {
    expect(toRfc5322(message)).toBe(
      'From: "AkashOne.com" <billing@akashone.com>\r\nTo: <asha@example.com>\r\nSubject: AkashOne.com: reset your password\r\n' +
        'Date: Wed, 01 Apr 2026 10:00:00 +0000\r\nMessage-ID: <3f1c2a9e-8d4b-4c1e-9a7f-2b6d5e4c3a21@akashone.com>\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
        'Hello Asha,\r\n\r\nhttp://akashone.localhost:3000/reset-password?token=abc\r\n\r\n— AkashOne.com\r\n',
    );
  });
  it('a line break in a subject or brand name cannot add a header', () => {
    const raw = toRfc5322({
      ...message,
      subject: 'Hi\r\nBcc: evil@example.com',
      from: { name: 'Brand"\r\nBcc: x@y', address: 'a@b.c' },
    });
    expect(raw.split('\r\n\r\n')[0]).not.toMatch(/^Bcc:/m);
  });
  it('non-ASCII subjects are encoded words of at most 75 characters', () => {
    const encoded = encodeHeader(
      'AkashOne.com: ₹2,500.50 added to your wallet — ₹₹₹₹₹₹₹₹₹₹₹₹₹₹₹₹₹₹',
    );
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    const decoded = encoded
      .split('\r\n ')
      .map((w) => Buffer.from(/=\?UTF-8\?B\?(.*)\?=/.exec(w)![1]!, 'base64').toString('utf8'))
      .join('');
    expect(decoded).toBe('AkashOne.com: ₹2,500.50 added to your wallet — ₹₹₹₹₹₹₹₹₹₹₹₹₹₹₹₹₹₹');
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
