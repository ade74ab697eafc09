import postgres from 'postgres';
import { createPostgresEventStore } from '../eventstore/postgres/store.ts';
import type { EventStore } from '../eventstore/types.ts';
import { allProjectors } from '../server/areas/index.ts';
import { buildSchema, buildSchemas } from '../projections/shared/rebuild.ts';
import { bulkInsertBaseline, tableChecksums } from './bulk.ts';
import { Probe, type Usage } from './probe.ts';
import { profileRun } from './profile.ts';
import type { BenchRow } from './report.ts';
import { seedEvents } from './seed.ts';

export interface RebuildConfig {
  url: string;
  /** The benchmark's PostgreSQL data folder, for its CPU time (probe.ts). */
  dataDir: string;
  rounds: number;
  events: number;
  log: (line: string) => void;
}

interface Timing {
  events: number;
  seconds: number;
  readSeconds: number;
  bulkSeconds: number;
  rows: number;
}

/** The store, with the time spent in its reads of the log added up (reads overlap the writes). */
function timedReads(store: EventStore): { store: EventStore; seconds: () => number } {
  let ms = 0;
  const timed =
    <A, R>(f: (a: A) => Promise<R>) =>
    async (a: A): Promise<R> => {
      const t = performance.now();
      try {
        return await f(a);
      } finally {
        ms += performance.now() - t;
      }
    };
  const readAllOfTypes = store.readAllOfTypes?.bind(store);
  return {
    store: {
      ...store,
      readAll: timed((o) => store.readAll(o)),
      readAllOfTypes: readAllOfTypes && timed(readAllOfTypes),
    },
    seconds: () => ms / 1000,
  };
}

/**
 * Rebuild speed: seeds `events` events of a realistic mix through the store, then for every
 * projector times `buildSchema` into a scratch schema (events read from the log ÷ seconds),
 * beside a bulk insert of the same final rows into a copy of its tables in the same run; then
 * every read model in one pass (`buildSchemas`, as `rebuild --all` does), with the CPU time of
 * Node and of PostgreSQL, and a profile of one more such pass.
 */
