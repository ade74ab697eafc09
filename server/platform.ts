import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import path from 'node:path';
import type { Settings } from './config.ts';
import type { Platform } from './platform-types.ts';
import { connect } from './connect.ts';
import type { EventStore, Position } from '../eventstore/types.ts';
import { ProjectionRunner } from '../projections/shared/runner.ts';
import { allProjectors, reactorsOf, schema } from './areas/index.ts';
import { PostgresSessionStore } from '../integrations/identity/sessions-postgres.ts';
import { accountDependencies } from './accounts.ts';
import { localFileStorage } from '../integrations/storage/files.ts';
import { topUpOwner } from '../projections/wallet/queries.ts';
import { firstAdminId, tenantDomains, tenantIdForHost } from '../projections/identity/queries.ts';
import { publicBaseUrl } from '../domain/tenancy/public-url.ts';
import { ReactorRunner } from '../integrations/reactor.ts';
import { mailTransports, testMailPort } from '../integrations/mail/transports.ts';
import { mailKey } from '../commands/mail/queue-mail.ts';
import { registerGraphql } from '../graphql/plugin.ts';
import { SMALL_BODY_BYTES } from '../graphql/limits.ts';
import { registerFileRoutes } from './http/files.ts';
import { registerInvoiceFileRoutes } from './http/invoice-files.ts';
import { registerTicketFileRoutes } from './http/ticket-files.ts';
import { registerHealth } from './http/health.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerWeb } from './http/web.ts';
import { bootstrap, type Credentials } from './bootstrap.ts';
import { seedDemo } from './demo.ts';
import { OPERATOR_TENANT_ID } from '../domain/tenancy/events.ts';
import { servicePorts } from './provisioning.ts';
import type { ModuleDirectoryOptions } from '../integrations/provisioning/directory.ts';
import { postgresAutomationReads } from './areas/automation.ts';
import { postgresAutomationLock } from '../integrations/automation/lock-postgres.ts';

/**
 * This machine's own names: the operator's in development and for local checks, whatever its
 * domains say (a tenant claiming one of them still gets it).
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A Host header's name: lower case, without the port ("[::1]:3000" → "[::1]"). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
}

export interface RunningPlatform {
  app: FastifyInstance;
  platform: Platform;
  url: string;
  /** Accounts created on this start (to print once). */
  created: Credentials[];
  close(): Promise<void>;
}

