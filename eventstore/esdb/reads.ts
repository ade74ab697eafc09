/** Reads on @eventstore/db-client, returning the port's RecordedEvents. */
import {
  BACKWARDS,
  END,
  FORWARDS,
  StreamDeletedError,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { comparePositions, StreamDeleted, type Position, type RecordedEvent } from '../types.ts';
import { isSystemEvent, toReadPosition, toRecordedEvent } from './mapping.ts';

/** The part of the client the adapter uses; a fake implements it in `store.test.ts`. */
export type EsdbClient = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

async function drain<E>(read: StreamingRead<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const e of read) out.push(e);
  return out;
}

/**
 * Events of one stream; [] when it does not exist. `from` is a revision, or 'end' to read
 * backwards from the newest event. A tombstoned stream, or one whose older events are gone
 * ($tb, $maxCount, $maxAge), is StreamDeleted: its hash chain cannot be followed.
 */
export async function readStreamEvents(
  client: EsdbClient,
  streamId: string,
  options: { from: bigint | 'end'; direction: 'forwards' | 'backwards'; maxCount?: number },
): Promise<RecordedEvent[]> {
  try {
    const resolved = await drain<ResolvedEvent>(
      client.readStream(streamId, {
        fromRevision: options.from === 'end' ? END : options.from < 0n ? 0n : options.from,
        direction: options.direction === 'forwards' ? FORWARDS : BACKWARDS,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      }),
    );
    const events = resolved.map(toRecordedEvent);
    const first = events[0];
    if (
      first &&
      options.direction === 'forwards' &&
      options.from !== 'end' &&
      first.revision > (options.from < 0n ? 0n : options.from)
    ) {
      throw new StreamDeleted(streamId, 'truncated');
    }
    return events;
  } catch (e) {
    if (e instanceof StreamNotFoundError) return [];
    if (e instanceof StreamDeletedError) throw new StreamDeleted(streamId, 'tombstoned');
    throw e;
  }
}

/**
 * True when the stream has metadata (`$$stream`): set by deleteStream (soft delete, `$tb`) or
 * by an operator ($maxCount, $maxAge, $tb). The application never writes any, and a stream that
 * reads as missing but has some was deleted: appending would restart its chain at the wrong revision.
 */
export async function hasStreamMetadata(client: EsdbClient, streamId: string): Promise<boolean> {
  try {
    for await (const _ of client.readStream(`$$${streamId}`, {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: 1,
    }))
      return true;
    return false;
  } catch (e) {
    if (e instanceof StreamNotFoundError) return false;
    throw e;
  }
}

/** `count` events of a stream from `revision` onwards, oldest first. */
export const readRange = (client: EsdbClient, streamId: string, revision: bigint, count: number) =>
  readStreamEvents(client, streamId, { from: revision, direction: 'forwards', maxCount: count });

export interface AllPage {
  /** Non-system events strictly after `from`, in global order. */
  events: RecordedEvent[];
  /** How many records the server returned (system ones included): fewer than asked means the end of $all. */
  raw: number;
  /** Position of the last record returned, system or not; where the next page starts. */
  last: Position | undefined;
}

/**
 * One forward page of `$all` after `from` (exclusive). Filtering happens here because this
 * client's readAll takes no server-side filter; the server's `from` is inclusive, so the event
 * at `from` comes back and is dropped.
 */
export async function readAllPage(
  client: EsdbClient,
  from: Position | undefined,
  maxCount: number,
): Promise<AllPage> {
  const resolved = await drain<AllStreamResolvedEvent>(
    client.readAll({ fromPosition: toReadPosition(from), direction: FORWARDS, maxCount }),
  );
  const events: RecordedEvent[] = [];
  let last: Position | undefined;
  for (const r of resolved) {
    const p = r.event?.position;
    if (p) last = { commit: p.commit, prepare: p.prepare };
    if (isSystemEvent(r)) continue;
    const event = toRecordedEvent(r);
    if (from && comparePositions(event.position, from) <= 0) continue;
    events.push(event);
  }
  return { events, raw: resolved.length, last };
}

/**
 * Up to `maxCount` events after `from`, reading on past pages of system events so that a
 * short answer always means the end of the log (callers page with "until empty").
 */
export async function readAllAfter(
  client: EsdbClient,
  from: Position | undefined,
  maxCount: number,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let cursor = from;
  while (out.length < maxCount) {
    // +1: the record at `cursor` itself comes back and is dropped.
    const ask = maxCount - out.length + 1;
    const page = await readAllPage(client, cursor, ask);
    out.push(...page.events.slice(0, maxCount - out.length));
    if (page.raw < ask || !page.last) break;
    if (cursor && comparePositions(page.last, cursor) <= 0) break;
    cursor = page.last;
  }
  return out;
}

/** Position of the newest non-system event, looking back past trailing system records. */
export async function newestPosition(client: EsdbClient): Promise<Position | undefined> {
  const pageSize = 64;
  let from: Position | typeof END = END;
  for (;;) {
    const page: AllStreamResolvedEvent[] = await drain(
      client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: pageSize }),
    );
    const found = page.find((r) => !isSystemEvent(r));
    if (found) return toRecordedEvent(found).position;
    const oldest: Position | undefined = page[page.length - 1]?.event?.position;
    if (page.length < pageSize || !oldest) return undefined;
    // Whether a backwards read includes the record at `from` or not, it is a system record
    // already seen: skipping it costs nothing, and a page that does not move back ends the search.
    if (from !== END && comparePositions(oldest, from) >= 0) return undefined;
    from = oldest;
  }
}
