/**
 * Appending with the per-stream hash chain. The hash of an event depends on the event before
 * it, so the adapter reads the stream's tail, hashes on top of it, and writes with the exact
 * revision it read: a concurrent writer makes the server refuse the write instead of breaking
 * the chain.
 */
import { WrongExpectedVersionError } from '@eventstore/db-client';
import { chainHash, GENESIS_HASH } from '../hash.ts';
import { EventIdConflict, WrongExpectedRevision, type AppendResult, type ExpectedRevision, type NewEvent, type RecordedEvent } from '../types.ts';
import { exactExpectation, locateRetry, sameAppend, toEsdbExpectedRevision, toEventData, toWrongExpectedRevision } from './mapping.ts';
import { readRange, readTail, type EsdbClient } from './reads.ts';

/** Extra tail events read, so a retry is still recognised after a few appends by others. */
const TAIL_SLACK = 16;
/** Rounds for 'any' / 'stream_exists' before giving up under heavy contention on one stream. */
const MAX_ATTEMPTS = 25;

export async function appendChained(
  client: EsdbClient,
  streamId: string,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  if (events.length === 0) throw new Error('append needs at least one event');
  const exact = exactExpectation(expected);
  for (let attempt = 1; ; attempt++) {
    const tail = await readTail(client, streamId, events.length + TAIL_SLACK);
    const last = tail[0];
    const actual = last?.revision ?? -1n;

    // The same ids again: one event per id (types.ts), so answer with the first write.
    const retried = await findOriginal(client, streamId, events, tail);
    if (retried) return retried;

    if (exact !== null && exact !== actual) {
      if (exact < actual) {
        // A retry with the revision the first attempt used: its events follow that revision.
        const original = await findOriginal(client, streamId, events, await readRange(client, streamId, exact + 1n, events.length));
        if (original) return original;
      }
      throw new WrongExpectedRevision(streamId, expected, last ? actual : 'no_stream');
    }
    if (expected === 'stream_exists' && !last) throw new WrongExpectedRevision(streamId, expected, 'no_stream');

    let previous = last?.hash ?? GENESIS_HASH;
    const data = events.map((event, i) => {
      previous = chainHash(previous, streamId, actual + 1n + BigInt(i), event);
      return toEventData(event, previous);
    });
    try {
      const result = await client.appendToStream(streamId, data, { expectedRevision: toEsdbExpectedRevision(actual) });
      return await resultAt(client, streamId, result.nextExpectedRevision);
    } catch (e) {
      if (!(e instanceof WrongExpectedVersionError)) throw e;
      // Another writer got in between our read and our write. The next round re-reads the tail:
      // an exact expectation then fails (or finds its own events, for a concurrent retry);
      // 'any' and 'stream_exists' hash again on top of the new events.
      if (attempt >= MAX_ATTEMPTS) throw toWrongExpectedRevision(streamId, expected, e);
      if (exact === null) await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

/**
 * If `candidates` hold one of our ids, reads where the original append must sit and returns
 * its result; a partial or reordered match is an EventIdConflict. Null: not written before.
 */
async function findOriginal(client: EsdbClient, streamId: string, events: NewEvent[], candidates: RecordedEvent[]): Promise<AppendResult | null> {
  const verdict = locateRetry(events, candidates);
  if (verdict.kind === 'new') return null;
  if (verdict.kind === 'conflict') throw new EventIdConflict(streamId);
  const original = await readRange(client, streamId, verdict.fromRevision, events.length);
  if (!sameAppend(events, original)) throw new EventIdConflict(streamId);
  const lastOriginal = original[original.length - 1]!;
  return { nextExpectedRevision: lastOriginal.revision, position: lastOriginal.position };
}

/**
 * The result for the event now at `revision`. Read back rather than taken from the append
 * response so that it is exactly the position readStream, readAll and subscriptions report.
 */
async function resultAt(client: EsdbClient, streamId: string, revision: bigint): Promise<AppendResult> {
  const [event] = await readRange(client, streamId, revision, 1);
  if (!event) throw new Error(`stream ${streamId}: appended event at revision ${revision} could not be read back`);
  return { nextExpectedRevision: revision, position: event.position };
}
