import postgres from 'postgres';
import { createPostgresEventStore } from '../eventstore/postgres/store.ts';
import type { EventStore } from '../eventstore/types.ts';
import { allProjectors } from '../projections/index.ts';
import { buildSchema, buildSchemas } from '../projections/shared/rebuild.ts';
import { bulkInsertBaseline, tableChecksums } from './bulk.ts';
import { profileRun } from './profile.ts';
import type { BenchRow } from './report.ts';
import { seedEvents } from './seed.ts';

export interface RebuildConfig {
  url: string;
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

/**
 * Rebuild speed: seeds `events` events of a realistic mix through the store, then for every
 * projector times `buildSchema` into a scratch schema (events read from the log ÷ seconds),
 * beside a bulk insert of the same final rows into a copy of its tables in the same run.
 */
export async function benchRebuild(cfg: RebuildConfig): Promise<{ rows: BenchRow[]; notes: string[]; profile: Record<string, Record<string, number>> }> {
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
      `Rebuild log: ${seed.events.toLocaleString('en-US')} events in ${seed.streams.toLocaleString('en-US')} streams, seeded by ${seed.appends.toLocaleString('en-US')} appends in ${seed.seconds.toFixed(1)} s (${Math.round(seed.events / seed.seconds).toLocaleString('en-US')} events/s through the store). Mix: ${mix}.`,
    );
    await store.sql`vacuum analyze eventlog.events`;

    const timings = new Map<string, Timing[]>();
    for (let round = 0; round < cfg.rounds; round++) {
      for (const p of allProjectors) {
        let readMs = 0;
        const timed: EventStore = {
          ...store,
          readAll: async (o) => {
            const t = performance.now();
            try {
              return await store.readAll(o);
            } finally {
              readMs += performance.now() - t;
            }
          },
        };
        const scratch = `bench_rebuild_${p.name}`;
        const t0 = performance.now();
        const events = await buildSchema(store.sql, timed, p, scratch);
        const seconds = (performance.now() - t0) / 1000;
        const copy = `bench_bulk_${p.name}`;
        const bulk = await bulkInsertBaseline(store.sql, p, scratch, copy);
        if (round === 0) {
          const [a, b] = [await tableChecksums(store.sql, p, scratch), await tableChecksums(store.sql, p, copy)];
          if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`bulk baseline for ${p.name} differs from the rebuilt tables: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        }
        const t: Timing = { events, seconds, readSeconds: readMs / 1000, bulkSeconds: bulk.seconds, rows: bulk.rows };
        (timings.get(p.name) ?? timings.set(p.name, []).get(p.name)!).push(t);
        cfg.log(
          `  round ${round + 1}, ${p.name}: ${Math.round(events / seconds).toLocaleString('en-US')} events/s (${seconds.toFixed(2)} s, reading ${(t.readSeconds / seconds * 100).toFixed(0)}%), bulk insert of its ${bulk.rows.toLocaleString('en-US')} rows ${bulk.seconds.toFixed(2)} s`,
        );
      }
    }

    // Every read model in one pass over the log (how the runner and `rebuild --all` work).
    const onePass: number[] = [];
    for (let round = 0; round < cfg.rounds; round++) {
      const t0 = performance.now();
      const events = await buildSchemas(store.sql, store, allProjectors.map((p) => ({ projector: p, schema: `bench_onepass_${p.name}` })));
      onePass.push(events / ((performance.now() - t0) / 1000));
      cfg.log(`  round ${round + 1}, every read model in one pass: ${Math.round(onePass[round]!).toLocaleString('en-US')} events/s`);
    }

    // One more, unrecorded, rebuild of every read model, watched from both sides.
    const watcher = postgres(cfg.url, { max: 1, onnotice: () => {} });
    try {
      const p = await profileRun(watcher, 'eventlog', async () => {
        for (const p of allProjectors) await buildSchema(store.sql, store, p, `bench_rebuild_${p.name}`);
      }, { nodeProfile: true });
      profile['rebuild of every read model: PostgreSQL connections (share of samples of pg_stat_activity)'] = p.database;
      profile['rebuild of every read model: Node CPU by file (share of busy samples)'] = p.nodeFiles;
      profile['rebuild of every read model: Node CPU by function (share of busy samples)'] = p.nodeFunctions;
    } finally {
      await watcher.end({ timeout: 5 });
    }

    const rows: BenchRow[] = [];
    const n = cfg.rounds;
    const sum = (f: (t: Timing) => number, r: number) => allProjectors.reduce((a, p) => a + f(timings.get(p.name)![r]!), 0);
    const events = timings.get(allProjectors[0]!.name)![0]!.events;
    rows.push({
      name: `Rebuild every read model (${allProjectors.map((p) => p.name).join(', ')}) from ${events.toLocaleString('en-US')} events`,
      unit: 'events/s',
      rounds: Array.from({ length: n }, (_, r) => Math.round(events / sum((t) => t.seconds, r))),
      baseline: { name: 'bulk insert (unnest) of the same final rows, as events/s', rounds: Array.from({ length: n }, (_, r) => Math.round(events / sum((t) => t.bulkSeconds, r))) },
      target: '≥ 50,000 events/s (issue 5, at 1M events)',
      details: {
        'seconds per rebuild of all': Array.from({ length: n }, (_, r) => sum((t) => t.seconds, r)).reduce((a, b) => a + b, 0) / n,
        'share of time reading the log': Array.from({ length: n }, (_, r) => sum((t) => t.readSeconds, r) / sum((t) => t.seconds, r)).reduce((a, b) => a + b, 0) / n,
        'read-model rows written': sum((t) => t.rows, 0),
      },
    });
    rows.push({
      name: `Rebuild every read model in one pass over ${events.toLocaleString('en-US')} events`,
      unit: 'events/s',
      rounds: onePass.map(Math.round),
      baseline: rows[0]!.baseline!,
      target: '≥ 50,000 events/s (issue 5, at 1M events)',
    });
    for (const p of allProjectors) {
      const ts = timings.get(p.name)!;
      rows.push({
        name: `Rebuild ${p.name} read model alone`,
        unit: 'events/s',
        rounds: ts.map((t) => Math.round(t.events / t.seconds)),
        baseline: { name: `bulk insert of its ${ts[0]!.rows.toLocaleString('en-US')} rows, as events/s`, rounds: ts.map((t) => Math.round(t.events / t.bulkSeconds)) },
        details: {
          'seconds': ts.reduce((a, t) => a + t.seconds, 0) / n,
          'share reading the log': ts.reduce((a, t) => a + t.readSeconds / t.seconds, 0) / n,
          'events it handles': Object.entries(seed.mix).filter(([type]) => p.handles.has(type)).reduce((a, [, c]) => a + c, 0),
        },
      });
    }
    return { rows, notes, profile };
  } finally {
    await store.close();
  }
}
