/**
 * What this process knows of the streams it appends to: every event id in a stream up to its
 * newest event read, and that event's revision, id and hash. It lets an append recognise a
 * retry (the same ids again, whatever came after) and hash on top of the stream while reading
 * only the events it has not seen yet, instead of the whole stream each time.
 *
 * It stays correct without being told anything, because the log only grows: an entry is only
 * ever extended by events read from the stream itself, starting at the newest event it knows
 * (read again, so a stream deleted or truncated since is noticed), so another writer's events
 * (another process, or a restarted one) are read before this process decides anything. A node
 * restart changes nothing in the log; a process restart starts empty and reads each stream once
 * when it first appends to it. Only streams are bounded: the least recently used are forgotten
 * beyond `maxIds` ids in all (they are read whole again when next appended to).
 */
import type { NewEvent, RecordedEvent } from '../types.ts';

export interface KnownStream {
  /** Our event id → its revision, for every event from revision 0 to `lastRevision`. */
  readonly ids: Map<string, bigint>;
  lastRevision: bigint;
  lastId: string;
  lastHash: string;
}

/**
 * About 100-200 bytes an id (measured on Node 20: ~55 for the map entry and its bigint, plus the
 * id string), so the default bound is some 25-50 MB at most.
 */
export const DEFAULT_MAX_KNOWN_IDS = 250_000;

export class KnownIds {
  private readonly streams = new Map<string, KnownStream>();
  private total = 0;

  constructor(private readonly maxIds = DEFAULT_MAX_KNOWN_IDS) {}

  /** The entry for a stream, marked as recently used; undefined when not known. */
  get(streamId: string): KnownStream | undefined {
    const known = this.streams.get(streamId);
    if (known) {
      this.streams.delete(streamId);
      this.streams.set(streamId, known);
    }
    return known;
  }

  forget(streamId: string): void {
    const known = this.streams.get(streamId);
    if (!known) return;
    this.total -= known.ids.size;
    this.streams.delete(streamId);
  }

  /**
   * Records events read from (or written to) a stream, oldest first. They must start at
   * revision 0 for a stream not known yet, and continue (or overlap) the known ones otherwise;
   * anything else is left out (the next append reads it again). Returns the entry.
   */
  extend(
    streamId: string,
    events: readonly Pick<RecordedEvent, 'id' | 'revision' | 'hash'>[],
  ): KnownStream | undefined {
    let known = this.get(streamId);
    for (const e of events) {
      if (!known) {
        if (e.revision !== 0n) return undefined;
        known = { ids: new Map(), lastRevision: -1n, lastId: '', lastHash: '' };
        this.streams.set(streamId, known);
      }
      if (e.revision <= known.lastRevision) continue;
      if (e.revision !== known.lastRevision + 1n) break;
      known.ids.set(e.id, e.revision);
      known.lastRevision = e.revision;
      known.lastId = e.id;
      known.lastHash = e.hash;
      this.total++;
    }
    this.evict(streamId);
    return known;
  }

  /** How many ids are held in all (for tests and the bound). */
  get size(): number {
    return this.total;
  }

  private evict(keep: string): void {
    for (const [streamId, known] of this.streams) {
      if (this.total <= this.maxIds) return;
      if (streamId === keep) continue;
      this.total -= known.ids.size;
      this.streams.delete(streamId);
    }
  }
}

export type RetryMatch =
  { kind: 'new' } | { kind: 'retry'; lastRevision: bigint } | { kind: 'conflict' };

/**
 * Whether `events` were appended before, given where each id already sits in the stream: none
 * of them, new; all of them, contiguous and in order, a clean retry (its original answer is at
 * `lastRevision`); anything else reuses ids and is a conflict (one event per id, types.ts).
 */
export function matchRetry(
  events: readonly NewEvent[],
  revisionOf: (id: string) => bigint | undefined,
): RetryMatch {
  const revisions = events.map((e) => revisionOf(e.id));
  const firstKnown = revisions.findIndex((r) => r !== undefined);
  if (firstKnown < 0) return { kind: 'new' };
  const from = revisions[firstKnown]! - BigInt(firstKnown);
  if (from < 0n || revisions.some((r, i) => r !== from + BigInt(i))) return { kind: 'conflict' };
  return { kind: 'retry', lastRevision: from + BigInt(events.length - 1) };
}
