import type { EventMetadata, RecordedEvent } from '../types.ts';

export interface EventRow {
  global_position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  hash: string;
}

export function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: { commit: BigInt(row.global_position), prepare: BigInt(row.global_position) },
    hash: row.hash,
  };
}

export const EVENT_COLUMNS =
  'global_position, stream_id, revision, event_id::text as event_id, type, data, metadata, hash';
