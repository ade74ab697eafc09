import type { Sql, TransactionSql } from 'postgres';
import type { EventStore } from '../../eventstore/types.ts';
import { liveSchema, type Projector } from './projector.ts';
import { buildSchema, type Progress } from './rebuild.ts';
import { lockProjector, readCheckpoint } from './schema.ts';

export interface TableDiff {
  table: string;
  onlyLive: string[];
  onlyRebuilt: string[];
}

export interface VerifyReport {
  projector: string;
  position: string;
  rows: number;
  differences: TableDiff[];
}

async function dump(
  tx: Sql | TransactionSql,
  schema: string,
  table: { name: string; orderBy: string },
): Promise<string[]> {
  const rows = await tx.unsafe(
    `select to_jsonb(t)::text as row from "${schema}"."${table.name}" t order by ${table.orderBy}`,
  );
  return rows.map((r) => r.row as string);
}

/**
 * Rebuilds a read model into a scratch schema up to exactly the live checkpoint and compares
 * every table row by row. Differences mean the live model was changed outside its projector,
 * or the projector is not deterministic.
 */
export async function verifyProjection(
  sql: Sql,
  store: EventStore,
  p: Projector,
  onProgress?: Progress,
): Promise<VerifyReport> {
  const live = liveSchema(p);
  const scratch = `${live}__verify`;
  // Snapshot the live tables at one checkpoint: holding the lock keeps the runner out meanwhile.
  const snapshot = await sql.begin(async (tx) => {
    await lockProjector(tx, p.name);
    const checkpoint = await readCheckpoint(tx, live);
    if (!checkpoint) throw new Error(`projection ${p.name} has no live schema`);
    const tables = new Map<string, string[]>();
    for (const t of p.tables) tables.set(t.name, await dump(tx, live, t));
    return { checkpoint, tables };
  });
  try {
    await buildSchema(sql, store, p, scratch, { until: snapshot.checkpoint.position, onProgress });
    const differences: TableDiff[] = [];
    let rows = 0;
    for (const t of p.tables) {
      const liveRows = snapshot.tables.get(t.name)!;
      const rebuilt = await dump(sql, scratch, t);
      rows += liveRows.length;
      const liveSet = new Set(liveRows);
      const rebuiltSet = new Set(rebuilt);
      const onlyLive = liveRows.filter((r) => !rebuiltSet.has(r));
      const onlyRebuilt = rebuilt.filter((r) => !liveSet.has(r));
      if (onlyLive.length || onlyRebuilt.length || liveRows.length !== rebuilt.length)
        differences.push({ table: t.name, onlyLive, onlyRebuilt });
    }
    const pos = snapshot.checkpoint.position;
    return {
      projector: p.name,
      position: pos.commit === pos.prepare ? `${pos.commit}` : `${pos.commit}/${pos.prepare}`,
      rows,
      differences,
    };
  } finally {
    await sql.unsafe(`drop schema if exists "${scratch}" cascade`);
  }
}
