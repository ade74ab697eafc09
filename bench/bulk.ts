import type { Sql } from 'postgres';
import { START } from '../eventstore/types.ts';
import type { Projector } from '../projections/shared/projector.ts';
import { createProjectionSchema, writeCheckpoint } from '../projections/shared/schema.ts';

/** Rows inserted per statement by the baseline. */
const CHUNK = 10_000;

interface TableRows {
  name: string;
  columns: { name: string; type: string }[];
  /** Column-major: one text array per column (null for SQL NULL). */
  values: (string | null)[][];
  count: number;
}

/**
 * The rebuild's baseline: the same final rows the projector produced, written into a fresh copy
 * of its tables (same indexes, policies and checkpoint row) by multi-row `insert … select from
 * unnest(...)` in one transaction. Only the insert is timed; reading the rows out is not.
 */
export async function bulkInsertBaseline(
  sql: Sql,
  p: Projector,
  fromSchema: string,
  toSchema: string,
): Promise<{ seconds: number; rows: number }> {
  const tables: TableRows[] = [];
  for (const t of p.tables) tables.push(await readTable(sql, fromSchema, t.name));
  await createProjectionSchema(sql, p, toSchema);
  const start = performance.now();
  await sql.begin(async (tx) => {
    for (const t of tables) {
      for (let i = 0; i < t.count; i += CHUNK) {
        const params = t.values.map((col) => col.slice(i, i + CHUNK));
        const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
        const casts = t.columns.map((c, k) => `c${k}::${c.type}`).join(', ');
        const unnest = t.columns.map((_, k) => `$${k + 1}::text[]`).join(', ');
        const aliases = t.columns.map((_, k) => `c${k}`).join(', ');
        await tx.unsafe(
          `insert into "${toSchema}"."${t.name}" (${cols}) select ${casts} from unnest(${unnest}) as r(${aliases})`,
          params as never,
        );
      }
    }
    await writeCheckpoint(tx, toSchema, p.version, START);
  });
  return {
    seconds: (performance.now() - start) / 1000,
    rows: tables.reduce((a, t) => a + t.count, 0),
  };
}

async function readTable(sql: Sql, schema: string, table: string): Promise<TableRows> {
  const columns = await sql<{ name: string; type: string }[]>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a
    where a.attrelid = ${`"${schema}"."${table}"`}::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`;
  const select = columns.map((c) => `"${c.name}"::text`).join(', ');
  const rows = (await sql
    .unsafe(`select ${select} from "${schema}"."${table}"`)
    .values()) as unknown as (string | null)[][];
  const values = columns.map((_, k) => rows.map((r) => r[k] ?? null));
  return { name: table, columns: [...columns], values, count: rows.length };
}

/** Row count and an order-independent-of-storage checksum of each table, to prove both copies hold the same rows. */
export async function tableChecksums(
  sql: Sql,
  p: Projector,
  schema: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of p.tables) {
    const [row] = await sql.unsafe(
      `select count(*)::text as n, md5(coalesce(string_agg(x::text, '|' order by ${t.orderBy}), '')) as h from "${schema}"."${t.name}" x`,
    );
    out[t.name] = `${row!.n}:${row!.h}`;
  }
  return out;
}
