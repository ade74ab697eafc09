import { mailDecider, mailStreamId, type MailQueued } from '../../domain/mail/events.ts';
import { openMailText } from '../../commands/mail/queue-mail.ts';
import { handleCommand, type CommandDeps } from '../../commands/shared/handler.ts';
import { loadTenant } from '../../commands/shared/tenant.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import type { Reactor } from '../reactor.ts';
import type { MailTransport } from './transport.ts';

/**
 * Delivers queued mails: opens the sealed text (the only place a mail's secrets exist besides
 * the recipient's copy), hands it to the transport and reports MailSent by a command. At least
 * once: a crash between delivery and the report delivers again, which the transport makes a
 * rewrite of the same message (keyed by the mail id); the report's command id is the mail's.
 */
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

export function mailSender(deps: CommandDeps, transport: MailTransport, key: Buffer): Reactor {
  return {
    name: 'mail.sender',
    handles: new Set(['MailQueued']),
    async react(event: RecordedEvent) {
      const mail = event.data as MailQueued['data'];
      const stream = await deps.store.readStream(mailStreamId(mail.mailId));
      if (stream.some((e) => e.type === 'MailSent')) return;
      const brand = (await loadTenant(deps.store, event.metadata.tenantId)).brand;
      const text = mail.sealedText ? openMailText(key, mail.mailId, mail.sealedText) : mail.text;
      await transport.deliver({
        mailId: mail.mailId,
        from: senderOf(brand),
        to: mail.to,
        subject: mail.subject,
        text,
        date: mail.queuedAt,
      });
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
