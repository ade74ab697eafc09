/**
 * `npm run projections -- <command> [name|--all]`: look after the read models from a shell.
 * Connects like the server (server/connect.ts) and, with the embedded PostgreSQL, uses the one a
 * running server started. Results go to stdout; progress and errors to stderr.
 */
import { ConfigError, loadSettings } from '../config.ts';
import { connect, type Connection } from '../connect.ts';
import { createProgress } from './progress.ts';
import { allProjectors } from '../areas/index.ts';
import { liveSchema, type Projector } from '../../projections/shared/projector.ts';
import { rebuildProjections } from '../../projections/shared/rebuild.ts';
import { readCheckpoint } from '../../projections/shared/schema.ts';
import { verifyProjection, type TableDiff } from '../../projections/shared/verify.ts';
import {
  comparePositions,
  positionToString,
  START,
  type Position,
} from '../../eventstore/types.ts';

const names = allProjectors.map((p) => p.name).join(', ');

const USAGE = `Usage: npm run projections -- <command> [name|--all]

Commands:
  status [name]          code version and live version of each read model, its checkpoint,
                         the head of the log and how many events it is behind
  rebuild <name>|--all   rebuild from the log into a shadow schema, then swap it in; a running
                         server notices the swap and follows the new schema (--all: every read
                         model in one pass over the log)
  verify <name>|--all    rebuild into a scratch schema up to the live checkpoint and compare
                         every table row by row with the live one
  --help                 this text

Read models: ${names}

Connects like the server: DATABASE_URL, else the embedded PostgreSQL under DATA_DIR (the running
server's when it is up); EVENTSTORE_URL, else the Postgres log.

Exit status: 0 done (verify: no differences), 1 verify found differences, 2 usage or other error.`;

type Command = { kind: 'help' } | { kind: 'status' | 'rebuild' | 'verify'; targets: Projector[] };

class UsageError extends Error {}

function parseArgs(args: string[]): Command {
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') return { kind: 'help' };
  const [command, ...rest] = args;
  if (command === undefined) throw new UsageError('no command given');
  if (command !== 'status' && command !== 'rebuild' && command !== 'verify')
    throw new UsageError(`unknown command "${command}"`);
  if (rest.length > 1)
    throw new UsageError(`${command} takes one read model name or --all, not "${rest.join(' ')}"`);
  const target = rest[0];
  if (target === undefined) {
    if (command === 'status') return { kind: command, targets: allProjectors };
    throw new UsageError(`${command} needs a read model name (${names}) or --all`);
  }
  if (target === '--all') return { kind: command, targets: allProjectors };
  if (target.startsWith('-')) throw new UsageError(`unknown option "${target}"`);
  const projector = allProjectors.find((p) => p.name === target);
  if (!projector) throw new UsageError(`unknown projector "${target}" (known: ${names})`);
  return { kind: command, targets: [projector] };
}

const grouped = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, noun: string) => `${grouped(n)} ${noun}${n === 1 ? '' : 's'}`;
const shown = (p: Position) => (comparePositions(p, START) === 0 ? 'start' : positionToString(p));

/** Events after `from` up to `to` (inclusive): positions are not event counts (gaps, ESDB byte offsets). */
async function countEvents(conn: Connection, from: Position, to: Position): Promise<number> {
  if (comparePositions(from, to) >= 0) return 0;
  if (conn.store.kind === 'postgres') {
    const [row] = await conn.sql`select count(*) as n from eventlog.events
      where global_position > ${from.commit.toString()} and global_position <= ${to.commit.toString()}`;
    return Number(row!.n);
  }
  let n = 0;
  for (let at = from; ;) {
    const batch = await conn.store.readAll({ from: at, maxCount: 5000 });
    const inRange = batch.filter((e) => comparePositions(e.position, to) <= 0);
    n += inRange.length;
    if (batch.length === 0 || inRange.length < batch.length) return n;
    at = batch[batch.length - 1]!.position;
  }
}

/**
 * Two CLI jobs on one read model would build into the same shadow schema: refuse the second.
 * Every lock on one session (the pool is small), released if any is taken already.
 */
