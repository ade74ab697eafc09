import postgres, { type Sql } from 'postgres';
import { createPostgresEventStore } from '../eventstore/postgres/store.ts';
import { verifyChain } from '../eventstore/hash.ts';
import {
  WrongExpectedRevision,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '../eventstore/types.ts';
import { openEmmett, type EmmettPeer } from './emmett.ts';
import { appendPayloads } from './events.ts';
import { Probe, type Usage } from './probe.ts';
import { profileRun } from './profile.ts';
import { mean, type BenchRow } from './report.ts';

export interface AppendsConfig {
  url: string;
  /** The benchmark's PostgreSQL data folder, to read its processes' CPU. */
  dataDir: string;
  rounds: number;
  roundMs: number;
  writers: number[];
  hotWriters: number;
  /** postgres.js pool size of the store and of the raw baseline alike. */
  poolSize: number;
  log: (line: string) => void;
}

type Kind = 'log' | 'raw' | 'emmett';

interface Run {
  ops: number;
  seconds: number;
  usage: Usage;
  /** Postgres log only: transactions that carried the run's appends (distinct xid8). */
  transactions?: number;
}

/**
 * Appends per second of the Postgres log (group commit) with 1, 8, 32, 128 writers, each on its
 * own stream at exact expected revisions, beside raw single-row INSERT + COMMIT with the same
 * writer counts and pool size on the same database (and Emmett's store when installed); then
 * one hot stream that all writers fight over, where every conflict is retried and none is lost.
 */
export async function benchAppends(
  cfg: AppendsConfig,
): Promise<{ rows: BenchRow[]; notes: string[]; profile: Record<string, Record<string, number>> }> {
  const notes: string[] = [];
  const profile: Record<string, Record<string, number>> = {};
  const store = await createPostgresEventStore(cfg.url, { poolSize: cfg.poolSize });
  const raw = postgres(cfg.url, {
    max: cfg.poolSize,
    onnotice: () => {},
    connection: { application_name: 'bench_raw' },
  });
  const probeSql = postgres(cfg.url, { max: 1, onnotice: () => {} });
  const probe = new Probe(probeSql, cfg.dataDir);
  await createRawTable(raw);
  const emmett = await openEmmett(cfg.url);
  if ('skipped' in emmett) notes.push(emmett.skipped);
  const peer = 'peer' in emmett ? emmett.peer : null;
  const next = appendPayloads();
  const kinds: Kind[] = peer ? ['log', 'raw', 'emmett'] : ['log', 'raw'];
  // Emmett's own pool is not reachable: its last second of statistics may be counted late.
  const pools = [
    { sql: store.sql, size: cfg.poolSize },
    { sql: raw, size: cfg.poolSize },
  ];

  const results = new Map<string, Run[]>(); // `${kind}:${writers}`
  const hot: { ops: number; seconds: number; retries: number; length: number }[] = [];
  try {
    // Warm-up (JIT, connections, first pages of the tables); not recorded.
    for (const kind of kinds)
      await drive(
        cfg.writers.includes(8) ? 8 : cfg.writers[0]!,
        500,
        writerFor(kind, 'warm', store, raw, peer, next),
      );

    let before = await probe.sample();
    for (let round = 0; round < cfg.rounds; round++) {
      for (const w of cfg.writers) {
        // Alternate which goes first, so warm caches and checkpoints do not favour one side.
        const order = round % 2 === 0 ? kinds : [...kinds].reverse();
        for (const kind of order) {
          const head = kind === 'log' ? await maxPosition(store.sql) : 0n;
          const { ops, seconds } = await drive(
            w,
            cfg.roundMs,
            writerFor(kind, `${kind}-${w}-r${round}`, store, raw, peer, next),
          );
          await probe.settle(pools);
          const after = await probe.sample();
          const run: Run = { ops, seconds, usage: Probe.usage(before, after) };
          before = after;
          if (kind === 'log') {
            const [c] = await store.sql<{ n: number; tx: number }[]>`
              select count(*)::int as n, count(distinct transaction_id)::int as tx from eventlog.events where global_position > ${head.toString()}`;
            if (c!.n !== ops)
              throw new Error(
                `log, ${w} writers: ${ops} appends acknowledged but ${c!.n} events stored`,
              );
            run.transactions = c!.tx;
          }
          push(results, `${kind}:${w}`, run);
          cfg.log(
            `  round ${round + 1}, ${w} writer(s), ${kind}: ${Math.round(ops / seconds)}/s${run.transactions ? `, ${(ops / run.transactions).toFixed(1)} appends/transaction` : ''}`,
          );
        }
      }
      const h = await hotStream(
        store,
        cfg.hotWriters,
        cfg.roundMs,
        `hot-r${round}-${Date.now()}`,
        next,
      );
      hot.push(h);
      cfg.log(
        `  round ${round + 1}, hot stream, ${cfg.hotWriters} writers: ${Math.round(h.ops / h.seconds)}/s, ${h.retries} retries, stream length ${h.length} verified`,
      );
      await probe.settle(pools);
      before = await probe.sample();
    }

    // One more, unrecorded, run of each at the profiled writer count, watched from both sides.
    const w = cfg.writers.includes(32) ? 32 : cfg.writers[cfg.writers.length - 1]!;
    for (const kind of ['log', 'raw'] as const) {
      const p = await profileRun(
        probeSql,
        kind === 'log' ? 'eventlog' : 'bench_raw',
        () => drive(w, cfg.roundMs, writerFor(kind, `profile-${kind}`, store, raw, peer, next)),
        {
          nodeProfile: true,
        },
      );
      profile[
        `${kind}, ${w} writers: PostgreSQL connections (share of samples of pg_stat_activity)`
      ] = p.database;
      profile[`${kind}, ${w} writers: Node CPU by file (share of busy samples)`] = p.nodeFiles;
      profile[`${kind}, ${w} writers: Node CPU by function (share of busy samples)`] =
        p.nodeFunctions;
      cfg.log(
        `  profiled ${kind}, ${w} writers: ${Math.round(p.result.ops / p.result.seconds)}/s while profiled`,
      );
    }
  } finally {
    await peer?.close().catch(() => {});
    await raw.end({ timeout: 5 });
    await probeSql.end({ timeout: 5 });
    await store.close();
  }

  const rate = (runs: Run[]) => runs.map((r) => Math.round(r.ops / r.seconds));
  const rows: BenchRow[] = [];
  for (const w of cfg.writers) {
    const log = results.get(`log:${w}`)!;
    const rawRuns = results.get(`raw:${w}`)!;
    rows.push({
      name: `Postgres log appends, ${w} writer${w === 1 ? '' : 's'} (own stream each)`,
      unit: 'appends/s',
      rounds: rate(log),
      baseline: {
        name: `raw INSERT + COMMIT, ${w} writer${w === 1 ? '' : 's'}`,
        rounds: rate(rawRuns),
      },
      ...(w === 32 ? { target: '≥ 1.5× raw commits (issue 5)' } : {}),
      details: costs(log, rawRuns),
    });
    const em = results.get(`emmett:${w}`);
    if (em) {
      rows.push({
        name: `Postgres log vs Emmett, ${w} writer${w === 1 ? '' : 's'}`,
        unit: 'appends/s',
        rounds: rate(log),
        baseline: {
          name: `Emmett emmett-postgresql, ${w} writer${w === 1 ? '' : 's'}`,
          rounds: rate(em),
        },
        ...(w === 32 ? { target: '≥ 3× Emmett (issue 5)' } : {}),
        details: {
          'Emmett PG CPU µs/append': perOp(em, (u) => u.pgCpuMs * 1000),
          'Emmett WAL flushes/s': perSecond(em, (u) => u.walSyncs),
        },
      });
    }
  }
  const raw32 = results.get(`raw:${cfg.hotWriters}`);
  const retries = hot.reduce((a, h) => a + h.retries, 0);
  const ok = hot.reduce((a, h) => a + h.ops, 0);
  rows.push({
    name: `Postgres log appends, ${cfg.hotWriters} writers on one hot stream (conflicts re-read and retried)`,
    unit: 'appends/s',
    rounds: hot.map((h) => Math.round(h.ops / h.seconds)),
    ...(raw32
      ? {
          baseline: {
            name: `raw INSERT + COMMIT, ${cfg.hotWriters} writers (own rows)`,
            rounds: rate(raw32),
          },
        }
      : {}),
    target: 'none (conflicts retried, none lost)',
    details: {
      'successful appends': ok,
      'conflicts retried': retries,
      'retries per append': retries / Math.max(1, ok),
      'stream length = successes, chain verified': true,
    },
  });
  return { rows, notes, profile };
}

function costs(log: Run[], raw: Run[]): Record<string, number> {
  const ops = log.reduce((a, r) => a + r.ops, 0);
  const tx = log.reduce((a, r) => a + (r.transactions ?? 0), 0);
  return {
    'appends per log transaction': ops / Math.max(1, tx),
    'log transactions/s': mean(log.map((r) => (r.transactions ?? 0) / r.seconds)),
    'log PG CPU µs/append': perOp(log, (u) => u.pgCpuMs * 1000),
    'log Node CPU µs/append': perOp(log, (u) => u.nodeCpuMs * 1000),
    'log WAL flushes/s': perSecond(log, (u) => u.walSyncs),
    'eventlog.events rows seq-scanned per append': perOp(log, (u) => u.logSeqRows),
    'raw PG CPU µs/insert': perOp(raw, (u) => u.pgCpuMs * 1000),
    'raw Node CPU µs/insert': perOp(raw, (u) => u.nodeCpuMs * 1000),
    'raw WAL flushes/s': perSecond(raw, (u) => u.walSyncs),
  };
}

const perOp = (runs: Run[], f: (u: Usage) => number) =>
  runs.reduce((a, r) => a + f(r.usage), 0) /
  Math.max(
    1,
    runs.reduce((a, r) => a + r.ops, 0),
  );
const perSecond = (runs: Run[], f: (u: Usage) => number) =>
  runs.reduce((a, r) => a + f(r.usage), 0) /
  Math.max(
    1e-9,
    runs.reduce((a, r) => a + r.seconds, 0),
  );

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Runs `writers` loops, each doing one operation after another until the time is up. */
async function drive(
  writers: number,
  ms: number,
  makeWriter: (i: number) => () => Promise<void>,
): Promise<{ ops: number; seconds: number }> {
  let ops = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, i) => {
      const step = makeWriter(i);
      while (performance.now() < deadline) {
        await step();
        ops++;
      }
    }),
  );
  return { ops, seconds: (performance.now() - start) / 1000 };
}

