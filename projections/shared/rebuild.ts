import type { Sql } from 'postgres';
import { START, type EventStore, type Position, type TypedBatch } from '../../eventstore/types.ts';
import { applyToSchema, applyToSchemas } from './apply.ts';
import { liveSchema, type Projector } from './projector.ts';
import {
  createProjectionSchema,
  ensureReaderRole,
  lockProjectors,
  readCheckpoint,
} from './schema.ts';

export type Progress = (done: number, position: Position) => void;

export interface BuildTarget {
  projector: Projector;
  schema: string;
}

const before = (p: Position, until: Position) =>
  p.commit < until.commit || (p.commit === until.commit && p.prepare <= until.prepare);

/**
 * Builds each target schema from the log up to the current head (or to `until`, inclusive), in
 * one pass: every batch read is applied to all targets at once, each in a transaction of its own
 * with its checkpoint, and the next batch is read meanwhile. Only the events some target handles
 * are fetched where the store allows it; every checkpoint still moves to the end of what was
 * read. Plain indexes are made at the end. Returns the number of events read from the log.
 */
export async function buildSchemas(
  sql: Sql,
  store: EventStore,
  targets: BuildTarget[],
  opts: { until?: Position; onProgress?: Progress; batchSize?: number } = {},
): Promise<number> {
  await ensureReaderRole(sql);
  const deferred: string[] = [];
  for (const t of targets) {
    await createProjectionSchema(sql, t.projector, t.schema);
    deferred.push(...(await dropPlainIndexes(sql, t.schema)));
  }
  const types = [...new Set(targets.flatMap((t) => [...t.projector.handles]))];
  const read = logReader(store, types, opts.batchSize ?? 20_000, opts.until);
  let done = 0;
  let next = read(START);
  for (;;) {
    const batch = await next;
    if (batch.read === 0) break;
    next = read(batch.end);
    next.catch(() => {}); // surfaced by the await above on the next turn
    // Each schema in a transaction of its own, on a connection of its own, at once.
    await Promise.all(
      targets.map((t) =>
        sql.begin(async (tx) => {
          // Nothing reads these schemas yet: a batch lost in a crash is lost with its checkpoint.
          // The tables grow faster than their statistics: price index lookups as the cached
          // reads they are, or joins to them turn into a scan of the whole table per batch.
          await tx`select set_config('synchronous_commit', 'off', true), set_config('random_page_cost', '1.1', true)`;
          await applyToSchema(tx, t.projector, t.schema, batch.events, batch.end);
        }),
      ),
    );
    done += batch.read;
    opts.onProgress?.(done, batch.end);
  }
  // One sort per index instead of an insert into it per row; in parallel, one connection each.
  await Promise.all(deferred.map((definition) => sql.unsafe(definition)));
  return done;
}

/**
 * Reads the log in steps for a build: only events of `types` where the store can leave the
 * others out (readAllOfTypes), every event otherwise.
 */
function logReader(
  store: EventStore,
  types: string[],
  maxCount: number,
  until?: Position,
): (from: Position) => Promise<TypedBatch> {
  if (store.readAllOfTypes)
    return (from) => store.readAllOfTypes!({ from, maxCount, types, until });
  return async (from) => {
    const all = await store.readAll({ from, maxCount });
    const events = until ? all.filter((e) => before(e.position, until)) : all;
    return { events, read: events.length, end: events[events.length - 1]?.position ?? from };
  };
}

/**
 * Drops the indexes of a fresh schema that back no constraint, and returns their definitions to
 * make them once the bulk of the rows is in. Primary keys and unique constraints stay: the
 * projectors' `on conflict` and updates by key need them.
 */
async function dropPlainIndexes(sql: Sql, schema: string): Promise<string[]> {
  const indexes = await sql<{ name: string; definition: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`;
  for (const i of indexes) await sql.unsafe(`drop index ${i.name}`);
  return indexes.map((i) => i.definition);
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
export async function rebuildProjections(
  sql: Sql,
  store: EventStore,
  projectors: Projector[],
  onProgress?: Progress,
): Promise<number> {
  const targets = projectors.map((p) => ({ projector: p, schema: `${liveSchema(p)}__shadow` }));
  let done = await buildSchemas(sql, store, targets, { onProgress });
  await sql.begin(async (tx) => {
    await lockProjectors(
      tx,
      targets.map((t) => t.projector.name),
    );
    // Final catch-up under the locks: the live runner waits, so the swap loses nothing.
    let from = (await readCheckpoint(tx, targets[0]!.schema))!.position;
    for (;;) {
      const batch = await store.readAll({ from, maxCount: 2000 });
      if (batch.length === 0) break;
      await applyToSchemas(tx, targets, batch);
      from = batch[batch.length - 1]!.position;
      done += batch.length;
    }
    for (const t of targets) {
      const live = liveSchema(t.projector);
      await tx.unsafe(`drop schema if exists "${live}__old" cascade`);
      const [exists] =
        await tx`select 1 from information_schema.schemata where schema_name = ${live}`;
      if (exists) await tx.unsafe(`alter schema "${live}" rename to "${live}__old"`);
      await tx.unsafe(`alter schema "${t.schema}" rename to "${live}"`);
      await tx.unsafe(`drop schema if exists "${live}__old" cascade`);
    }
  });
  return done;
}

/** Rebuilds one read model; see rebuildProjections. */
export const rebuildProjection = (
  sql: Sql,
  store: EventStore,
  p: Projector,
  onProgress?: Progress,
) => rebuildProjections(sql, store, [p], onProgress);
