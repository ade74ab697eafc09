import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './report.ts';

export interface ReadsConfig {
  url: string;
  rounds: number;
  seconds: number;
  log: (line: string) => void;
}

const here = path.dirname(fileURLToPath(import.meta.url));

const WALLET = `query { wallet { balance entries(first: 50) { id occurredAt kind description amount balanceAfter eventId eventType streamId revision position hash } } }`;
const TOP_UPS = `query { topUps(first: 50) { total items { id amount method reference status requestedAt customer { id email name } } } }`;
const REQUEST = `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id status } }`;

export interface Server {
  url: string;
  customerCookie: string;
  adminCookie: string;
  writerCookies: string[];
  proof: string;
  /** With BENCH_CHECKOUT_FUNDS: the order every checkout places (the writers are funded for it). */
  checkout: { items: unknown[] } | null;
  stop(): void;
}

/** Starts bench/reads-server.ts in a child process and waits for its JSON line. */
export function startServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Server> {
  const child = spawn(
    path.join(here, '../node_modules/.bin/tsx'),
    [path.join(here, 'reads-server.ts')],
    {
      env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line)
        resolve({
          ...(JSON.parse(line) as Omit<Server, 'stop'>),
          stop: () => child.kill('SIGTERM'),
        });
    });
    child.once('exit', (code) =>
      reject(new Error(`reads server exited (${code}) before it was ready`)),
    );
  });
}

type Result = autocannon.Result;

function load(opts: autocannon.Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const gqlRequest = (url: string, cookie: string, query: string): autocannon.Options => ({
  url: `${url}/graphql`,
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie },
  body: JSON.stringify({ query }),
});

/**
 * Issue 5's read figures: the wallet ledger and the top-up list over GraphQL against the same
 * SQL behind a bare fastify route (throughput, and p50/p99 at a fixed 2,000 requests/s), and
 * write-to-read: a top-up mutation until its effect is readable, at 200 commands/s.
 */
