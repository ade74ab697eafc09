import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform-types.ts';

/** Liveness and readiness: database, event store and how far each read model lags the log. */
export function registerHealth(app: FastifyInstance, platform: Platform): void {
  app.get('/healthz', async (_request, reply) => {
    const check = async (f: () => Promise<unknown>) => {
      try {
        await f();
        return 'ok';
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    const database = await check(() => platform.sql`select 1`);
    const eventStore = await check(() => platform.store.ping());
    const head = await platform.store.headPosition().catch(() => null);
    const projections = platform.projections.status().map((p) => ({
      name: p.name,
      version: p.version,
      position: p.position.commit.toString(),
      lag: head ? (head.commit > p.position.commit ? (head.commit - p.position.commit).toString() : '0') : 'unknown',
    }));
    const healthy = database === 'ok' && eventStore === 'ok' && !platform.projections.lastError;
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? 'ok' : 'degraded',
      database,
      eventStore: { kind: platform.store.kind, status: eventStore, head: head?.commit.toString() ?? null },
      projections,
      projectionError: platform.projections.lastError?.message ?? null,
    });
  });
}
