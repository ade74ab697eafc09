import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform-types.ts';
import { buildContext } from '../../graphql/plugin.ts';
import { readScoped } from '../../graphql/context.ts';
import { mayReadWallets, seesWalletOf } from '../../graphql/wallet/access.ts';
import { topUpProof } from '../../projections/wallet/queries.ts';
import { isUuid } from '../../commands/shared/validate.ts';

/** Payment proofs, served only to their owner and the tenant's admins. */
export function registerFileRoutes(app: FastifyInstance, platform: Platform): void {
  app.get<{ Params: { id: string } }>('/files/top-ups/:id/proof', async (request, reply) => {
    const ctx = await buildContext(platform, request, reply);
    if (!ctx.viewer) return reply.code(401).send({ error: 'Sign in first.' });
    if (!mayReadWallets(ctx.viewer))
      return reply.code(403).send({ error: 'Needs the wallet.view permission.' });
    if (!isUuid(request.params.id)) return reply.code(404).send({ error: 'Not found.' });
    const row = await readScoped(platform.sql, ctx.tenantId, (tx) =>
      topUpProof(tx, request.params.id),
    );
    if (!row || !seesWalletOf(ctx.viewer, row.customer_id))
      return reply.code(404).send({ error: 'Not found.' });
    const bytes = await platform.files.get(ctx.tenantId, row.proof_sha256);
    if (!bytes) return reply.code(404).send({ error: 'The file is missing from storage.' });
    const safeName = String(row.proof_file_name).replace(/[^A-Za-z0-9._-]/g, '_');
    return (
      reply
        .header('content-type', row.proof_content_type)
        .header('content-disposition', `inline; filename="${safeName}"`)
        .header('x-content-type-options', 'nosniff')
        // Framed only by the portal itself (the admin's proof dialog shows a PDF in an iframe).
        .header(
          'content-security-policy',
          "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
        )
        .header('cache-control', 'private, no-store')
        .send(bytes)
    );
  });
}
