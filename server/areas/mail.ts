import type { Area } from './area.ts';
import { mailProjector } from '../../projections/mail/projector.ts';
import { mailSender } from '../../integrations/mail/sender.ts';
import { invoicePdfAttachments } from '../../integrations/mail/attachments.ts';

/** The outbox: mails queued by the other areas, and the sender that delivers them. */
export const mailArea: Area = {
  name: 'mail',
  projectors: [mailProjector],
  reactors: ({ store, now, mail, sql, log }) => [
    mailSender({ store, now }, mail.transports, mail.key, {
      sql,
      log,
      attachments: invoicePdfAttachments(sql),
    }),
  ],
};