async function exclusively<T>(
  conn: Connection,
  names: string[],
  job: () => Promise<T>,
): Promise<T> {
  const session = await conn.sql.reserve();
  const held: string[] = [];
  try {
    for (const name of names) {
      const [row] =
        await session`select pg_try_advisory_lock(hashtext(${`projection-cli:${name}`})) as ok`;
      if (!row?.ok)
        throw new Error(
          `another rebuild or verify of ${name} is running; try again when it has finished`,
        );
      held.push(name);
    }
    return await job();
  } finally {
    for (const name of held)
      await session`select pg_advisory_unlock(hashtext(${`projection-cli:${name}`}))`;
    session.release();
  }
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

async function status(conn: Connection, projectors: Projector[]): Promise<number> {
  const head = await conn.store.headPosition();
  const rows = [['projector', 'code', 'live', 'checkpoint', 'head', 'lag', 'note']];
  for (const p of projectors) {
    const checkpoint = await readCheckpoint(conn.sql, liveSchema(p));
    const lag = await countEvents(conn, checkpoint?.position ?? START, head);
    const note = !checkpoint
      ? 'no live schema yet (the server creates it on start)'
      : checkpoint.version !== p.version
        ? `rebuild pending: live v${checkpoint.version}, code v${p.version}`
        : lag === 0
          ? 'up to date'
          : 'behind the log';
    rows.push([
      p.name,
      `v${p.version}`,
      checkpoint ? `v${checkpoint.version}` : '-',
      checkpoint ? shown(checkpoint.position) : '-',
      shown(head),
      `${grouped(lag)} events`,
      note,
    ]);
  }
  printTable(rows);
  return 0;
}

/** Every read model asked for in one pass over the log (rebuildProjections), then one line each. */
async function rebuild(conn: Connection, projectors: Projector[]): Promise<number> {
  const names = projectors.map((p) => p.name);
  await exclusively(conn, names, async () => {
    const total = await countEvents(conn, START, await conn.store.headPosition());
    const progress = createProgress({ label: `rebuild ${names.join(', ')}`, total });
    const started = performance.now();
    const done = await rebuildProjections(conn.sql, conn.store, projectors, (n) =>
      progress.update(n),
    );
    progress.finish(done);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    for (const p of projectors) {
      const checkpoint = await readCheckpoint(conn.sql, liveSchema(p));
      console.log(
        `rebuilt ${p.name} (v${p.version}) from ${grouped(done)} events in ${seconds} s; checkpoint ${shown(checkpoint!.position)}`,
      );
    }
  });
  return 0;
}

async function verify(conn: Connection, projectors: Projector[]): Promise<number> {
  let exit = 0;
  for (const p of projectors) {
    const checkpoint = await readCheckpoint(conn.sql, liveSchema(p));
    if (!checkpoint) {
      console.error(
        `verify ${p.name}: there is no live schema to compare (start the server, or run: rebuild ${p.name})`,
      );
      exit = 2;
      continue;
    }
    if (checkpoint.version !== p.version) {
      console.error(
        `verify ${p.name}: note: the live schema is v${checkpoint.version} and the code v${p.version}; differences may only mean the pending rebuild`,
      );
    }
    const report = await exclusively(conn, [p.name], async () => {
      const progress = createProgress({
        label: `verify ${p.name}`,
        total: await countEvents(conn, START, checkpoint.position),
      });
      const result = await verifyProjection(conn.sql, conn.store, p, (n) => progress.update(n));
      progress.finish();
      return result;
    });
    const at =
      report.position === positionToString(START)
        ? 'the start of the log'
        : `position ${report.position}`;
    if (report.differences.length === 0) {
      console.log(
        `verify ${p.name}: no differences (${plural(report.rows, 'row')} in ${plural(p.tables.length, 'table')} at ${at})`,
      );
      continue;
    }
    exit = Math.max(exit, 1);
    console.log(
      `verify ${p.name}: ${report.differences.length} of ${plural(p.tables.length, 'table')} differ at ${at}`,
    );
    for (const d of report.differences)
      for (const line of describeDiff(
        p.tables.find((t) => t.name === d.table)!,
        d,
      ))
        console.log(line);
  }
  return exit;
}

const clip = (s: string, max = 240) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const value = (v: unknown) => clip(JSON.stringify(v) ?? 'undefined', 80);

/**
 * One line per differing row. Rows of both sides with the same key (the table's orderBy
 * columns, which identify a row) are paired, and only the columns that differ are shown.
 */
function describeDiff(
  table: { name: string; orderBy: string },
  diff: TableDiff,
  limit = 10,
): string[] {
  const keys = table.orderBy.split(',').map((k) => k.trim());
  const pairable = keys.every((k) => /^[a-z_][a-z0-9_]*$/.test(k));
  const keyOf = (row: Record<string, unknown>) =>
    keys.map((k) => `${k}=${value(row[k])}`).join(' ');
  const rebuilt = new Map(
    diff.onlyRebuilt.map((text, i) => {
      const row = JSON.parse(text) as Record<string, unknown>;
      return [pairable ? keyOf(row) : `#${i}`, row] as const;
    }),
  );
  const lines: string[] = [];
  for (const text of diff.onlyLive) {
    const live = JSON.parse(text) as Record<string, unknown>;
    const twin = pairable ? rebuilt.get(keyOf(live)) : undefined;
    if (!twin) {
      lines.push(`    only in live: ${clip(text)}`);
      continue;
    }
    rebuilt.delete(keyOf(live));
    const changed = Object.keys({ ...live, ...twin }).filter(
      (c) => JSON.stringify(live[c]) !== JSON.stringify(twin[c]),
    );
    lines.push(
      `    ${keyOf(live)}: ${changed.map((c) => `${c} is ${value(live[c])} live, ${value(twin[c])} rebuilt`).join('; ')}`,
    );
  }
  for (const row of rebuilt.values())
    lines.push(`    only in the rebuild: ${clip(JSON.stringify(row))}`);
  const head = `  ${diff.table}: ${diff.onlyLive.length} live row(s) not in the rebuild, ${diff.onlyRebuilt.length} rebuilt row(s) not in live`;
  return [
    head,
    ...lines.slice(0, limit),
    ...(lines.length > limit ? [`    … and ${lines.length - limit} more`] : []),
  ];
}

async function main(args: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`projections: ${error.message}\nRun with --help for usage.`);
    return 2;
  }
  if (command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  const conn = await connect(loadSettings(), {
    attach: true,
    poolSize: 4,
    storePoolSize: 2,
    log: (line) => console.error(line),
  });
  try {
    if (command.kind === 'status') return await status(conn, command.targets);
    if (command.kind === 'rebuild') return await rebuild(conn, command.targets);
    return await verify(conn, command.targets);
  } finally {
    await conn.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    console.error(`projections: ${message}`);
    process.exit(2);
  },
);
