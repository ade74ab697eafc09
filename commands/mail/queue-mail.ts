import { hkdfSync } from 'node:crypto';
import { mailDecider, mailStreamId, redact } from '../../domain/mail/events.ts';
import { notFound } from '../../domain/shared/decider.ts';
import { isUuid } from '../shared/validate.ts';
import { open, seal } from '../identity/secret-box.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';

/** What queues mails needs: the keys from keys.json (the mail key is derived from the secret box's). */
export type MailDeps = CommandDeps & { keys: { totp: Buffer } };

/**
 * The key that seals mail secrets: derived (HKDF-SHA256) from the key that seals authenticator
 * secrets in keys.json, so it is backed up with it, yet a sealed 2FA seed and a sealed mail are
 * never opened by one another's key.
 */
export const mailKey = (keys: { totp: Buffer }) =>
  Buffer.from(hkdfSync('sha256', keys.totp, Buffer.alloc(0), 'mail secrets v1', 32));

/** Sealed text is bound to its mail: copied onto another mail event it does not open. */
const sealContext = (mailId: string) => `mail:${mailId}`;

export const sealMailText = (keys: { totp: Buffer }, mailId: string, text: string) =>
  seal(mailKey(keys), text, sealContext(mailId));
export const openMailText = (key: Buffer, mailId: string, sealed: string) =>
  open(key, sealed, sealContext(mailId));

export interface OutgoingMail {
  mailId: string;
  to: string;
  subject: string;
  /** The template, for the outbox (e.g. "reset-password"). */
  kind: string;
  /** The text as the recipient reads it. */
  text: string;
  /** Every secret the text carries (links with tokens, passwords): staff never see them. */
  secrets: readonly string[];
  /** The event that caused the mail. */
  causedBy: string;
}

/**
 * Queues a mail. The event keeps the text staff may read (secrets as placeholders) and the
 * real text sealed for the mail sender (integrations/mail/sender.ts), which delivers it.
 * Idempotent by `ctx.commandId`.
 */
export async function queueMail(deps: MailDeps, ctx: CommandContext, mail: OutgoingMail) {
  const { mailId, to, subject, kind, text, secrets, causedBy } = mail;
  const shown = redact(text, secrets);
  const sealedText = shown === text ? null : sealMailText(deps.keys, mailId, text);
  return handleCommand(deps, ctx, {
    streamId: mailStreamId(mailId),
    decider: mailDecider,
    command: (now) => ({
      type: 'QueueMail' as const,
      mailId,
      to,
      subject,
      kind,
      text: shown,
      sealedText,
      causedBy,
      now,
    }),
    // Sealed with a fresh nonce per call; subject and text are written from the brand as read
    // now. The mail is its id, recipient, template and cause: a retry after a rename is the same mail.
    perAttempt: { sealedText: undefined, subject: undefined, text: undefined },
  });
}

/**
 * Staff ask for a mail again (Admin → Outbox): a FAILED mail, or a SENT one the customer says
 * never arrived. It begins a new delivery of the same mail id, which the sender picks up on its
 * next tick; refused (CONFLICT) while a delivery is under way. Idempotent by `ctx.commandId`.
 * A mail of another tenant (or none) is NOT_FOUND: mail ids are global, streams are not scoped.
 */
export async function requestMailResend(deps: CommandDeps, ctx: CommandContext, mailId: string) {
  if (!isUuid(mailId)) throw notFound('mail');
  const [first] = await deps.store.readStream(mailStreamId(mailId));
  if (!first || first.metadata.tenantId !== ctx.tenantId) throw notFound('mail');
  return handleCommand(deps, ctx, {
    streamId: mailStreamId(mailId),
    decider: mailDecider,
    command: (now) => ({ type: 'RequestResend' as const, by: ctx.actor.userId, now }),
  });
}
