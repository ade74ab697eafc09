import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { Sql } from 'postgres';

/**
 * A profile of one extra (unrecorded) run, for the closing note's "where the time goes":
 * what the database connections were doing (sampled from pg_stat_activity: executing which
 * statement, waiting for the WAL flush, or idle in a transaction waiting for Node) and where
 * this Node process spent its CPU (V8 sampling profiler, self time by function).
 */
export async function profileRun<T>(
  sql: Sql,
  applicationName: string,
  run: () => Promise<T>,
  opts: { sampleEveryMs?: number; nodeProfile?: boolean } = {},
): Promise<{
  result: T;
  database: Record<string, number>;
  nodeFunctions: Record<string, number>;
  nodeFiles: Record<string, number>;
}> {
  const stopNode = opts.nodeProfile ? await startNodeProfile() : null;
  const states = new Map<string, number>();
  let samples = 0;
  let running = true;
  // Each tick counts every connection inside a transaction once, or, when none is, one
  // "no transaction open" (for the log: the committer is between groups).
  const sampler = (async () => {
    while (running) {
      const rows = await sql<{ what: string | null }[]>`
        select case
            when state = 'idle' then null
            when state like 'idle in transaction%' then 'idle in transaction (waiting for Node) after: ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 40)
            when wait_event is not null then 'waiting ' || wait_event_type || '/' || wait_event || ' in: ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 40)
            else 'running: ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 40)
          end as what
        from pg_stat_activity
        where application_name = ${applicationName} and backend_type = 'client backend'`;
      const busy = rows.filter((r) => r.what !== null).map((r) => r.what!);
      for (const what of busy.length > 0 ? busy : ['no transaction open on any connection']) {
        states.set(what, (states.get(what) ?? 0) + 1);
        samples++;
      }
      await new Promise((r) => setTimeout(r, opts.sampleEveryMs ?? 10));
    }
  })();
  let result: T;
  try {
    result = await run();
  } finally {
    running = false;
    await sampler;
  }
  const database = top(states, samples, 12);
  const node = stopNode ? await stopNode() : { nodeFunctions: {}, nodeFiles: {} };
  return { result, database, ...node };
}

/** Starts V8's sampling profiler in this process; the returned function stops it and sums self time. */
export async function startNodeProfile(): Promise<
  () => Promise<{ nodeFunctions: Record<string, number>; nodeFiles: Record<string, number> }>
> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return {
      nodeFunctions: selfTime(profile, functionLabel),
      nodeFiles: selfTime(profile, fileLabel),
    };
  };
}

function top(counts: Map<string, number>, total: number, n: number): Record<string, number> {
  return Object.fromEntries(
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, v / Math.max(1, total)]),
  );
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
}

type Frame = CpuProfile['nodes'][number]['callFrame'];

const fileOf = (f: Frame) => f.url.replace(/^file:\/\//, '');

function functionLabel(f: Frame): string {
  const file = f.url ? path.basename(fileOf(f)) : '';
  return `${f.functionName || '(anonymous)'}${file ? ` (${file}:${f.lineNumber + 1})` : ''}`;
}

/** A package for dependencies, the path for the project's own files, the V8 bucket otherwise. */
function fileLabel(f: Frame): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  const file = fileOf(f);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return `package ${pkg[1]}`;
  if (file.startsWith('node:')) return 'node internals';
  return path.relative(process.cwd(), file);
}

/** Share of busy samples (self time) by label; idle excluded. */
function selfTime(profile: CpuProfile, label: (f: Frame) => string): Record<string, number> {
  const byLabel = new Map<string, number>();
  let busy = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
    busy += hits;
    const l = label(n.callFrame);
    byLabel.set(l, (byLabel.get(l) ?? 0) + hits);
  }
  return top(byLabel, busy, 12);
}
