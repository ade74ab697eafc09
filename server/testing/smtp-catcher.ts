import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { parseEml, type MailboxMail } from './mailbox.ts';

/** A mail as the test's SMTP server received it: the envelope and the parsed message. */
export interface CaughtMail extends MailboxMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
}

export interface SmtpCatcher {
  /** `smtp://user:pass@127.0.0.1:<port>` (no TLS), for MAIL_SMTP_URL or a tenant's settings. */
  url: string;
  port: number;
  mails: CaughtMail[];
  /**
   * Refuse the next `count` messages with `code` (e.g. 451 to make the sender retry, 550 for a
   * permanent refusal), after DATA, as a mail server that is short of space would.
   */
  refuseNext(count: number, code?: number): void;
  /** Waits until `count` mails to `to` arrived; returns them, oldest first. */
  mailsTo(to: string, count?: number, timeoutMs?: number): Promise<CaughtMail[]>;
  /** The newest link matching `pattern` (group 1, or the whole match) in a mail to `to`. */
  linkTo(to: string, pattern: RegExp, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export const SMTP_USER = 'platform';
export const SMTP_PASSWORD = 'smtp-test-password';

/**
 * A real SMTP server on a free port of 127.0.0.1 that keeps every message it accepted, parsed
 * with mailparser: what a person's mail provider would receive. It asks for the test user's
 * password (AUTH PLAIN/LOGIN over the plain connection, as on a local relay).
 */
export async function startSmtpCatcher(
  options: Partial<SMTPServerOptions> = {},
): Promise<SmtpCatcher> {
  const mails: CaughtMail[] = [];
  let refusals: { left: number; code: number } = { left: 0, code: 451 };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    size: 30 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals.left > 0) {
          refusals = { ...refusals, left: refusals.left - 1 };
          const error = Object.assign(new Error('Mailbox temporarily unavailable'), {
            responseCode: refusals.code,
          });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        parseEml(raw).then(
          (mail) => {
            mails.push({
              ...mail,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
            });
            callback(null, `Message queued as ${mails.length}`);
          },
          (error: Error) => callback(error),
        );
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  const poll = async <T>(what: () => T | null, timeoutMs: number, fail: () => string) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = what();
      if (found !== null) return found;
      if (Date.now() > deadline) throw new Error(fail());
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const to = (address: string) => mails.filter((m) => m.envelopeTo.includes(address));

  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    port,
    mails,
    refuseNext(count, code = 451) {
      refusals = { left: count, code };
    },
    mailsTo: (address, count = 1, timeoutMs = 10_000) =>
      poll(
        () => (to(address).length >= count ? to(address) : null),
        timeoutMs,
        () => `SMTP catcher: ${to(address).length} mails to ${address}, expected ${count}`,
      ),
    linkTo: (address, pattern, timeoutMs = 10_000) =>
      poll(
        () => {
          for (const m of [...to(address)].reverse()) {
            const found = pattern.exec(m.text);
            if (found) return found[1] ?? found[0];
          }
          return null;
        },
        timeoutMs,
        () => `SMTP catcher: no link ${pattern} mailed to ${address}`,
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
