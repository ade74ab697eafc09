import { chainHash, GENESIS_HASH, verifyChain } from './hash.ts';
import {
  positionToString,
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
} from './types.ts';

/** One stream whose hash chain does not verify, at its first bad event. */
export interface LogBreak {
  streamId: string;
  revision: bigint;
  /** Global position of the first bad event (as `positionToString`). */
  position: string;
}

export interface LogReport {
  streams: number;
  events: number;
  breaks: LogBreak[];
}

interface StreamCursor {
  previousHash: string;
  nextRevision: bigint;
  broken: boolean;
}

/**
 * Verifies a whole log, stream by stream, as an auditor would: recomputes every hash chain
 * from the events alone (nothing the database says about itself is trusted). Reads the log in
 * global order a page at a time and keeps only each stream's running hash, so memory grows with
 * the number of streams, not of events.
 *
 * The per-stream rule is exactly `verifyChain`'s: revisions run 0, 1, 2, … without gaps and each
 * stored hash equals sha256(previous stored hash ‖ canonical event). Each stream is reported at
 * its first break only, like `verifyChain`; what follows a break cannot be trusted anyway.
 */
export async function verifyLog(
  store: EventStore,
  opts: { pageSize?: number; onProgress?: (events: number, position: Position) => void } = {},
): Promise<LogReport> {
  const cursors = new Map<string, StreamCursor>();
  const breaks: LogBreak[] = [];
  let events = 0;
  let from = START;
  for (;;) {
    const page = await store.readAll({ from, maxCount: opts.pageSize ?? 5000 });
    if (page.length === 0) break;
    for (const e of page) {
      let cursor = cursors.get(e.streamId);
      if (!cursor)
        cursors.set(
          e.streamId,
          (cursor = { previousHash: GENESIS_HASH, nextRevision: 0n, broken: false }),
        );
      if (!cursor.broken && !linkHolds(cursor, e)) {
        cursor.broken = true;
        breaks.push({
          streamId: e.streamId,
          revision: e.revision,
          position: positionToString(e.position),
        });
      }
      cursor.previousHash = e.hash;
      cursor.nextRevision = e.revision + 1n;
    }
    events += page.length;
    from = page[page.length - 1]!.position;
    opts.onProgress?.(events, from);
  }
  return { streams: cursors.size, events, breaks };
}

/** `verifyChain`'s check for one event, continuing from the stream's previous stored hash. */
function linkHolds(cursor: StreamCursor, e: RecordedEvent): boolean {
  return (
    e.revision === cursor.nextRevision &&
    chainHash(cursor.previousHash, e.streamId, e.revision, e) === e.hash
  );
}

/** The same check for one stream's events read on their own (e.g. `readStream`): its first break, or null. */
export function verifyStreamEvents(events: RecordedEvent[]): LogBreak | null {
  const broken = verifyChain(events);
  if (!broken) return null;
  const at = events.find((e) => e.revision === broken.revision)!;
  return {
    streamId: broken.streamId,
    revision: broken.revision,
    position: positionToString(at.position),
  };
}
