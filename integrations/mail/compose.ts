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
export function composeMessage({
  mail,
  text,
  brand,
  legal,
  attachments,
}: ComposeInput): OutgoingMessage {
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
    html: mailHtml(mail.subject, text, brand, legal),
    ...(attachments?.length ? { attachments } : {}),
    date: mail.queuedAt,
  };
}

/** Text made safe inside HTML: every character with a meaning there is escaped. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A colour for inline styles: the brand's when it is a hex colour, else a neutral blue. */
const colour = (value: string | null | undefined, fallback: string) =>
  value && /^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback;

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * The colour of links on the mail's white body: the brand's when it reads at 4.5:1 on white
 * (WCAG AA), else a dark blue that does (#1d4ed8, 6.7:1): a light brand colour stays in the header.
 */
export function linkColourOnWhite(brand: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(brand) && 1.05 / (luminance(brand) + 0.05) >= 4.5
    ? brand
    : '#1d4ed8';
}

/**
 * The brand name's colour on the header band of the brand colour: white when it reads at 3:1
 * (AA for the name's 20 px bold, large text), else near-black.
 */
export function nameColourOn(brand: string): string {
  return 1.05 / (luminance(brand) + 0.05) >= 3 ? '#ffffff' : '#111827';
}

const URL = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** One line of text as HTML: escaped, every http(s) address a link. */
function lineHtml(line: string, link: string): string {
  let html = '';
  let at = 0;
  for (const match of line.matchAll(URL)) {
    html += escapeHtml(line.slice(at, match.index));
    const href = escapeHtml(match[0]);
    html += `<a href="${href}" style="color:${link};">${href}</a>`;
    at = match.index + match[0].length;
  }
  return html + escapeHtml(line.slice(at));
}

/**
 * The HTML part: the brand's layout around the text (logo or name in a header of the primary
 * colour, paragraphs, links, a footer with the legal name, address, GSTIN and support address).
 * Inline styles only; nothing in the text is read as HTML.
 */
export function mailHtml(subject: string, text: string, brand: Brand, legal: LegalProfile): string {
  const primary = colour(brand.primaryColor, '#2563eb');
  const link = linkColourOnWhite(primary);
  const logo =
    brand.logoUrl && /^https?:\/\//.test(brand.logoUrl)
      ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.name)}" style="max-height:40px;border:0;">`
      : `<span style="font-size:20px;font-weight:bold;color:${nameColourOn(primary)};">${escapeHtml(brand.name)}</span>`;
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .filter((p) => p.trim() !== '')
    .map(
      (p) =>
        `<p style="margin:0 0 16px 0;line-height:1.5;">${p
          .split(/\r?\n/)
          .map((line) => lineHtml(line, link))
          .join('<br>')}</p>`,
    )
    .join('\n');
  const footer = [
    escapeHtml(legal.companyName),
    escapeHtml(legal.address).replace(/\r?\n/g, '<br>'),
    legal.gstin ? `GSTIN: ${escapeHtml(legal.gstin)}` : null,
    brand.supportEmail
      ? `Support: <a href="mailto:${escapeHtml(brand.supportEmail)}" style="color:${link};">${escapeHtml(brand.supportEmail)}</a>`
      : null,
  ]
    .filter((x) => x !== null)
    .join('<br>');
  return `<!doctype html>
<html lang="en-IN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#18181b;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:6px;">
<tr><td style="background:${primary};padding:16px 24px;border-radius:6px 6px 0 0;">${logo}</td></tr>
<tr><td style="padding:24px;font-size:15px;">
${paragraphs}
</td></tr>
<tr><td style="padding:16px 24px;font-size:12px;color:#71717a;border-top:1px solid #e4e4e7;">${footer}</td></tr>
</table></td></tr></table>
</body></html>`;
}
