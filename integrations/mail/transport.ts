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
