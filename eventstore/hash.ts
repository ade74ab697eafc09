import { createHash } from 'node:crypto';
import type { EventMetadata, NewEvent } from './types.ts';

/** The hash that starts every stream's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted, no whitespace, bigints as strings. Both adapters hash the
 * same bytes whatever order their storage returns keys in (jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value !== 'object') return JSON.stringify(value);
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

/** sha256(previous hash ‖ canonical event) for the event at `revision` of `streamId`. */
export function chainHash(previousHash: string, streamId: string, revision: bigint, event: NewEvent): string {
  const canonical = canonicalJson({
    streamId,
    revision,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: hashedMetadata(event.metadata),
  });
  return createHash('sha256').update(previousHash).update(canonical).digest('hex');
}

export interface ChainBreak {
  streamId: string;
  revision: bigint;
  expected: string;
  found: string;
}

/** Recomputes a stream's chain; returns the first event whose stored hash does not match. */
export function verifyChain(
  events: { streamId: string; revision: bigint; hash: string; id: string; type: string; data: Record<string, unknown>; metadata: EventMetadata }[],
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
