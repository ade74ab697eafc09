import { createHash } from 'node:crypto';
import type { EventMetadata, NewEvent } from './types.ts';

/** The hash that starts every stream's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted, no whitespace, bigints as strings, toJSON honoured (dates). Both adapters hash the
 * same bytes whatever order their storage returns keys in (jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Metadata without the fields the store adds, so the hash covers exactly what was written. */
export function hashedMetadata(metadata: EventMetadata): EventMetadata {
  const { hash: _hash, ...rest } = metadata as EventMetadata & { hash?: unknown };
  return rest;
}

/** sha256 of the canonical event (stream, id, type, data, metadata): what the chain links. */
export function eventDigest(
  streamId: string,
  event: Pick<NewEvent, 'id' | 'type' | 'data' | 'metadata'>,
): string {
  return digestOfCanonical(
    streamId,
    event.id,
    event.type,
    canonicalJson(event.data),
    canonicalJson(hashedMetadata(event.metadata)),
  );
}

/**
 * The same digest from data and metadata already in canonical JSON (the Postgres log stores
 * those strings, so it serialises each event once). Keys in canonical (sorted) order.
 */
export function digestOfCanonical(
  streamId: string,
  id: string,
  type: string,
  data: string,
  metadata: string,
): string {
  const canonical = `{"data":${data},"id":${JSON.stringify(id)},"metadata":${metadata},"streamId":${JSON.stringify(streamId)},"type":${JSON.stringify(type)}}`;
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * One link of a stream's chain: sha256("previous:revision:digest") in hex. Plain text of fixed
 * shape, so the Postgres log computes the same link in SQL (`eventlog.append_batch`) while the
 * digest of the canonical JSON is computed in Node.
 */
export function linkHash(previousHash: string, revision: bigint, digest: string): string {
  return createHash('sha256').update(`${previousHash}:${revision}:${digest}`).digest('hex');
}

/** The hash of the event at `revision` of `streamId`, following `previousHash`. */
export function chainHash(
  previousHash: string,
  streamId: string,
  revision: bigint,
  event: NewEvent,
): string {
  return linkHash(previousHash, revision, eventDigest(streamId, event));
}

export interface ChainBreak {
  streamId: string;
  revision: bigint;
  expected: string;
  found: string;
}

/** Recomputes a stream's chain; returns the first event whose stored hash does not match. */
export function verifyChain(
  events: {
    streamId: string;
    revision: bigint;
    hash: string;
    id: string;
    type: string;
    data: Record<string, unknown>;
    metadata: EventMetadata;
  }[],
): ChainBreak | null {
  let previous = GENESIS_HASH;
  let expectedRevision = 0n;
  for (const e of events) {
    const expected = chainHash(previous, e.streamId, e.revision, e);
    if (e.revision !== expectedRevision || expected !== e.hash) {
      return { streamId: e.streamId, revision: e.revision, expected, found: e.hash };
    }
    previous = e.hash;
    expectedRevision++;
  }
  return null;
}
