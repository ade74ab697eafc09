import type { Sql } from 'postgres';
import type { RecordedEvent, TypedBatch, TypedReadOptions } from '../types.ts';

const MAX_POSITION = 2n ** 63n - 1n;

interface TypedRow {
  global_position: bigint;
  type: string;
  /** False for events of other types: their other columns are null. */
  wanted: boolean;
  stream_id: string;
  revision: bigint;
  event_id: string;
  data: string;
  metadata: string;
  hash: string;
}

/**
 * The log's readAll for rebuilds (EventStore.readAllOfTypes): the same rows in the same order,
 * under the same rule (only transactions older than every running one), but an event of another
 * type comes as its position alone, so PostgreSQL never turns its JSON into text nor sends it.
 * JSON arrives as text, parsed here.
 */
export async function readAllOfTypes(sql: Sql, options: TypedReadOptions): Promise<TypedBatch> {
  const rows = await sql<TypedRow[]>`
    select global_position, type, wanted,
      case when wanted then stream_id end as stream_id, case when wanted then revision end as revision,
      case when wanted then event_id::text end as event_id, case when wanted then data::text end as data,
      case when wanted then metadata::text end as metadata, case when wanted then hash end as hash
    from (
      select *, type = any(${options.types as string[]}::text[]) as wanted from eventlog.events
      where global_position > ${options.from.commit.toString()} and global_position <= ${(options.until?.commit ?? MAX_POSITION).toString()}
        and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      order by global_position
      limit ${options.maxCount}) e`;
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    if (!row.wanted) continue;
    events.push({
      id: row.event_id,
      type: row.type,
      data: JSON.parse(row.data) as Record<string, unknown>,
      metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
      streamId: row.stream_id,
      revision: row.revision,
      position: { commit: row.global_position, prepare: row.global_position },
      hash: row.hash,
    });
  }
  const last = rows[rows.length - 1]?.global_position;
  return {
    events,
    read: rows.length,
    end: last === undefined ? options.from : { commit: last, prepare: last },
  };
}