export async function benchReads(
  cfg: ReadsConfig,
): Promise<{ rows: BenchRow[]; notes: string[]; profile: Record<string, Record<string, number>> }> {
  const server = await startServer(cfg.url);
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const profile: Record<string, Record<string, number>> = {};
  try {
    const cases = [
      {
        name: 'wallet ledger (50 entries)',
        gql: gqlRequest(server.url, server.customerCookie, WALLET),
        bare: { url: `${server.url}/bare/wallet`, headers: { cookie: server.customerCookie } },
      },
      {
        name: 'top-up list (50 of the tenant)',
        gql: gqlRequest(server.url, server.adminCookie, TOP_UPS),
        bare: { url: `${server.url}/bare/top-ups`, headers: { cookie: server.adminCookie } },
      },
    ];
    for (const c of cases) {
      // Warm up both (JIT compiles the GraphQL query after its first runs).
      await load({ ...c.gql, connections: 8, duration: 1 });
      await load({ ...c.bare, connections: 8, duration: 1 });
      const gqlRps: number[] = [];
      const bareRps: number[] = [];
      const p50: number[] = [];
      const p99: number[] = [];
      const bareP99: number[] = [];
      for (let r = 0; r < cfg.rounds; r++) {
        const g = await load({ ...c.gql, connections: 16, duration: cfg.seconds });
        const b = await load({ ...c.bare, connections: 16, duration: cfg.seconds });
        if (g.non2xx || b.non2xx || g.errors || b.errors)
          throw new Error(
            `${c.name}: ${g.non2xx + g.errors} GraphQL and ${b.non2xx + b.errors} bare failures`,
          );
        gqlRps.push(g.requests.average);
        bareRps.push(b.requests.average);
        const gf = await load({
          ...c.gql,
          connections: 32,
          duration: cfg.seconds,
          overallRate: 2000,
        });
        const bf = await load({
          ...c.bare,
          connections: 32,
          duration: cfg.seconds,
          overallRate: 2000,
        });
        p50.push(gf.latency.p50);
        p99.push(gf.latency.p99);
        bareP99.push(bf.latency.p99);
        cfg.log(
          `  round ${r + 1}, ${c.name}: GraphQL ${Math.round(g.requests.average)} req/s, bare ${Math.round(b.requests.average)} req/s; at 2,000/s GraphQL p50 ${gf.latency.p50} ms p99 ${gf.latency.p99} ms (${Math.round(gf.requests.average)} req/s served), bare p99 ${bf.latency.p99} ms`,
        );
      }
      // One more, unrecorded, GraphQL run with the server's CPU profiled.
      await fetch(`${server.url}/bench/profile/start`, { method: 'POST' });
      await load({ ...c.gql, connections: 16, duration: cfg.seconds });
      const p = (await (
        await fetch(`${server.url}/bench/profile/stop`, { method: 'POST' })
      ).json()) as { nodeFunctions: Record<string, number>; nodeFiles: Record<string, number> };
      profile[`GraphQL ${c.name}: server Node CPU by file (share of busy samples)`] = p.nodeFiles;
      profile[`GraphQL ${c.name}: server Node CPU by function (share of busy samples)`] =
        p.nodeFunctions;
      rows.push({
        name: `GraphQL ${c.name}, max throughput`,
        unit: 'req/s',
        rounds: gqlRps,
        baseline: { name: 'same SQL behind a bare fastify route', rounds: bareRps },
        target: '≥ 0.85× the bare route (issue 5)',
      });
      rows.push({ name: `GraphQL ${c.name}, p50 at 2,000 req/s`, unit: 'ms', rounds: p50 });
      rows.push({
        name: `GraphQL ${c.name}, p99 at 2,000 req/s`,
        unit: 'ms',
        rounds: p99,
        baseline: { name: 'bare route p99 at 2,000 req/s', rounds: bareP99 },
        target: '≤ 10 ms (issue 5)',
      });
    }

    // Write to read: each request is a new top-up (its own commandId) of one of 32 customers, in
    // turn; the mutation answers once
    // the read models include its events and reads the result back from them.
    const p50: number[] = [];
    const p99: number[] = [];
    let sent = 0;
    for (let r = 0; r < cfg.rounds; r++) {
      const result = await load({
        url: `${server.url}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: server.customerCookie },
        connections: 32,
        overallRate: 200,
        duration: cfg.seconds,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              headers: {
                ...req.headers,
                cookie: server.writerCookies[sent++ % server.writerCookies.length]!,
              },
              body: JSON.stringify({
                query: REQUEST,
                variables: {
                  input: {
                    commandId: randomUUID(),
                    amount: '150.00',
                    method: 'BANK_TRANSFER',
                    reference: 'UTR-W2R',
                    proof: { fileName: 'p.png', contentType: 'image/png', base64: server.proof },
                  },
                },
              }),
            }),
          },
        ],
      });
      if (result.non2xx || result.errors)
        throw new Error(`write-to-read: ${result.non2xx + result.errors} failures`);
      p50.push(result.latency.p50);
      p99.push(result.latency.p99);
      cfg.log(
        `  round ${r + 1}, write to read at 200 commands/s: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${Math.round(result.requests.average)} commands/s served)`,
      );
    }
    rows.push({
      name: 'Write to read (requestTopUp until readable), p50 at 200 commands/s',
      unit: 'ms',
      rounds: p50,
      target: '≤ 10 ms (issue 5)',
    });
    rows.push({
      name: 'Write to read, p99 at 200 commands/s',
      unit: 'ms',
      rounds: p99,
      target: '≤ 50 ms (issue 5)',
    });
    notes.push(
      'Reads: the bare route runs the same statements as the resolvers (session, viewer, tenant-scoped transactions under RLS), so the ratio is the cost of the GraphQL layer. The server runs in its own process; autocannon shares the two cores with it and PostgreSQL.',
    );
  } finally {
    server.stop();
  }
  return { rows, notes, profile };
}