function writerFor(
  kind: Kind,
  prefix: string,
  store: EventStore,
  raw: Sql,
  peer: EmmettPeer | null,
  next: () => NewEvent,
) {
  return (i: number): (() => Promise<void>) => {
    const streamId = `bench-${prefix}-${i}-${Date.now()}`;
    if (kind === 'log') {
      let expected: ExpectedRevision = 'no_stream';
      return async () => {
        expected = (await store.append(streamId, [next()], expected)).nextExpectedRevision;
      };
    }
    if (kind === 'emmett') {
      const append = peer!.writer();
      return () => append(streamId, next());
    }
    let revision = 0;
    return async () => {
      const e = next();
      await raw.begin(async (tx) => {
        await tx`insert into bench_raw.events (stream_id, revision, event_id, type, data, metadata, hash)
          values (${streamId}, ${revision}, ${e.id}, ${e.type}, ${JSON.stringify(e.data)}::jsonb, ${JSON.stringify(e.metadata)}::jsonb, ${RAW_HASH})`;
      });
      revision++;
    };
  };
}

const RAW_HASH = 'f'.repeat(64);

/** A table as wide as eventlog.events (a jsonb payload and metadata), with only a primary key. */
async function createRawTable(sql: Sql) {
  await sql.unsafe(`
    create schema if not exists bench_raw;
    drop table if exists bench_raw.events;
    create table bench_raw.events (
      id bigint generated always as identity primary key,
      stream_id text not null,
      revision bigint not null,
      event_id uuid not null,
      type text not null,
      data jsonb not null,
      metadata jsonb not null,
      hash text not null,
      recorded_at timestamptz not null default now()
    );`);
}

