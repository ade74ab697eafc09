/**
 * What both adapters check before writing an append, so they refuse the same appends with the
 * same errors: every value must survive JSON (what the log stores and what the hash chain
 * covers must be the same thing), and the append must fit MAX_APPEND_BYTES.
 */
import { AppendTooLarge, MAX_APPEND_BYTES, UnserialisableEvent, type NewEvent } from './types.ts';

/** Throws UnserialisableEvent or AppendTooLarge; nothing is written then. */
export function admitAppend(streamId: string, events: readonly NewEvent[]): void {
  for (const event of events) {
    const problem =
      firstUnserialisable(event.data, 'data') ?? firstUnserialisable(event.metadata, 'metadata');
    if (problem) throw new UnserialisableEvent(streamId, event.id, problem.path, problem.reason);
  }
  const bytes = appendBytes(events);
  if (bytes > MAX_APPEND_BYTES) throw new AppendTooLarge(streamId, bytes, MAX_APPEND_BYTES);
}

/** What MAX_APPEND_BYTES counts: the UTF-8 JSON of every event's data and metadata (as given, before an adapter adds its own keys). */
export function appendBytes(events: readonly NewEvent[]): number {
  return events.reduce(
    (n, e) =>
      n + Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata)),
    0,
  );
}

/**
 * The first value JSON would lose or change, with its path. An object key whose value is
 * `undefined` is absent, as in JSON and in the canonical form the hash covers (optional fields
 * are written that way); `undefined` in an array would come back as null, so it is refused.
 * Objects with toJSON (Date, Decimal) are checked as what toJSON returns.
 */
export function firstUnserialisable(
  value: unknown,
  path: string,
  seen = new Set<object>(),
): { path: string; reason: string } | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : { path, reason: String(value) };
    case 'bigint':
      return { path, reason: 'a bigint' };
    case 'function':
      return { path, reason: 'a function' };
    case 'symbol':
      return { path, reason: 'a symbol' };
    case 'undefined':
      return { path, reason: 'undefined' };
  }
  if (value === null) return null;
  const object = value as object;
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function')
    return firstUnserialisable((object as { toJSON(): unknown }).toJSON(), path, seen);
  if (seen.has(object)) return { path, reason: 'a circular reference' };
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const found = firstUnserialisable(object[i], `${path}[${i}]`, seen);
        if (found) return found;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(object) as unknown;
    // A Map, Set or class instance would be written as {} or as its fields alone.
    if (proto !== Object.prototype && proto !== null)
      return { path, reason: `a ${object.constructor?.name ?? 'non-plain'} object` };
    if (Object.getOwnPropertySymbols(object).length > 0) return { path, reason: 'a symbol key' };
    for (const [key, v] of Object.entries(object)) {
      if (v === undefined) continue;
      const found = firstUnserialisable(v, `${path}.${key}`, seen);
      if (found) return found;
    }
    return null;
  } finally {
    seen.delete(object);
  }
}
