import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/db/embedded.ts';
import { benchAppends } from './appends.ts';
import { benchAutomation } from './automation.ts';
import { benchCheckout } from './checkout.ts';
import { benchMail } from './mail.ts';
import { benchPdf } from './pdf.ts';
import { benchProvisioning } from './provisioning.ts';
import { benchRebuild } from './rebuild.ts';
import { benchReads } from './reads.ts';
import { detailsList, markdownTable, summarise, type BenchRow } from './report.ts';

/**
 * `npm run bench`: starts its own PostgreSQL in a temporary folder, runs each benchmark for
 * several rounds beside its baseline, writes bench/results/latest.{json,md} and prints the table.
 * Figures are ratios to baselines measured in the same run; nothing here passes or fails on
 * timing. Exits non-zero only when a benchmark crashes (or finds lost events).
 *
 *   --rounds N              rounds per figure (default 3)
 *   --quick                 1 round, 1 s per append round, 20,000 events to rebuild
 *   --only appends,rebuild,reads,checkout,provisioning,pdf,tax,automation,mail
 *   --events N              events to seed for the rebuild (default 100,000)
 *   --seconds S             seconds per append round (default 3)
 *   --checkout-rate R       checkouts started per second (default 20)
 *   --pdfs N                invoice PDFs rendered per round (default 50, --quick 20)
 *   --services N            services deployed per provisioning round (default 200, --quick 100)
 *   --automation-services N ACTIVE services the scheduler runs over (default 10,000, --quick 2,000)
 */
const ALL = [
  'appends',
  'rebuild',
  'reads',
  'checkout',
  'provisioning',
  'pdf',
  'tax',
  'automation',
  'mail',
] as const;
type Bench = (typeof ALL)[number];

