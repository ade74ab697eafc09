import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../platform-types.ts';
import { buildContext } from '../../graphql/plugin.ts';
import { pingDatabase } from '../../projections/shared/ping.ts';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Liveness and readiness: database, event store and how far each read model lags the log. Anyone
 * learns up or down; the details (versions, positions, error messages, where mail goes) only a
 * caller on this machine (the client address, so behind a proxy TRUST_PROXY names, the real
 * client's) or a signed-in admin.
 */
export function registerHealth(app: FastifyInstance, platform: Platform): void {
  const mayReadDetails = async (request: FastifyRequest, reply: FastifyReply) =>
    LOOPBACK.test(request.ip) ||
    (await buildContext(platform, request, reply).then(
      (c) => c.viewer?.role === 'admin',
      () => false,
    ));
  app.get('/healthz', async (request, reply) => {
    const check = async (f: () => Promise<unknown>) => {
      try {
        await f();
        return 'ok';
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    const database = await check(() => pingDatabase(platform.sql));
    const eventStore = await check(() => platform.store.ping());
    const head = await platform.store.headPosition().catch(() => null);
    const projections = platform.projections.status().map((p) => ({
      name: p.name,
      version: p.version,
      position: p.position.commit.toString(),
      lag: head
        ? head.commit > p.position.commit
          ? (head.commit - p.position.commit).toString()
          : '0'
        : 'unknown',
    }));
    const healthy = database === 'ok' && eventStore === 'ok' && !platform.projections.lastError;
    if (!(await mayReadDetails(request, reply)))
      return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded' });
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? 'ok' : 'degraded',
      database,
      eventStore: {
        kind: platform.store.kind,
        status: eventStore,
        head: head?.commit.toString() ?? null,
      },
      projections,
      projectionError: platform.projections.lastError?.message ?? null,
      // Production without a mail service: nothing leaves the server (mails wait as .eml files).
      mail: platform.mail.configured
        ? { status: 'ok', transport: platform.mail.transport }
        : {
            status:
              platform.settings.NODE_ENV === 'production' ? 'not configured' : 'local mailbox',
            transport: platform.mail.transport,
            mailbox: platform.mail.mailbox,
          },
    });
  });
}
