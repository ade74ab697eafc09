import type { Sql } from 'postgres';
import { START, type EventStore, type Position } from '../../eventstore/types.ts';
import { applyToSchema } from './apply.ts';
import { liveSchema, type Projector } from './projector.ts';
import { createProjectionSchema, ensureReaderRole, lockProjector, readCheckpoint } from './schema.ts';

export type Progress = (done: number, position: Position) => void;

/** Builds `schema` from the log up to the current head (or to `until`, inclusive). Returns events read. */
export async function buildSchema(
  sql: Sql,
  store: EventStore,
  p: Projector,
  schema: string,
  opts: { until?: Position; onProgress?: Progress; batchSize?: number } = {},
): Promise<number> {
  await ensureReaderRole(sql);
  await createProjectionSchema(sql, p, schema);
  let from = START;
  let done = 0;
  for (;;) {
    let batch = await store.readAll({ from, maxCount: opts.batchSize ?? 2000 });
    if (opts.until) batch = batch.filter((e) => e.position.commit < opts.until!.commit || (e.position.commit === opts.until!.commit && e.position.prepare <= opts.until!.prepare));
    if (batch.length === 0) return done;
    await sql.begin((tx) => applyToSchema(tx, p, schema, batch));
    from = batch[batch.length - 1]!.position;
    done += batch.length;
    opts.onProgress?.(done, from);
  }
}

/**
 * Rebuilds a read model into a shadow schema while the live one keeps serving, then swaps them
 * in one transaction, after a last catch-up under the projector's lock.
 */
export async function rebuildProjection(sql: Sql, store: EventStore, p: Projector, onProgress?: Progress): Promise<number> {
  const live = liveSchema(p);
  const shadow = `${live}__shadow`;
  let done = await buildSchema(sql, store, p, shadow, { onProgress });
  await sql.begin(async (tx) => {
    await lockProjector(tx, p.name);
    // Final catch-up under the lock: the live runner waits, so the swap loses nothing.
    let from = (await readCheckpoint(tx, shadow))!.position;
    for (;;) {
      const batch = await store.readAll({ from, maxCount: 2000 });
      if (batch.length === 0) break;
      await applyToSchema(tx, p, shadow, batch);
      from = batch[batch.length - 1]!.position;
      done += batch.length;
    }
    await tx.unsafe(`drop schema if exists "${live}__old" cascade`);
    const [exists] = await tx`select 1 from information_schema.schemata where schema_name = ${live}`;
    if (exists) await tx.unsafe(`alter schema "${live}" rename to "${live}__old"`);
    await tx.unsafe(`alter schema "${shadow}" rename to "${live}"`);
    await tx.unsafe(`drop schema if exists "${live}__old" cascade`);
  });
  return done;
}
