import type { TransactionSql } from 'postgres';
import { comparePositions, type Position, type RecordedEvent } from '../../eventstore/types.ts';
import type { Projector } from './projector.ts';
import { writeCheckpoint } from './schema.ts';

/**
 * Applies the part of `batch` after the schema's checkpoint, and moves the checkpoint to the
 * batch's end, in the caller's transaction: the read model and its position commit together.
 * Returns the checkpoint found before applying.
 */
export async function applyToSchema(tx: TransactionSql, p: Projector, schema: string, batch: RecordedEvent[]): Promise<Position> {
  const [row] = await tx.unsafe(`select version, commit_position, prepare_position from "${schema}"._checkpoint where id = 1`);
  if (!row) throw new Error(`projection ${p.name}: schema ${schema} has no checkpoint`);
  const checkpoint = { version: Number(row.version), position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } };
  // Batches are in log order: only a prefix can be at or before the checkpoint.
  const seen = batch.findIndex((e) => comparePositions(e.position, checkpoint.position) > 0);
  const fresh = seen < 0 ? [] : seen === 0 ? batch : batch.slice(seen);
  if (fresh.length === 0) return checkpoint.position;
  const handled = fresh.filter((e) => p.handles.has(e.type));
  if (handled.length > 0) {
    await tx.unsafe(`set local search_path to "${schema}"`);
    await p.apply(tx, handled);
  }
  await writeCheckpoint(tx, schema, checkpoint.version, fresh[fresh.length - 1]!.position);
  return checkpoint.position;
}
