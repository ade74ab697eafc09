import { badInput, type Decider, type DomainEvent } from '../shared/decider.ts';

/**
 * A mail to send. `text` is what staff may read (outbox, event log): every secret the mail
 * carries (sign-in, reset and invitation links, initial passwords, credentials) is replaced by
 * a placeholder. The text as the recipient gets it is in `sealedText`, sealed with AES-256-GCM
 * for the mail sender only; a mail without secrets has no `sealedText`. `kind` names the
 * template (e.g. "reset-password"). Mails queued before `kind` existed have neither field.
 */
export type MailQueued = DomainEvent<
  'MailQueued',
  {
    mailId: string;
    to: string;
    subject: string;
    kind?: string;
    text: string;
    sealedText?: string;
    /** Documents rendered and attached when the mail leaves (not stored in the event). */
    attachments?: MailAttachmentRef[];
    causedBy: string;
    queuedAt: string;
  }
>;

/** A document a mail carries, named here and rendered by the sender: an invoice's or note's PDF. */
export type MailAttachmentRef = { kind: 'invoice-pdf'; invoiceId: string };
/** The mail left for the recipient; `via` names the transport (e.g. "mailbox"). */
export type MailSent = DomainEvent<'MailSent', { mailId: string; sentAt: string; via?: string }>;
export type MailEvent = MailQueued | MailSent;

export const mailStreamId = (mailId: string) => `mail-${mailId}`;

/** What staff see in place of a secret. */
export const HIDDEN_LINK = '[link hidden]';
export const HIDDEN_SECRET = '[hidden]';

/**
 * The text staff may read: each secret replaced by its placeholder (links by "[link hidden]",
 * anything else by "[hidden]"). Secrets are long random values, so replacing them as plain
 * strings cannot hit text a person typed.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let shown = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < 8)
      throw new Error('a mail secret must be at least 8 characters (a link or a password)');
    shown = shown.split(secret).join(/^https?:\/\//.test(secret) ? HIDDEN_LINK : HIDDEN_SECRET);
  }
  return shown;
}

/**
 * The readable text of a mail queued before redaction existed: any link carrying a token
 * (`?token=`, `/invite/...`) is hidden, so an old event log shows no secret either.
 */
export const redactLegacy = (text: string) =>
  text.replace(/https?:\/\/\S*(?:[?&]token=|\/invite\/)\S*/g, HIDDEN_LINK);

/** The text staff may read of any MailQueued, old or new. */
export const readableText = (data: MailQueued['data']) =>
  data.kind === undefined ? redactLegacy(data.text) : data.text;

export type MailCommand =
  | {
      type: 'QueueMail';
      mailId: string;
      to: string;
      subject: string;
      kind: string;
      text: string;
      sealedText: string | null;
      attachments?: MailAttachmentRef[];
      causedBy: string;
      now: string;
    }
  | { type: 'MarkMailSent'; via?: string; now: string };

type MailState = { mailId: string | null; sent: boolean };
type Cmd<T extends MailCommand['type']> = Extract<MailCommand, { type: T }>;

function queueMail(command: Cmd<'QueueMail'>, state: MailState): MailEvent[] {
  if (state.mailId) return [];
  if (!command.to.includes('@')) throw badInput('to', 'a mail needs a recipient address');
  const { mailId, to, subject, kind, text, sealedText, attachments, causedBy, now } = command;
  return [
    {
      type: 'MailQueued',
      data: {
        mailId,
        to,
        subject,
        kind,
        text,
        ...(sealedText ? { sealedText } : {}),
        ...(attachments?.length ? { attachments } : {}),
        causedBy,
        queuedAt: now,
      },
    },
  ];
}

function markMailSent(command: Cmd<'MarkMailSent'>, state: MailState): MailEvent[] {
  // At least once: a second delivery of the same mail reports nothing new.
  if (!state.mailId || state.sent) return [];
  return [
    {
      type: 'MailSent',
      data: {
        mailId: state.mailId,
        sentAt: command.now,
        ...(command.via ? { via: command.via } : {}),
      },
    },
  ];
}

export const mailDecider: Decider<MailCommand, MailEvent, MailState> = {
  initialState: { mailId: null, sent: false },
  decide(command, state) {
    switch (command.type) {
      case 'QueueMail':
        return queueMail(command, state);
      case 'MarkMailSent':
        return markMailSent(command, state);
      default: {
        const _exhaustive: never = command;
        throw new Error(`unknown mail command ${(_exhaustive as { type: string }).type}`);
      }
    }
  },
  evolve: (state, event) =>
    event.type === 'MailQueued'
      ? { mailId: event.data.mailId, sent: false }
      : { ...state, sent: true },
};
