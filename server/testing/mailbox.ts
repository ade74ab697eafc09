import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** A mail as the person at the laptop reads it: one .eml file of the local mailbox. */
export interface MailboxMail {
  mailId: string;
  file: string;
  to: string;
  subject: string;
  from: string;
  text: string;
}

const decodeWords = (value: string) =>
  value
    .replace(/\r\n /g, '')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) =>
      Buffer.from(b64, 'base64').toString('utf8'),
    );

/** Parses one .eml (headers, blank line, text). */
export function parseEml(raw: string, file = ''): MailboxMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n /g, ' ').split('\r\n')) {
    const at = line.indexOf(':');
    headers.set(line.slice(0, at).toLowerCase(), line.slice(at + 1).trim());
  }
  return {
    mailId: path.basename(file, '.eml'),
    file,
    to: (headers.get('to') ?? '').replace(/^<|>$/g, ''),
    subject: decodeWords(headers.get('subject') ?? ''),
    from: decodeWords(headers.get('from') ?? ''),
    text: raw
      .slice(split + 4)
      .replace(/\r\n/g, '\n')
      .replace(/\n$/, ''),
  };
}

/** Every mail in the mailbox `dir`, oldest first (the sender writes them in the log's order). */
export async function readMailbox(dir: string): Promise<MailboxMail[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
  const mails = await Promise.all(
    names.map(async (n) => {
      const file = path.join(dir, n);
      return { mail: parseEml(await readFile(file, 'utf8'), file), at: (await stat(file)).mtimeMs };
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
