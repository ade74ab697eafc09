import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';

/** A mail as the person at the laptop reads it: one .eml file of the local mailbox. */
export interface MailboxMail {
  mailId: string;
  file: string;
  to: string;
  subject: string;
  from: string;
  text: string;
  /** The HTML part, if the mail has one. */
  html: string | null;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  headers: Map<string, unknown>;
}

/** Parses one .eml as a mail client would (MIME parts, encoded words, transfer encodings). */
export async function parseEml(raw: string | Buffer, file = ''): Promise<MailboxMail> {
  const parsed = await simpleParser(raw);
  const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
  return {
    mailId: path.basename(file, '.eml'),
    file,
    to: to?.value[0]?.address ?? '',
    subject: parsed.subject ?? '',
    from: parsed.from?.text ?? '',
    text: (parsed.text ?? '').replace(/\r\n/g, '\n').replace(/\n$/, ''),
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? '',
      contentType: a.contentType,
      content: a.content,
    })),
    headers: parsed.headers,
  };
}

/** Every mail in the mailbox `dir`, oldest first (the sender writes them in the log's order). */
export async function readMailbox(dir: string): Promise<MailboxMail[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
  const mails = await Promise.all(
    names.map(async (n) => {
      const file = path.join(dir, n);
      return { mail: await parseEml(await readFile(file), file), at: (await stat(file)).mtimeMs };
    }),
  );
  return mails.sort((a, b) => a.at - b.at).map((m) => m.mail);
}

/**
 * Waits until at least `count` mails to `to` are in the mailbox and returns them, oldest first
 * (what the person would see in their inbox).
 */
export async function mailsInMailbox(
  dir: string,
  to: string,
  count = 1,
  timeoutMs = 10_000,
): Promise<MailboxMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = (await readMailbox(dir)).filter((m) => m.to === to);
    if (mine.length >= count) return mine;
    if (Date.now() > deadline)
      throw new Error(`mailbox ${dir}: ${mine.length} mails to ${to}, expected ${count}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The newest link matching `pattern` (a RegExp whose group 1 is returned, or the whole match) mailed to `to`. */
export async function linkInMailbox(
  dir: string,
  to: string,
  pattern: RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = (await readMailbox(dir)).filter((m) => m.to === to).reverse();
    for (const m of mine) {
      const found = pattern.exec(m.text);
      if (found) return found[1] ?? found[0];
    }
    if (Date.now() > deadline) throw new Error(`no link ${pattern} mailed to ${to} in ${dir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
