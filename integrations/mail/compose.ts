import type { MailQueued } from '../../domain/mail/events.ts';
import type { Brand, LegalProfile } from '../../domain/tenancy/events.ts';
import type { MailAttachment, OutgoingMessage } from './transport.ts';

/** The brand's sender, given as "Name <address>" or a bare address. */
export function senderOf(brand: { name: string; mailFrom: string }): {
  name: string;
  address: string;
} {
  const named = /^(.*)<([^<>]+)>\s*$/.exec(brand.mailFrom);
  if (!named) return { name: brand.name, address: brand.mailFrom.trim() };
  return {
    name: named[1]!.trim().replace(/^"(.*)"$/, '$1') || brand.name,
    address: named[2]!.trim(),
  };
}

export interface ComposeInput {
  /** The queued mail (subject, recipient, kind, when). */
  mail: MailQueued['data'];
  /** Its text as the recipient reads it (the sealed text opened, or the readable one). */
  text: string;
  /** The tenant that sends it, as its stream says when the mail leaves. */
  brand: Brand;
  legal: LegalProfile;
  attachments?: readonly MailAttachment[];
}

/**
 * The message a queued mail becomes when it leaves: sent as the tenant's brand, replies to its
 * support address.
 */
export function composeMessage({ mail, text, brand, attachments }: ComposeInput): OutgoingMessage {
  const from = senderOf(brand);
  return {
    mailId: mail.mailId,
    from,
    to: mail.to,
    ...(brand.supportEmail && brand.supportEmail !== from.address
      ? { replyTo: brand.supportEmail }
      : {}),
    subject: mail.subject,
    text,
    ...(attachments?.length ? { attachments } : {}),
    date: mail.queuedAt,
  };
}
