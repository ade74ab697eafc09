import type { Area } from './area.ts';
import { mailProjector } from '../../projections/mail/projector.ts';
import { mailSender } from '../../integrations/mail/sender.ts';
import { invoicePdfAttachments } from '../../integrations/mail/attachments.ts';
import { mailResolvers } from '../../graphql/mail/resolvers.ts';

/** The outbox: mails queued by the other areas, and the sender that delivers them. */
export const mailArea: Area = {
  name: 'mail',
  projectors: [mailProjector],
  graphql: {
    sdl: [new URL('../../graphql/mail/mail.graphql', import.meta.url)],
    resolvers: [mailResolvers],
  },
  testing: () => import('../../graphql/mail/isolation.ts'),
  reactors: ({ store, now, mail, sql, log }) => [
    mailSender({ store, now }, mail.transports, mail.key, {
      sql,
      log,
      attachments: invoicePdfAttachments(sql),
    }),
  ],
};
