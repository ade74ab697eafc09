/**
 * Pure translation between the port's types and @eventstore/db-client's: no I/O here, so
 * `mapping.test.ts` checks it without a node.
 */
import { createHash } from 'node:crypto';
import {
  jsonEvent,
  NO_STREAM,
  START as ESDB_START,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type ReadPosition,
  type ResolvedEvent,
  type WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  WrongExpectedRevision,
  type EventMetadata,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../types.ts';

/** Metadata keys this adapter adds; stripped again on read so `metadata` is what was appended. */
export const HASH_KEY = 'hash';
/** Our event id, kept only when EventStoreDB could not store it verbatim as its UUID. */
export const ORIGINAL_ID_KEY = '$eventId';

/** EventStoreDB before 22.6 reports stream-read positions as 2^64-1 ("unknown"). */
const UNKNOWN_POSITION = 2n ** 64n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

/**
 * An event this adapter cannot turn into a RecordedEvent: not written by it (binary, or not
 * JSON objects), or from a server too old to report positions. Retrying cannot help.
 */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  readonly code = 'ES_UNREADABLE_EVENT';
}

/**
 * System events ($metadata, $stats, links `$>`, ...) and system streams never reach callers:
 * the port knows only business events. A resolved link whose target is gone has no `event`.
 */
export function isSystemEvent(resolved: AnyResolvedEvent): boolean {
  const e = resolved.event;
  return !e || e.type.startsWith('$') || e.streamId.startsWith('$');
}

/**
 * The UUID EventStoreDB stores for our id. The server keeps UUIDs in lower case and refuses
 * anything else, so other spellings map deterministically (the original goes in metadata).
 */
export function toEsdbEventId(id: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  const b = createHash('sha256').update(`esdb-event-id:${id}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8: application-defined
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The JSON event written for `event`, carrying its chain hash in metadata. */
export function toEventData(event: NewEvent, hash: string): EventData {
  const id = toEsdbEventId(event.id);
  const metadata: Record<string, unknown> = { ...event.metadata, [HASH_KEY]: hash };
  if (id !== event.id) metadata[ORIGINAL_ID_KEY] = event.id;
  return jsonEvent({ id, type: event.type, data: event.data, metadata });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Position of a recorded event; refuses servers that do not report one (before 22.6). */
export function positionOf(resolved: AnyResolvedEvent): Position {
  const p = resolved.event?.position;
  if (!p || p.commit === UNKNOWN_POSITION || p.prepare === UNKNOWN_POSITION) {
    throw new UnreadableEventError(
      'EventStoreDB did not report an event position: version 22.6 or later is required',
    );
  }
  return { commit: p.commit, prepare: p.prepare };
}

/** ResolvedEvent (from readStream, readAll or a subscription) → the port's RecordedEvent. */
export function toRecordedEvent(resolved: AnyResolvedEvent): RecordedEvent {
  const e = resolved.event;
  if (!e)
    throw new UnreadableEventError('resolved event without an event (a link to a deleted event?)');
  if (!e.isJson || !isPlainObject(e.data) || !isPlainObject(e.metadata)) {
    throw new UnreadableEventError(
      `event ${e.id} in ${e.streamId} (${e.type}) was not written by this adapter: JSON data and metadata expected`,
    );
  }
  const { [HASH_KEY]: hash, [ORIGINAL_ID_KEY]: originalId, ...metadata } = e.metadata;
  return {
    id: typeof originalId === 'string' ? originalId : e.id,
    type: e.type,
    data: e.data,
    metadata: metadata as EventMetadata,
    streamId: e.streamId,
    revision: e.revision,
    position: positionOf(resolved),
    // A missing hash cannot be invented; verifyChain reports the event instead.
    hash: typeof hash === 'string' ? hash : '',
  };
}

/** Our last-read revision (-1 for no stream) as the exact expectation sent to the server. */
export function toEsdbExpectedRevision(lastRevision: bigint): AppendExpectedRevision {
  return lastRevision < 0n ? NO_STREAM : lastRevision;
}

/** Where `$all` reads start for an exclusive `from` (the event at `from` itself is skipped by the caller). */
export function toReadPosition(from: Position | undefined): ReadPosition {
  return !from || from.commit < 0n || from.prepare < 0n
    ? ESDB_START
    : { commit: from.commit, prepare: from.prepare };
}

/** The client's WrongExpectedVersionError as the port's WrongExpectedRevision. */
export function toWrongExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  error: WrongExpectedVersionError,
): WrongExpectedRevision {
  const actual = error.actualVersion;
  return new WrongExpectedRevision(
    streamId,
    expected,
    typeof actual === 'bigint' && actual >= 0n ? actual : 'no_stream',
  );
}

/** The caller's expectation as a number to compare with the revision read (-1 = no stream), or null when any revision will do. */
export function exactExpectation(expected: ExpectedRevision): bigint | null {
  if (expected === 'no_stream') return -1n;
  return typeof expected === 'bigint' ? expected : null;
}
