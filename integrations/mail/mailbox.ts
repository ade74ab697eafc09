import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { nodemailerMessage } from './smtp.ts';
import type { MailTransport, OutgoingMessage } from './transport.ts';

/** The message as SMTP would send it (MIME: text and HTML parts, attachments, headers). */
export const toMime = (message: OutgoingMessage): Promise<Buffer> =>
  new MailComposer(nodemailerMessage(message)).compile().build();

/**
 * No mail service: each mail becomes `<dir>/<mailId>.eml` (the full MIME message) (readable only by the account running
 * the server, since it holds the recipient's links) and one line in the log naming the file, like
 * a development mail catcher. The file name comes from the mail id, so a second delivery of one
 * mail rewrites the same file; it is written beside and renamed, so a reader never sees half.
 */
export function mailboxTransport(
  dir: string,
  notice: (line: string, extra: object) => void,
): MailTransport & { dir: string } {
  const absolute = path.resolve(dir);
  return {
    name: 'mailbox',
    configured: false,
    dir: absolute,
    async deliver(message) {
      if (!/^[0-9a-f-]{36}$/.test(message.mailId))
        throw new Error(`mailbox: ${message.mailId} is not a mail id`);
      await mkdir(absolute, { recursive: true, mode: 0o700 });
      const file = path.join(absolute, `${message.mailId}.eml`);
      const partial = `${file}.${process.pid}.part`;
      await writeFile(partial, await toMime(message), { mode: 0o600 });
      await chmod(partial, 0o600);
      await rename(partial, file);
      notice(`mail to ${message.to} written to ${file}`, {
        mailId: message.mailId,
        to: message.to,
        file,
      });
    },
  };
}
