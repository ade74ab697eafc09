import { badInput, conflict, notFound, type Decider, type DomainEvent } from '../shared/decider.ts';

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
/**
 * The mail left for the recipient; `via` names the transport (e.g. "mailbox"),
 * `providerMessageId` the id the mail service gave it (absent: the service gave none).
 */
export type MailSent = DomainEvent<
  'MailSent',
  { mailId: string; sentAt: string; via?: string; providerMessageId?: string }
>;
/**
 * One delivery attempt failed. `attempt` counts from 1 within the current delivery (the first
 * one, or the one a resend began). `retryAt` is when the sender tries again; null: it gave up
 * (the fifth attempt, or an error the service called permanent) and the mail is FAILED.
 */
export type MailDeliveryFailed = DomainEvent<
  'MailDeliveryFailed',
  { mailId: string; attempt: number; error: string; failedAt: string; retryAt: string | null }
>;
/**
 * Staff asked for the mail again (Admin → Outbox): a FAILED mail, or a SENT one the customer
 * says never arrived. It begins a new delivery of the same mail (same mail id, so the same
 * Message-ID): attempts count from 1 again, and the sender delivers it once more even though an
 * earlier MailSent exists. Refused while a delivery is under way (QUEUED or RETRYING).
 */
export type MailResendRequested = DomainEvent<
  'MailResendRequested',
  { mailId: string; by: string; at: string }
>;
export type MailEvent = MailQueued | MailSent | MailDeliveryFailed | MailResendRequested;

/** Attempts per delivery before the mail is FAILED. */
export const MAX_DELIVERY_ATTEMPTS = 5;
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];

/**
 * How long after failed attempt `attempt` (1-based) the next one is due: 1 min, 5 min, 30 min,
 * 2 h; null after the fifth (given up).
 */
export function retryDelayMs(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new Error(`a delivery attempt is counted from 1 (got ${attempt})`);
  return attempt >= MAX_DELIVERY_ATTEMPTS ? null : RETRY_DELAYS_MS[attempt - 1]!;
}

/** When the attempt after `attempt`, failed at `failedAt`, is due (ISO), or null: given up. */
export function retryAt(attempt: number, failedAt: string): string | null {
  const delay = retryDelayMs(attempt);
  return delay === null ? null : new Date(Date.parse(failedAt) + delay).toISOString();
}

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
  | { type: 'MarkMailSent'; via?: string; providerMessageId?: string; now: string }
  | {
      type: 'RecordDeliveryFailure';
      /** The attempt that failed (1-based, within the current delivery). */
      attempt: number;
      error: string;
      /** The service refused for good (bad address, …): FAILED at once, no retry. */
      permanent?: boolean;
      now: string;
    }
  | { type: 'RequestResend'; by: string; now: string };

/** Where a mail's delivery stands, as the sender and the outbox see it. */
export type MailStatus = 'QUEUED' | 'SENT' | 'RETRYING' | 'FAILED';

export type MailState = {
  mailId: string | null;
  status: MailStatus;
  /** True when the current delivery ended with MailSent (kept for callers of `sent`). */
  sent: boolean;
  /** Failed attempts in the current delivery. */
  attempts: number;
  /** Deliveries begun by a resend (0: only the first). Part of the sender's command ids. */
  delivery: number;
  retryAt: string | null;
};
type Cmd<T extends MailCommand['type']> = Extract<MailCommand, { type: T }>;

function queueMail(command: Cmd<'QueueMail'>, state: MailState): MailEvent[] {
  if (state.mailId) return [];
  if (!command.to.includes('@')) throw badInput('to', 'A mail needs a recipient address.');
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
        ...(command.providerMessageId ? { providerMessageId: command.providerMessageId } : {}),
      },
    },
  ];
}

function recordFailure(command: Cmd<'RecordDeliveryFailure'>, state: MailState): MailEvent[] {
  if (!state.mailId) return [];
  if (!Number.isInteger(command.attempt) || command.attempt < 1)
    throw badInput('attempt', 'A delivery attempt is counted from 1.');
  // Sent or given up already, or this attempt was reported before (a repeated report): nothing new.
  if (state.status === 'SENT' || state.status === 'FAILED') return [];
  if (command.attempt <= state.attempts) return [];
  if (command.attempt > state.attempts + 1)
    throw conflict(`Attempt ${command.attempt} reported after ${state.attempts} failed attempts.`);
  return [
    {
      type: 'MailDeliveryFailed',
      data: {
        mailId: state.mailId,
        attempt: command.attempt,
        error: command.error.slice(0, 2000),
        failedAt: command.now,
        retryAt: command.permanent ? null : retryAt(command.attempt, command.now),
      },
    },
  ];
}

function requestResend(command: Cmd<'RequestResend'>, state: MailState): MailEvent[] {
  if (!state.mailId) throw notFound('mail');
  if (state.status === 'QUEUED' || state.status === 'RETRYING')
    throw conflict('The mail is still being delivered; resend it once it is sent or failed.');
  return [
    {
      type: 'MailResendRequested',
      data: { mailId: state.mailId, by: command.by, at: command.now },
    },
  ];
}

function evolve(state: MailState, event: MailEvent): MailState {
  switch (event.type) {
    case 'MailQueued':
      return { ...state, mailId: event.data.mailId, status: 'QUEUED', sent: false };
    case 'MailSent':
      return { ...state, status: 'SENT', sent: true, retryAt: null };
    case 'MailDeliveryFailed':
      return {
        ...state,
        status: event.data.retryAt === null ? 'FAILED' : 'RETRYING',
        attempts: event.data.attempt,
        retryAt: event.data.retryAt,
      };
    case 'MailResendRequested':
      return {
        ...state,
        status: 'QUEUED',
        sent: false,
        attempts: 0,
        delivery: state.delivery + 1,
        retryAt: null,
      };
  }
}

export const mailDecider: Decider<MailCommand, MailEvent, MailState> = {
  initialState: {
    mailId: null,
    status: 'QUEUED',
    sent: false,
    attempts: 0,
    delivery: 0,
    retryAt: null,
  },
  decide(command, state) {
    switch (command.type) {
      case 'QueueMail':
        return queueMail(command, state);
      case 'MarkMailSent':
        return markMailSent(command, state);
      case 'RecordDeliveryFailure':
        return recordFailure(command, state);
      case 'RequestResend':
        return requestResend(command, state);
      default: {
        const _exhaustive: never = command;
        throw new Error(`unknown mail command ${(_exhaustive as { type: string }).type}`);
      }
    }
  },
  evolve,
};
