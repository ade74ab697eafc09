import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSettings } from '../config.ts';
import type { EventStore } from '../../eventstore/types.ts';
import { startPlatform, type RunningPlatform } from '../platform.ts';
import { ensureUser } from '../bootstrap.ts';
import { freshDatabase } from './db.ts';

export const ADMIN = { email: 'admin@akashone.com', password: 'admin-test-password-1' };

export interface TestPlatform {
  running: RunningPlatform;
  /** POSTs a GraphQL operation through the real HTTP stack (fastify inject). */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    cookie?: string,
  ): Promise<{ data: T; errors?: any[]; status: number }>;
  signIn(email: string, password: string): Promise<string>;
  /** Creates a customer through the registration command; returns its id, password and cookie. */
  customer(email: string, name?: string): Promise<{ id: string; cookie: string; password: string }>;
  close(): Promise<void>;
}

/**
 * The whole platform on a fresh database of the test run's PostgreSQL, not listening on a port.
 * `opts.store` puts its events in that store instead of the Postgres log (e.g. the EventStoreDB
 * adapter on its in-memory double); the platform closes it.
 */
export async function startTestPlatform(
  env: Record<string, string> = {},
  opts: { store?: EventStore } = {},
): Promise<TestPlatform> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'platform-data-'));
  const settings = loadSettings({
    DATABASE_URL: await freshDatabase('app'),
    DATA_DIR: dataDir,
    BCRYPT_COST: '10',
    LOG_LEVEL: 'silent',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    NODE_ENV: 'test',
    ...env,
  });
  const running = await startPlatform(settings, { listen: false, ...opts });
  const gql: TestPlatform['gql'] = async (query, variables, cookie) => {
    const res = await running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      payload: JSON.stringify({ query, variables }),
    });
    return { ...(res.json() as { data: any; errors?: any[] }), status: res.statusCode };
  };
  const signIn = async (email: string, password: string) => {
    const res = await running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        query: 'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ id } }',
        variables: { e: email, p: password },
      }),
    });
    const body = res.json() as { errors?: { message: string }[] };
    if (body.errors) throw new Error(`sign-in failed: ${body.errors[0]!.message}`);
    const set = res.cookies.find((c) => c.name === 'sid' || c.name === '__Host-sid');
    if (!set) throw new Error('no session cookie');
    return `${set.name}=${set.value}`;
  };
  return {
    running,
    gql,
    signIn,
    async customer(email, name = 'Test Customer') {
      const password = `pw-${email}-long-enough`;
      const made = await ensureUser(
        { store: running.platform.store, now: () => new Date(), bcryptCost: 10 },
        `test:${email}`,
        { email, name, role: 'customer', password },
      );
      if (!made) throw new Error(`${email} exists`);
      await running.platform.projections.waitFor(made.position, 10_000);
      return { id: made.userId, password, cookie: await signIn(email, password) };
    },
    close: () => running.close(),
  };
}

/** A GraphQL answer's data; its errors, if any, thrown (for steps that must succeed). */
export async function must(res: Promise<{ data: any; errors?: any[] }>) {
  const r = await res;
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}
