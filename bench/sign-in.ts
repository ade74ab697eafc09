/**
 * Sign-in throughput and latency at several bcrypt costs, measured against the real `signIn`
 * mutation over HTTP (autocannon), on a platform started here with the embedded PostgreSQL.
 *
 *   npx tsx bench/sign-in.ts [costs=10,11,12,13] [seconds=15]
 *
 * Each cost gets its own data directory and database: users are made with that cost, then
 * signed in one request at a time (latency unloaded) and from 8 connections (throughput). Every
 * answer is checked to be a real sign-in (a session), not a refusal. Not part of `npm run bench`:
 * it measures the CPU cost of a setting, not code to compare against a baseline.
 */
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSettings } from '../server/config.ts';
import { startPlatform } from '../server/platform.ts';
import { ensureUser } from '../server/bootstrap.ts';
import { hashPassword, verifyPassword } from '../commands/identity/passwords.ts';

interface Histogram {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface Result {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  non2xx: number;
  duration: number;
}
interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  setupRequest?: (r: Request) => Request;
  onResponse?: (status: number, body: string) => void;
}
/** autocannon ships no types; this is the part used here. */
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: Record<string, unknown>,
  done: (err: Error | null, result: Result) => void,
) => void;

const USERS = 40;
const PASSWORD = 'a long benchmark passphrase';
const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { next } }';

const costs = (process.argv[2] ?? '10,11,12,13').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 15);

function load(
  url: string,
  connections: number,
  duration: number,
): Promise<{ result: Result; refused: number }> {
  let n = 0;
  let refused = 0;
  const request: Request = {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: '',
    // Round-robin over the users: one account's stream takes one sign-in event at a time.
    setupRequest: (r) => ({
      ...r,
      body: JSON.stringify({
        query: SIGN_IN,
        variables: { e: `bench${n++ % USERS}@example.com`, p: PASSWORD },
      }),
    }),
    onResponse: (status, body) => void ((status !== 200 || !body.includes('"DONE"')) && refused++),
  };
  return new Promise((resolve, reject) =>
    autocannon({ url, connections, duration, requests: [request] }, (err, result) =>
      err ? reject(err) : resolve({ result, refused }),
    ),
  );
}

async function measure(cost: number) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `bench-signin-${cost}-`));
  const settings = loadSettings({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(57000 + Math.floor(Math.random() * 2000)),
    HOST: '127.0.0.1',
    PORT: '0',
    BCRYPT_COST: String(cost),
    LOG_LEVEL: 'fatal',
    NODE_ENV: 'test',
    ADMIN_PASSWORD: 'bench-admin-password-1',
  });
  const running = await startPlatform(settings);
  try {
    const deps = { store: running.platform.store, now: () => new Date(), bcryptCost: cost };
    const made = await Promise.all(
      Array.from({ length: USERS }, (_, i) =>
        ensureUser(deps, `bench:${i}`, {
          email: `bench${i}@example.com`,
          name: `Bench ${i}`,
          role: 'customer',
          password: PASSWORD,
        }),
      ),
    );
    for (const m of made) await running.platform.projections.waitFor(m!.position, 30_000);

    // bcrypt alone, one at a time: the floor under every sign-in.
    const hash = await hashPassword(PASSWORD, cost);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await verifyPassword(PASSWORD, hash);
    const bcryptMs = (performance.now() - t0) / 5;

    const single = await load(running.url, 1, Math.max(5, Math.round(seconds / 2)));
    const loaded = await load(running.url, 8, seconds);
    // autocannon stops at its deadline with requests still in flight; let them finish first.
    await new Promise((r) => setTimeout(r, 3000));
    return { cost, bcryptMs, single, loaded };
  } finally {
    await running.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `sign-in at bcrypt costs ${costs.join(', ')} — ${os.cpus().length} × ${cpu}, Node ${process.version}, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 4}`,
);
console.log(
  '| cost | bcrypt compare | 1 connection: req/s, p50 / p99 | 8 connections: req/s, p50 / p90 / p99 | refused |',
);
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const cost of costs) {
  const r = await measure(cost);
  const s = r.single.result;
  const l = r.loaded.result;
  console.log(
    `| ${cost} | ${r.bcryptMs.toFixed(0)} ms | ${s.requests.mean.toFixed(1)}, ${s.latency.p50} / ${s.latency.p99} ms | ${l.requests.mean.toFixed(1)}, ${l.latency.p50} / ${l.latency.p90} / ${l.latency.p99} ms | ${r.single.refused + r.loaded.refused + s.errors + l.errors} |`,
  );
}
