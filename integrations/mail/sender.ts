import { mailDecider, mailStreamId, type MailQueued } from '../../domain/mail/events.ts';
import { openMailText } from '../../commands/mail/queue-mail.ts';
import { handleCommand, type CommandDeps } from '../../commands/shared/handler.ts';
import { loadTenant } from '../../commands/shared/tenant.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import type { Reactor } from '../reactor.ts';
import type { MailTransports } from './transport.ts';
import { composeMessage } from './compose.ts';

/**
 * Delivers queued mails: opens the sealed text (the only place a mail's secrets exist besides
 * the recipient's copy), hands it to the transport and reports MailSent by a command. At least
 * once: a crash between delivery and the report delivers again, which the transport makes a
 * rewrite of the same message (keyed by the mail id); the report's command id is the mail's.
 */
export function mailSender(deps: CommandDeps, transports: MailTransports, key: Buffer): Reactor {
  return {
    name: 'mail.sender',
    handles: new Set(['MailQueued']),
    async react(event: RecordedEvent) {
      const mail = event.data as MailQueued['data'];
      const stream = await deps.store.readStream(mailStreamId(mail.mailId));
      if (stream.some((e) => e.type === 'MailSent')) return;
      const tenant = await loadTenant(deps.store, event.metadata.tenantId);
      const text = mail.sealedText ? openMailText(key, mail.mailId, mail.sealedText) : mail.text;
      const transport = await transports.forTenant(event.metadata.tenantId);
      await transport.deliver(
        composeMessage({ mail, text, brand: tenant.brand, legal: tenant.legal }),
      );
      const commandId = `mail-sent:${mail.mailId}`;
      await handleCommand(
        deps,
        {
          tenantId: event.metadata.tenantId,
          actor: { userId: 'system', role: 'system' },
          commandId,
          correlationId: event.metadata.correlationId,
          causationId: event.id,
        },
        {
          streamId: mailStreamId(mail.mailId),
          decider: mailDecider,
          command: (now) => ({ type: 'MarkMailSent' as const, via: transport.name, now }),
        },
      );
    },
  };
}