async function maxPosition(sql: Sql): Promise<bigint> {
  const [row] = await sql<
    { p: string | null }[]
  >`select max(global_position)::text as p from eventlog.events`;
  return BigInt(row?.p ?? '0');
}

/**
 * All writers append to one stream. A writer that loses the race re-reads the stream from the
 * revision it knew, and retries the same event (same id, as a command handler would) at the new
 * revision. At the end the stream must hold exactly the acknowledged appends, in a valid chain.
 */
async function hotStream(
  store: EventStore,
  writers: number,
  ms: number,
  streamId: string,
  next: () => NewEvent,
) {
  const acknowledged = new Set<string>();
  let retries = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      let expected: ExpectedRevision = 'no_stream';
      let event = next();
      while (performance.now() < deadline) {
        try {
          expected = (await store.append(streamId, [event], expected)).nextExpectedRevision;
          acknowledged.add(event.id);
          event = next();
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision)) throw error;
          retries++;
          const newer = await store.readStream(
            streamId,
            typeof expected === 'bigint' ? expected + 1n : 0n,
          );
          if (newer.length > 0) expected = newer[newer.length - 1]!.revision;
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const stored = await store.readStream(streamId);
  const storedIds = new Set(stored.map((e) => e.id));
  const lost = [...acknowledged].filter((id) => !storedIds.has(id)).length;
  const chain = verifyChain(stored);
  if (stored.length !== acknowledged.size || lost > 0 || chain) {
    throw new Error(
      `hot stream ${streamId}: ${acknowledged.size} acknowledged, ${stored.length} stored, ${lost} lost, chain ${chain ? 'broken' : 'ok'}`,
    );
  }
  return { ops: acknowledged.size, seconds, retries, length: stored.length };
}
