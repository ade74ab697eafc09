import type { Sql } from 'postgres';
import { START, type EventStore, type Position } from '../../eventstore/types.ts';
import { applyToSchema } from './apply.ts';
import { liveSchema, type Projector } from './projector.ts';
import { createProjectionSchema, ensureReaderRole, lockProjector, readCheckpoint } from './schema.ts';

export type Progress = (done: number, position: Position) => void;

export interface BuildTarget {
  projector: Projector;
  schema: string;
}

const before = (p: Position, until: Position) => p.commit < until.commit || (p.commit === until.commit && p.prepare <= until.prepare);

/**
 * Builds each target schema from the log up to the current head (or to `until`, inclusive), in
 * one pass: every batch read is applied to all targets in one transaction, and the next batch
 * is read while the current one is applied. Returns the number of events read.
 */
export async function buildSchemas(
  sql: Sql,
  store: EventStore,
  targets: BuildTarget[],
  opts: { until?: Position; onProgress?: Progress; batchSize?: number } = {},
): Promise<number> {
  await ensureReaderRole(sql);
  for (const t of targets) await createProjectionSchema(sql, t.projector, t.schema);
  const read = async (from: Position) => {
    const batch = await store.readAll({ from, maxCount: opts.batchSize ?? 5000 });
    return opts.until ? batch.filter((e) => before(e.position, opts.until!)) : batch;
  };
  let done = 0;
  let next = read(START);
  for (;;) {
    const batch = await next;
    if (batch.length === 0) return done;
    const from = batch[batch.length - 1]!.position;
    next = read(from);
    next.catch(() => {}); // surfaced by the await above on the next turn
    await sql.begin(async (tx) => {
      for (const t of targets) await applyToSchema(tx, t.projector, t.schema, batch);
    });
    done += batch.length;
    opts.onProgress?.(done, from);
  }
}

/** Builds one projector's `schema` from the log; see buildSchemas. */
export function buildSchema(
  sql: Sql,
  store: EventStore,
  p: Projector,
  schema: string,
  opts: { until?: Position; onProgress?: Progress; batchSize?: number } = {},
): Promise<number> {
  return buildSchemas(sql, store, [{ projector: p, schema }], opts);
}

/**
 * Rebuilds read models into shadow schemas (one pass over the log) while the live ones keep
 * serving, then swaps each in, in one transaction, after a last catch-up under their locks.
 */
export async function rebuildProjections(sql: Sql, store: EventStore, projectors: Projector[], onProgress?: Progress): Promise<number> {
  const targets = projectors.map((p) => ({ projector: p, schema: `${liveSchema(p)}__shadow` }));
  let done = await buildSchemas(sql, store, targets, { onProgress });
  await sql.begin(async (tx) => {
    // Locks in name order, like the runner, so the two never wait on each other in a cycle.
    for (const t of [...targets].sort((a, b) => a.projector.name.localeCompare(b.projector.name))) await lockProjector(tx, t.projector.name);
    // Final catch-up under the locks: the live runner waits, so the swap loses nothing.
    let from = (await readCheckpoint(tx, targets[0]!.schema))!.position;
    for (;;) {
      const batch = await store.readAll({ from, maxCount: 2000 });
      if (batch.length === 0) break;
      for (const t of targets) await applyToSchema(tx, t.projector, t.schema, batch);
      from = batch[batch.length - 1]!.position;
      done += batch.length;
    }
    for (const t of targets) {
      const live = liveSchema(t.projector);
      await tx.unsafe(`drop schema if exists "${live}__old" cascade`);
      const [exists] = await tx`select 1 from information_schema.schemata where schema_name = ${live}`;
      if (exists) await tx.unsafe(`alter schema "${live}" rename to "${live}__old"`);
      await tx.unsafe(`alter schema "${t.schema}" rename to "${live}"`);
      await tx.unsafe(`drop schema if exists "${live}__old" cascade`);
    }
  });
  return done;
}

/** Rebuilds one read model; see rebuildProjections. */
export const rebuildProjection = (sql: Sql, store: EventStore, p: Projector, onProgress?: Progress) =>
  rebuildProjections(sql, store, [p], onProgress);