function parseArgs(argv: string[]) {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (flag: string, fallback: number) => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, got ${v}`);
    return n;
  };
  const quick = argv.includes('--quick');
  const only = (value('--only') ?? ALL.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const o of only)
    if (!ALL.includes(o as Bench))
      throw new Error(`--only: unknown benchmark ${o} (choose from ${ALL.join(', ')})`);
  return {
    quick,
    rounds: Math.round(number('--rounds', quick ? 1 : 3)),
    events: Math.round(number('--events', quick ? 20_000 : 100_000)),
    roundMs: number('--seconds', quick ? 1 : 3) * 1000,
    checkoutRate: number('--checkout-rate', 20),
    pdfs: Math.round(number('--pdfs', quick ? 20 : 50)),
    services: Math.round(number('--services', quick ? 100 : 200)),
    automationServices: Math.round(number('--automation-services', quick ? 2_000 : 10_000)),
    only: new Set(only as Bench[]),
  };
}

const log = (line: string) => console.log(line);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const profiles: Record<string, Record<string, number>> = {};
  const crashes: string[] = [];
  const startedAt = new Date();

  const needsDb = (
    ['appends', 'rebuild', 'reads', 'checkout', 'provisioning', 'automation'] as const
  ).some((b) => opts.only.has(b));
  let db: EmbeddedDatabase | null = null;
  let tmp: string | null = null;
  const stop = async () => {
    await db?.stop().catch(() => {});
    db = null;
    if (tmp) await rm(tmp, { recursive: true, force: true }).catch(() => {});
    tmp = null;
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  const environment: Record<string, string | number> = {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg()[0]!.toFixed(2),
  };
  try {
    if (needsDb) {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'platform-bench-'));
      const port = 52000 + Math.floor(Math.random() * 3000);
      log(`Starting PostgreSQL in ${tmp} on port ${port}...`);
      db = await startEmbeddedPostgres({
        dataDir: path.join(tmp, 'pg'),
        port,
        password: randomBytes(12).toString('hex'),
      });
      const admin = postgres(db.url('postgres'), { max: 1, onnotice: () => {} });
      const settings = await admin<{ name: string; setting: string }[]>`
        select name, current_setting(name) as setting from pg_settings
        where name in ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay', 'max_connections')`;
      await admin.end();
      for (const s of settings) environment[`pg.${s.name}`] = s.setting;
    }

    const run = async (
      name: Bench,
      f: () => Promise<{
        rows: BenchRow[];
        notes: string[];
        profile?: Record<string, Record<string, number>>;
      }>,
    ) => {
      if (!opts.only.has(name)) return;
      log(`\n== ${name} ==`);
      const t = performance.now();
      try {
        const r = await f();
        rows.push(...r.rows);
        notes.push(...r.notes);
        Object.assign(profiles, r.profile ?? {});
      } catch (error) {
        const message = `${name} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        console.error(message);
        crashes.push(message.split('\n')[0]!);
      }
      log(`   (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    };

    await run('appends', async () => {
      await db!.createDatabase('bench_appends');
      return benchAppends({
        url: db!.url('bench_appends'),
        dataDir: db!.dataDir,
        rounds: opts.rounds,
        roundMs: opts.roundMs,
        writers: [1, 8, 32, 128],
        hotWriters: 32,
        poolSize: 10,
        log,
      });
    });
    await run('rebuild', async () => {
      await db!.createDatabase('bench_rebuild');
      return benchRebuild({
        url: db!.url('bench_rebuild'),
        dataDir: db!.dataDir,
        rounds: opts.rounds,
        events: opts.events,
        log,
      });
    });
    await run('reads', async () => {
      await db!.createDatabase('bench_reads');
      return benchReads({
        url: db!.url('bench_reads'),
        rounds: opts.rounds,
        seconds: Math.max(2, Math.round(opts.roundMs / 1000)),
        log,
      });
    });
    await run('checkout', async () => {
      await db!.createDatabase('bench_checkout');
      return benchCheckout({
        url: db!.url('bench_checkout'),
        rounds: opts.rounds,
        // At least 5 s a round: 100 checkouts at 20/s, so a p99 is more than the slowest one.
        seconds: Math.max(5, Math.round(opts.roundMs / 1000)),
        rate: opts.checkoutRate,
        log,
      });
    });
    await run('provisioning', async () => {
      await db!.createDatabase('bench_provisioning');
      return benchProvisioning({
        url: db!.url('bench_provisioning'),
        rounds: opts.rounds,
        services: opts.services,
        jobMs: 300,
        orderRate: 20,
        orderSeconds: Math.max(3, Math.round(opts.roundMs / 1000)),
        log,
      });
    });
    await run('automation', async () => {
      await db!.createDatabase('bench_automation');
      return benchAutomation({
        url: db!.url('bench_automation'),
        rounds: opts.rounds,
        services: opts.automationServices,
        log,
      });
    });
    await run('pdf', () => benchPdf(opts.rounds, opts.pdfs, log));
    await run('mail', () => benchMail(opts.rounds, opts.quick ? 200 : 500, log));
    await run('tax', async () => {
      let benchTax: (rounds: number) => Promise<BenchRow[]>;
      try {
        // A variable path: bench/tax.ts is written separately and may not be there yet.
        const taxModule = './tax.ts';
        ({ benchTax } = (await import(taxModule)) as { benchTax: typeof benchTax });
      } catch (error) {
        return {
          rows: [],
          notes: [
            `GST engine benchmark skipped: bench/tax.ts could not be loaded (${(error as Error).message.split('\n')[0]})`,
          ],
        };
      }
      try {
        return { rows: await benchTax(opts.rounds), notes: [] };
      } catch (error) {
        return {
          rows: [],
          notes: [
            `GST engine benchmark skipped: benchTax threw (${(error as Error).message.split('\n')[0]})`,
          ],
        };
      }
    });
  } finally {
    await stop();
  }

  const summary = rows.map(summarise);
  const table = markdownTable(summary);
  const details = detailsList(summary);
  const env = Object.entries(environment)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const md = [
    `# Benchmarks — ${startedAt.toISOString()}`,
    '',
    `Mean of ${opts.rounds} round(s); every baseline measured in the same run on the same database. Ratio = mean ÷ baseline mean (above 1: faster than the baseline).`,
    '',
    table,
    '',
    '## Where the time goes',
    '',
    details || '—',
    '',
    ...Object.entries(profiles).flatMap(([title, shares]) => [
      `### Profile: ${title}`,
      '',
      ...Object.entries(shares).map(
        ([what, share]) => `- ${(share * 100).toFixed(1)}% ${what.replace(/\|/g, '\\|')}`,
      ),
      '',
    ]),
    '## Notes',
    '',
    ...[...notes, ...crashes.map((c) => `CRASH: ${c}`)].map((n) => `- ${n}`),
    `- Environment: ${env}.`,
    `- Options: rounds ${opts.rounds}, ${opts.roundMs / 1000} s per append round, ${opts.events.toLocaleString('en-US')} events to rebuild, ${opts.checkoutRate} checkouts/s, ${opts.pdfs} PDFs a round${opts.quick ? ' (--quick)' : ''}.`,
    '',
  ].join('\n');
  const out = path.join(here, 'results');
  await mkdir(out, { recursive: true });
  await writeFile(
    path.join(out, 'latest.json'),
    JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        options: { ...opts, only: [...opts.only] },
        environment,
        rows: summary,
        profiles,
        notes,
        crashes,
      },
      null,
      2,
    ),
  );
  await writeFile(path.join(out, 'latest.md'), md);
  log(`\n${md}`);
  log(`Written to ${path.relative(process.cwd(), out)}/latest.json and latest.md`);
  if (crashes.length > 0) process.exitCode = 1;
}

main().catch(async (error: unknown) => {
  console.error(error);
  process.exit(1);
});