/** The composition root: database, event store, projections, reactors, HTTP. */
export async function startPlatform(
  settings: Settings,
  opts: {
    listen?: boolean;
    /** An event store to use instead of the settings' (see ConnectOptions.store): tests only. */
    store?: EventStore;
    /** How CloudStack clients are made and wait (tests: the API double, a fast poll). */
    provisioning?: ModuleDirectoryOptions;
  } = {},
): Promise<RunningPlatform> {
  const app = Fastify({
    logger: { level: settings.LOG_LEVEL },
    // Small bodies everywhere; /graphql takes an upload's body for the mutations that carry files.
    bodyLimit: SMALL_BODY_BYTES,
    // Only the proxies the settings name may say who the client is (X-Forwarded-For). (The
    // cast: fastify's overloads accept each kind, false, a hop count or a list, but not the union.)
    trustProxy: settings.TRUST_PROXY as string[],
  });
  const connection = await connect(settings, {
    log: (m) => app.log.error(m),
    poolSize: 20,
    storePoolSize: 10,
    ...(opts.store ? { store: opts.store } : {}),
  });
  const { sql, store } = connection;

  const now = () => new Date();
  const sessions = new PostgresSessionStore(
    sql,
    settings.SESSION_IDLE_MINUTES,
    settings.SESSION_ABSOLUTE_HOURS,
    settings.IMPERSONATION_MINUTES,
  );
  await sessions.migrate();
  const files = localFileStorage(path.join(settings.DATA_DIR, 'uploads'));
  const projections = new ProjectionRunner(sql, store, allProjectors, (msg, extra) =>
    app.log.warn(extra ?? {}, msg),
  );
  await projections.start();
  const caughtUp = async (p: Position) => {
    if (!(await projections.waitFor(p, 30_000)))
      throw new Error('read models did not catch up within 30 s');
  };

  const tenantCache = new Map<string, { id: string | null; at: number }>();
  const identity = await accountDependencies(
    settings,
    { store, now, sql, sessions, bcryptCost: settings.BCRYPT_COST },
    (msg, err) => app.log.error({ err }, msg),
  );
  // The operator's service from the environment (SMTP, SendGrid, else the local mailbox); each
  // tenant may choose its own in Admin → Settings → Mail.
  const mailDir = path.join(settings.DATA_DIR, 'mail');
  const transports = mailTransports({
    store,
    keys: identity.keys,
    operator: settings,
    mailboxDir: mailDir,
    log: (line, extra) => app.log.info(extra, line),
  });
  const transport = transports.fallback;
  if (settings.NODE_ENV === 'production' && !transport.configured)
    app.log.warn(
      { mailbox: mailDir },
      `NO MAIL SERVICE IS CONFIGURED: no mail leaves this server; each one is written to ${mailDir}`,
    );
  const mail = {
    transport: transport.name,
    configured: transport.configured,
    mailbox: transport.configured ? null : mailDir,
    // Admin → Settings → Mail's "Send test mail" (graphql/tenancy/mail-settings-resolvers.ts).
    test: testMailPort(store, transports),
  };
  const platform: Platform = {
    settings,
    mail,
    sql,
    store,
    projections,
    sessions,
    files,
    identity,
    services: servicePorts(settings, identity.keys, store, opts.provisioning),
    automation: { reads: postgresAutomationReads(sql), lock: postgresAutomationLock(sql) },
    wallet: {
      store,
      now,
      files,
      maxUploadBytes: settings.MAX_UPLOAD_BYTES,
      findTopUpOwner: (tenantId, topUpId) => topUpOwner(sql, tenantId, topUpId),
    },
    forgetTenantHosts: () => tenantCache.clear(),
    async tenantForHost(host) {
      const name = hostName(host);
      const hit = tenantCache.get(name);
      if (hit && Date.now() - hit.at < 30_000) return hit.id;
      // A host no tenant claims is no site, except this machine's own names (the operator).
      const id =
        (await tenantIdForHost(sql, name)) ??
        (LOOPBACK_HOSTS.has(name) ? OPERATOR_TENANT_ID : null);
      // Any Host header makes an entry: bounded, so a flood of made-up names cannot grow it.
      if (tenantCache.size >= 10_000) tenantCache.clear();
      tenantCache.set(name, { id, at: Date.now() });
      return id;
    },
  };

  const deps = { store, now, bcryptCost: settings.BCRYPT_COST };
  const boot = await bootstrap(deps, {
    adminEmail: settings.ADMIN_EMAIL,
    adminPassword: settings.ADMIN_PASSWORD,
  });
  for (const p of boot.positions) await caughtUp(p);
  const created = [...boot.created];
  if (settings.DEMO) {
    const adminId = async () => {
      return (await firstAdminId(sql, OPERATOR_TENANT_ID))!;
    };
    const demo = await seedDemo(
      {
        ...platform.wallet,
        bcryptCost: settings.BCRYPT_COST,
        sealKey: platform.services.sealKey,
        identity: platform.identity,
      },
      adminId,
      caughtUp,
    );
    for (const p of demo.positions) await caughtUp(p);
    created.push(...demo.created);
  }

  const reactorLog = (m: string, e?: object) => app.log.warn(e ?? {}, m);
  const reactors = reactorsOf({
    store,
    now,
    sql,
    mail: {
      transports,
      key: mailKey(platform.identity.keys),
    },
    services: platform.services,
    automation: { ...platform.automation, schedule: settings.NODE_ENV !== 'test' },
    log: reactorLog,
    linkBase: async (tenantId) => {
      const bound = app.server.address();
      return publicBaseUrl(
        await tenantDomains(sql, tenantId),
        settings,
        bound && typeof bound === 'object' ? bound.port : null,
      );
    },
  }).map((r) => new ReactorRunner(sql, store, r, reactorLog));
  for (const r of reactors) await r.start();

  await app.register(cookie);
  registerSecurityHeaders(app, settings);
  registerHealth(app, platform);
  registerFileRoutes(app, platform);
  registerInvoiceFileRoutes(app, platform);
  registerTicketFileRoutes(app, platform);
  await registerGraphql(app, platform, schema);
  await registerWeb(app, platform);

  let address = '';
  if (opts.listen !== false)
    address = await app.listen({ host: settings.HOST, port: settings.PORT });
  return {
    app,
    platform,
    url: address,
    created,
    async close() {
      await app.close();
      // Mails and accounts started after an answer was sent finish before the database closes.
      await Promise.allSettled([...(platform.identity.inFlight ?? [])]);
      // Side by side: each stop is bounded (integrations/reactor.ts), so the close is too.
      await Promise.all(reactors.map((r) => r.stop()));
      await projections.stop();
      await transports.close?.();
      await connection.close();
    },
  };
}
