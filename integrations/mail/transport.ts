/** A file carried by a mail (an invoice's PDF). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** One mail as it leaves: the text is the recipient's own (secrets included). */
export interface OutgoingMessage {
  mailId: string;
  from: { name: string; address: string };
  to: string;
  /** Where replies go (the brand's support address), when it is not the sender. */
  replyTo?: string;
  subject: string;
  text: string;
  /** The same content as HTML in the brand's layout; absent: a text-only mail. */
  html?: string;
  /** Extra headers (e.g. List-Unsubscribe), one line each. */
  headers?: Readonly<Record<string, string>>;
  attachments?: readonly MailAttachment[];
  /** When it was queued (ISO): the Date header. */
  date: string;
}

/** What the mail service said when it accepted a mail. */
export interface DeliveryReceipt {
  /** The provider's id for the message (SMTP's queue id line, SendGrid's X-Message-Id). */
  providerMessageId?: string;
}

/**
 * The port a mail service sits behind. Delivery is at least once: `deliver` may be called twice
 * for one mail (a crash before the sender reported MailSent), so a transport must make the
 * second call a no-op or a rewrite of the same message, keyed by `mailId`.
 */
export interface MailTransport {
  /** Names the transport in MailSent and /healthz, e.g. "mailbox". */
  readonly name: string;
  /** False when no mail service is set up (the local mailbox): production says so loudly. */
  readonly configured: boolean;
  /** Resolves once the service accepted the mail; throws when it did not (the sender retries). */
  deliver(message: OutgoingMessage): Promise<DeliveryReceipt | void>;
  /** Releases connections (a pooled SMTP transport); called when the platform stops. */
  close?(): Promise<void>;
}

/** Which transport each tenant's mails leave by. */
export interface MailTransports {
  /** The tenant's own mail settings if it has any, else the operator's (from the environment). */
  forTenant(tenantId: string): Promise<MailTransport>;
  /** The operator's transport: health checks and the start-up warning name it. */
  readonly fallback: MailTransport;
  close?(): Promise<void>;
}

/** A header value on one line: a line break in a brand name or subject cannot start a header. */
const oneLine = (value: string) => value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();

/**
 * RFC 2047 encoded words for non-ASCII text, each at most 75 characters (so at most 45 bytes of
 * UTF-8 before base64), never splitting a character; plain ASCII stays as it is.
 */
export function encodeHeader(value: string): string {
  const text = oneLine(value);
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** An address with its display name, the name quoted (or encoded) so it cannot add addresses. */
const mailbox = (name: string, address: string) => {
  const shown = oneLine(name);
  const quoted = /^[\x20-\x7e]*$/.test(shown)
    ? `"${shown.replace(/["\\]/g, (c) => `\\${c}`)}"`
    : encodeHeader(shown);
  return `${quoted} <${oneLine(address)}>`;
};

/** The message as an RFC 5322 text (UTF-8 body, CRLF line ends), e.g. for an .eml file. */
export function toRfc5322(message: OutgoingMessage): string {
  const domain = message.from.address.split('@')[1] || 'localhost';
  const headers = [
    `From: ${mailbox(message.from.name, message.from.address)}`,
    `To: <${oneLine(message.to)}>`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${new Date(message.date).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${message.mailId}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${message.text.replace(/\r?\n/g, '\r\n')}\r\n`;
}
