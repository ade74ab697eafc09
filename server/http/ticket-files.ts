import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform-types.ts';
import { buildContext } from '../../graphql/plugin.ts';
import { readScoped } from '../../graphql/context.ts';
import { accountOf } from '../../commands/shared/authorize.ts';
import { isUuid } from '../../commands/shared/validate.ts';
import { attachmentOf } from '../../projections/tickets/queries.ts';

/**
 * Ticket attachments, served only to the ticket's account (holder and team members) and the
 * tenant's staff with tickets.read; anyone else is told "not found". A note's attachment (none
 * today) would be staff only. Sent with nosniff and a sandboxing CSP, as the top-up proofs.
 */
export function registerTicketFileRoutes(app: FastifyInstance, platform: Platform): void {
  app.get<{ Params: { ticketId: string; id: string } }>(
    '/files/tickets/:ticketId/attachments/:id',
    async (request, reply) => {
      const ctx = await buildContext(platform, request, reply);
      const viewer = ctx.viewer;
      if (!viewer) return reply.code(401).send({ error: 'Sign in first.' });
      const staff = viewer.role === 'admin';
      if (
        staff &&
        !viewer.permissions.includes('tickets.read') &&
        !viewer.permissions.includes('tickets.manage')
      )
        return reply.code(403).send({ error: 'Needs the tickets.read permission.' });
      const { ticketId, id } = request.params;
      if (!isUuid(ticketId) || !isUuid(id)) return reply.code(404).send({ error: 'Not found.' });
      const found = await readScoped(platform.sql, ctx.tenantId, (tx) =>
        attachmentOf(tx, ticketId, id),
      );
      if (!found || (!staff && (found.internal || found.accountId !== accountOf(viewer))))
        return reply.code(404).send({ error: 'Not found.' });
      const bytes = await platform.files.get(ctx.tenantId, found.file.sha256);
      if (!bytes) return reply.code(404).send({ error: 'The file is missing from storage.' });
      const safeName = found.file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
      return reply
        .header('content-type', found.file.contentType)
        .header('content-disposition', `attachment; filename="${safeName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
}
