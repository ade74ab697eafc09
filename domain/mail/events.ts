import { badInput, type Decider, type DomainEvent } from '../shared/decider.ts';

/** A mail to send; with no mail service configured it stays in the outbox for admins to read. */
export type MailQueued = DomainEvent<
  'MailQueued',
  { mailId: string; to: string; subject: string; text: string; causedBy: string; queuedAt: string }
>;
export type MailSent = DomainEvent<'MailSent', { mailId: string; sentAt: string }>;
export type MailEvent = MailQueued | MailSent;

export const mailStreamId = (mailId: string) => `mail-${mailId}`;

export type MailCommand =
  | { type: 'QueueMail'; mailId: string; to: string; subject: string; text: string; causedBy: string; now: string }
  | { type: 'MarkMailSent'; now: string };

export const mailDecider: Decider<MailCommand, MailEvent, { mailId: string | null; sent: boolean }> = {
  initialState: { mailId: null, sent: false },
  decide(command, state) {
    if (command.type === 'QueueMail') {
      if (state.mailId) return [];
      if (!command.to.includes('@')) throw badInput('to', 'a mail needs a recipient address');
      const { mailId, to, subject, text, causedBy, now } = command;
      return [{ type: 'MailQueued', data: { mailId, to, subject, text, causedBy, queuedAt: now } }];
    }
    if (!state.mailId || state.sent) return [];
    return [{ type: 'MailSent', data: { mailId: state.mailId, sentAt: command.now } }];
  },
  evolve: (state, event) =>
    event.type === 'MailQueued' ? { mailId: event.data.mailId, sent: false } : { ...state, sent: true },
};
