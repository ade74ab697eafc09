import type { Row } from 'postgres';
import { requestMailResend } from '../../commands/mail/queue-mail.ts';
import { notFound } from '../../domain/shared/decider.ts';
import type { MailStatus } from '../../domain/mail/events.ts';
import { outbox } from '../../projections/mail/queries.ts';
import { commandContext, readScoped, requirePermission, settle } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { clamp } from '../identity/resolvers.ts';

/** Who reads the outbox and resends from it: staff who manage users (domain/access/permissions.ts). */
const OUTBOX_PERMISSION = 'users.manage';

/** An outbox row as the API shows it: `body` is the text staff may read (secrets are placeholders). */
const toOutboxMail = (r: Row) => ({
  id: r.id as string,
  to: r.to_address as string,
  subject: r.subject as string,
  kind: r.kind as string,
  text: r.body as string,
  status: r.status as MailStatus,
  queuedAt: r.queued_at as Date,
  sentAt: r.sent_at as Date | null,
  sentVia: r.sent_via as string | null,
  providerMessageId: r.provider_message_id as string | null,
  attempts: r.attempts as number,
  lastError: r.last_error as string | null,
  nextRetryAt: r.next_retry_at as Date | null,
  causedBy: r.caused_by as string,
});

/** The outbox (Admin → Outbox): what was mailed, how its delivery stands, and resending. */
export const mailResolvers = {
  Query: {
    async outbox(_, args, ctx) {
      requirePermission(ctx, OUTBOX_PERMISSION);
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        outbox(tx, clamp(args.first, 200), { status: args.status ?? null }),
      );
      return rows.map(toOutboxMail);
    },
  },
  Mutation: {
    async resendMail(_, args, ctx) {
      requirePermission(ctx, OUTBOX_PERMISSION);
      const r = await requestMailResend(
        { store: ctx.platform.store, now: ctx.platform.wallet.now },
        commandContext(ctx, args.commandId),
        args.mailId,
      );
      await settle(ctx, r.position);
      const [row] = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        outbox(tx, 1, { id: args.mailId }),
      );
      if (!row) throw notFound('mail');
      return toOutboxMail(row);
    },
  },
} satisfies Resolvers;
