import { mailDecider, mailStreamId, type MailAttachmentRef } from '../../domain/mail/events.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import type { CommandPort } from '../reactor.ts';

/** A mail a notifier writes for an event (no secrets in it: nothing sealed). */
export interface EventMail {
  kind: string;
  subject: string;
  text: string;
  attachments?: MailAttachmentRef[];
}

/**
 * Queues the mail a notifier writes for `event`, as the system, caused by the event. The mail's
 * id comes from `commandId`, so a redelivered event queues nothing twice; its subject and text
 * are written from what was read now, so a retry after a rename is still the same mail.
 */
export async function queueEventMail(
  issue: CommandPort,
  event: RecordedEvent,
  commandId: string,
  to: string,
  mail: EventMail,
): Promise<void> {
  const mailId = uuidFrom(commandId);
  await issue(
    {
      tenantId: event.metadata.tenantId,
      actor: { userId: 'system', role: 'system' },
      commandId,
      correlationId: event.metadata.correlationId,
      causationId: event.id,
    },
    {
      streamId: mailStreamId(mailId),
      decider: mailDecider,
      command: (now) => ({
        type: 'QueueMail' as const,
        mailId,
        to,
        ...mail,
        sealedText: null,
        causedBy: event.id,
        now,
      }),
      perAttempt: { subject: undefined, text: undefined },
    },
  );
}