export async function benchRebuild(
  cfg: RebuildConfig,
): Promise<{ rows: BenchRow[]; notes: string[]; profile: Record<string, Record<string, number>> }> {
  const store = await createPostgresEventStore(cfg.url, { poolSize: 10 });
  const notes: string[] = [];
  const profile: Record<string, Record<string, number>> = {};
  try {
    const seed = await seedEvents(store, cfg.events, cfg.log);
    const mix = Object.entries(seed.mix)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
      .join(', ');
    notes.push(
      `Rebuild log: ${seed.events.toLocaleString('en-US')} events in ${seed.streams.toLocaleString('en-US')} streams, seeded by ${seed.appends.toLocaleString('en-US')} appends in ${seed.seconds.toFixed(1)} s (${Math.round(seed.events / seed.seconds).toLocaleString('en-US')} events/s through the store). Mix: ${mix}. Orders by the real commands on the demo catalog: ${seed.commerce.orders.toLocaleString('en-US')} placed, ${seed.commerce.paidFromWallet.toLocaleString('en-US')} paid from the wallet, ${seed.commerce.paidByTransfer.toLocaleString('en-US')} by bank transfer, ${seed.commerce.cancelled.toLocaleString('en-US')} cancelled, ${seed.commerce.unpaid.toLocaleString('en-US')} left unpaid, ${seed.commerce.creditNotes.toLocaleString('en-US')} credit notes.`,
    );
    await store.sql`vacuum analyze eventlog.events`;

    const timings = new Map<string, Timing[]>();
    for (let round = 0; round < cfg.rounds; round++) {
      for (const p of allProjectors) {
        const reads = timedReads(store);
        const scratch = `bench_rebuild_${p.name}`;
        const t0 = performance.now();
        const events = await buildSchema(store.sql, reads.store, p, scratch);
        const seconds = (performance.now() - t0) / 1000;
        const copy = `bench_bulk_${p.name}`;
        const bulk = await bulkInsertBaseline(store.sql, p, scratch, copy);
        if (round === 0) {
          const [a, b] = [
            await tableChecksums(store.sql, p, scratch),
            await tableChecksums(store.sql, p, copy),
          ];
          if (JSON.stringify(a) !== JSON.stringify(b))
            throw new Error(
              `bulk baseline for ${p.name} differs from the rebuilt tables: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
            );
        }
        const t: Timing = {
          events,
          seconds,
          readSeconds: reads.seconds(),
          bulkSeconds: bulk.seconds,
          rows: bulk.rows,
        };
        (timings.get(p.name) ?? timings.set(p.name, []).get(p.name)!).push(t);
        cfg.log(
          `  round ${round + 1}, ${p.name}: ${Math.round(events / seconds).toLocaleString('en-US')} events/s (${seconds.toFixed(2)} s, reading ${((t.readSeconds / seconds) * 100).toFixed(0)}%), bulk insert of its ${bulk.rows.toLocaleString('en-US')} rows ${bulk.seconds.toFixed(2)} s`,
        );
      }
    }

    // Every read model in one pass over the log (how `rebuild --all` works), checked against the
    // tables the single rebuilds made, with the CPU both sides spent.
    const watcher = postgres(cfg.url, { max: 1, onnotice: () => {} });
    const onePass: number[] = [];
    const onePassUsage: (Usage & { readSeconds: number })[] = [];
    const onePassTargets = allProjectors.map((p) => ({
      projector: p,
      schema: `bench_onepass_${p.name}`,
    }));
    try {
      const probe = new Probe(watcher, cfg.dataDir);
      for (let round = 0; round < cfg.rounds; round++) {
        const reads = timedReads(store);
        const before = await probe.sample();
        const events = await buildSchemas(store.sql, reads.store, onePassTargets);
        const usage = Probe.usage(before, await probe.sample());
        onePass.push(events / usage.seconds);
        onePassUsage.push({ ...usage, readSeconds: reads.seconds() });
        cfg.log(
          `  round ${round + 1}, every read model in one pass: ${Math.round(onePass[round]!).toLocaleString('en-US')} events/s (${usage.seconds.toFixed(2)} s, CPU: Node ${(usage.nodeCpuMs / 1000).toFixed(1)} s, PostgreSQL ${(usage.pgCpuMs / 1000).toFixed(1)} s)`,
        );
        if (round === 0) {
          for (const p of allProjectors) {
            const [a, b] = [
              await tableChecksums(store.sql, p, `bench_onepass_${p.name}`),
              await tableChecksums(store.sql, p, `bench_rebuild_${p.name}`),
            ];
            if (JSON.stringify(a) !== JSON.stringify(b))
              throw new Error(
                `one-pass rebuild of ${p.name} differs from its single rebuild: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
              );
          }
        }
      }

      // One more, unrecorded, one-pass rebuild, watched from both sides.
      const p = await profileRun(
        watcher,
        'eventlog',
        () => buildSchemas(store.sql, store, onePassTargets),
        { nodeProfile: true },
      );
      profile[
        'one-pass rebuild of every read model: PostgreSQL connections (share of samples of pg_stat_activity)'
      ] = p.database;
      profile['one-pass rebuild of every read model: Node CPU by file (share of busy samples)'] =
        p.nodeFiles;
      profile[
        'one-pass rebuild of every read model: Node CPU by function (share of busy samples)'
      ] = p.nodeFunctions;
    } finally {
      await watcher.end({ timeout: 5 });
    }

    const rows: BenchRow[] = [];
    const n = cfg.rounds;
    const sum = (f: (t: Timing) => number, r: number) =>
      allProjectors.reduce((a, p) => a + f(timings.get(p.name)![r]!), 0);
    const events = timings.get(allProjectors[0]!.name)![0]!.events;
    rows.push({
      name: `Rebuild every read model (${allProjectors.map((p) => p.name).join(', ')}) from ${events.toLocaleString('en-US')} events`,
      unit: 'events/s',
      rounds: Array.from({ length: n }, (_, r) => Math.round(events / sum((t) => t.seconds, r))),
      baseline: {
        name: 'bulk insert (unnest) of the same final rows, as events/s',
        rounds: Array.from({ length: n }, (_, r) =>
          Math.round(events / sum((t) => t.bulkSeconds, r)),
        ),
      },
      target: '≥ 50,000 events/s (issue 5, at 1M events)',
      details: {
        'seconds per rebuild of all':
          Array.from({ length: n }, (_, r) => sum((t) => t.seconds, r)).reduce((a, b) => a + b, 0) /
          n,
        'share of time reading the log':
          Array.from(
            { length: n },
            (_, r) => sum((t) => t.readSeconds, r) / sum((t) => t.seconds, r),
          ).reduce((a, b) => a + b, 0) / n,
        'read-model rows written': sum((t) => t.rows, 0),
      },
    });
    const perRound = (f: (u: (typeof onePassUsage)[number]) => number) =>
      onePassUsage.reduce((a, u) => a + f(u), 0) / n;
    rows.push({
      name: `Rebuild every read model in one pass over ${events.toLocaleString('en-US')} events`,
      unit: 'events/s',
      rounds: onePass.map(Math.round),
      baseline: rows[0]!.baseline!,
      target: '≥ 50,000 events/s (issue 5, at 1M events)',
      details: {
        seconds: perRound((u) => u.seconds),
        'share of time a read of the log was in flight (it overlaps the writes)': perRound(
          (u) => u.readSeconds / u.seconds,
        ),
        'Node CPU seconds': perRound((u) => u.nodeCpuMs / 1000),
        'PostgreSQL CPU seconds': perRound((u) => u.pgCpuMs / 1000),
        'CPU seconds per second (2 cores: at most 2)': perRound(
          (u) => (u.nodeCpuMs + u.pgCpuMs) / 1000 / u.seconds,
        ),
        'WAL MB': perRound((u) => u.walBytes / 2 ** 20),
      },
    });
    for (const p of allProjectors) {
      const ts = timings.get(p.name)!;
      rows.push({
        name: `Rebuild ${p.name} read model alone`,
        unit: 'events/s',
        rounds: ts.map((t) => Math.round(t.events / t.seconds)),
        baseline: {
          name: `bulk insert of its ${ts[0]!.rows.toLocaleString('en-US')} rows, as events/s`,
          rounds: ts.map((t) => Math.round(t.events / t.bulkSeconds)),
        },
        details: {
          seconds: ts.reduce((a, t) => a + t.seconds, 0) / n,
          'share reading the log': ts.reduce((a, t) => a + t.readSeconds / t.seconds, 0) / n,
          'events it handles': Object.entries(seed.mix)
            .filter(([type]) => p.handles.has(type))
            .reduce((a, [, c]) => a + c, 0),
        },
      });
    }
    return { rows, notes, profile };
  } finally {
    await store.close();
  }
}
