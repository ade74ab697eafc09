import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { smtpTransport } from '../integrations/mail/smtp.ts';
import type { OutgoingMessage } from '../integrations/mail/transport.ts';
import type { BenchRow } from './report.ts';

/** A local SMTP server that accepts every message and keeps none (its cost is the protocol's). */
async function sink(): Promise<{ port: number; accepted: () => number; close(): Promise<void> }> {
  let accepted = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    maxClients: 64,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        accepted++;
        callback(null, `Message queued as q${accepted}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An invoice mail as the platform sends it: text, HTML, a 40 KB PDF, List-Unsubscribe. */
const mail = (n: number): OutgoingMessage => ({
  mailId: randomUUID(),
  from: { name: 'KloudNests', address: 'billing@kloudnests.in' },
  to: `customer${n}@example.in`,
  replyTo: 'support@kloudnests.in',
  subject: `Invoice KN/2526/${String(n).padStart(5, '0')}`,
  text: 'Hello,\n\nyour invoice is attached.\n\n— KloudNests',
  html: '<p>Hello,</p><p>your invoice is attached.</p><p>— KloudNests</p>',
  headers: { 'List-Unsubscribe': '<https://kloudnests.localhost/unsubscribe?t=abc>' },
  attachments: [
    {
      filename: 'invoice.pdf',
      contentType: 'application/pdf',
      content: Buffer.alloc(40 * 1024, n % 251),
    },
  ],
  date: '2026-04-01T10:00:00.000Z',
});

/** Mails per second delivering `count` mails at once through a pool of `connections`. */
async function deliver(port: number, connections: number, count: number): Promise<number> {
  const transport = smtpTransport({
    host: '127.0.0.1',
    port,
    tls: 'NONE',
    maxConnections: connections,
  });
  try {
    const messages = Array.from({ length: count }, (_, i) => mail(i));
    const t = performance.now();
    await Promise.all(messages.map((m) => transport.deliver(m)));
    return (count * 1000) / (performance.now() - t);
  } finally {
    await transport.close?.();
  }
}

/**
 * Mails delivered per second to a local SMTP server (smtp-server on 127.0.0.1, in this process)
 * through the platform's SMTP transport (integrations/mail/smtp.ts, nodemailer pooled) with 4
 * connections; the baseline is the same transport with 1 connection, in the same rounds.
 */
export async function benchMail(
  rounds: number,
  mails: number,
  log: (line: string) => void,
): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const server = await sink();
  try {
    await deliver(server.port, 4, 20); // warm up: connections, code compiled
    const four: number[] = [];
    const one: number[] = [];
    for (let r = 0; r < rounds; r++) {
      four.push(await deliver(server.port, 4, mails));
      one.push(await deliver(server.port, 1, mails));
      log(
        `  round ${r + 1}: 4 connections ${four.at(-1)!.toFixed(0)} mails/s, 1 connection ${one.at(-1)!.toFixed(0)} mails/s (${mails} mails each)`,
      );
    }
    const expected = 20 + rounds * mails * 2;
    if (server.accepted() !== expected)
      throw new Error(`the SMTP server accepted ${server.accepted()} mails, expected ${expected}`);
    return {
      rows: [
        {
          name: `Mails delivered to a local SMTP server, 4 connections (${mails} invoice mails with a 40 KB PDF a round)`,
          unit: 'mails/s',
          rounds: four,
          baseline: { name: 'the same SMTP transport with 1 connection', rounds: one },
          details: { 'mails accepted by the server': server.accepted() },
        },
      ],
      notes: [
        'Mail: integrations/mail/smtp.ts (nodemailer, pool) to smtp-server on 127.0.0.1 in the bench process itself, which accepts and discards each message; client and server share the cores, so the ratio is a floor for a remote server with its own.',
      ],
    };
  } finally {
    await server.close();
  }
}
