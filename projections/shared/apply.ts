import type { TransactionSql } from 'postgres';
import { comparePositions, type Position, type RecordedEvent } from '../../eventstore/types.ts';
import type { Projector } from './projector.ts';

/**
 * Applies the part of `batch` after the schema's checkpoint, and moves the checkpoint to the
 * batch's end (or to `through`, when the batch was read up to there with some events left out),
 * in the caller's transaction: the read model and its position commit together.
 * Returns the checkpoint found before applying.
 */
export async function applyToSchema(
  tx: TransactionSql,
  p: Projector,
  schema: string,
  batch: RecordedEvent[],
  through?: Position,
): Promise<Position> {
  return (await applyToSchemas(tx, [{ projector: p, schema }], batch, through))[0]!;
}

/**
 * applyToSchema for several read models in one transaction, in three round trips plus the
 * projectors' own statements: one query reads every checkpoint, each projector with events to
 * handle applies them, one statement moves every checkpoint that moved. Returns the
 * checkpoints found before applying, in the order of `targets`.
 */
export async function applyToSchemas(
  tx: TransactionSql,
  targets: { projector: Projector; schema: string }[],
  batch: RecordedEvent[],
  through: Position | undefined = batch[batch.length - 1]?.position,
): Promise<Position[]> {
  const rows = await tx.unsafe(
    targets
      .map(
        (t, i) =>
          `select ${i} as i, version, commit_position, prepare_position from "${t.schema}"._checkpoint where id = 1`,
      )
      .join(' union all '),
  );
  const moves: string[] = [];
  const before: Position[] = [];
  for (const [i, { projector: p, schema }] of targets.entries()) {
    const row = rows.find((r) => Number(r.i) === i);
    if (!row) throw new Error(`projection ${p.name}: schema ${schema} has no checkpoint`);
    const checkpoint: Position = {
      commit: BigInt(row.commit_position),
      prepare: BigInt(row.prepare_position),
    };
    before.push(checkpoint);
    if (!through || comparePositions(through, checkpoint) <= 0) continue;
    // Batches are in log order: only a prefix can be at or before the checkpoint.
    const seen = batch.findIndex((e) => comparePositions(e.position, checkpoint) > 0);
    const fresh = seen < 0 ? [] : seen === 0 ? batch : batch.slice(seen);
    const handled = fresh.filter((e) => p.handles.has(e.type));
    if (handled.length > 0) {
      await tx.unsafe(`set local search_path to "${schema}"`);
      await p.apply(tx, handled);
    }
    // Positions are bigints (digits only): safe as literals, so all moves go in one simple query.
    moves.push(
      `update "${schema}"._checkpoint set commit_position = ${through.commit}, prepare_position = ${through.prepare}, updated_at = now() where id = 1`,
    );
  }
  if (moves.length > 0) await tx.unsafe(moves.join(';\n'));
  return before;
}
