/**
 * Appending with the per-stream hash chain. The hash of an event depends on the event before
 * it, so the adapter reads the stream's tail, hashes on top of it, and writes with the exact
 * revision it read: a concurrent writer makes the server refuse the write instead of breaking
 * the chain.
 *
 * A retry (the same event ids again) is recognised here, not by the server: with the exact
 * revision the adapter sends, a node writes without looking at ids when that revision is
 * current, and its own id cache for `any` is bounded and lost on restart. So the adapter looks
 * for its ids in the stream itself (the tail first, the whole stream when the tail is full),
 * as the Postgres log does with UNIQUE(stream_id, event_id).
 */
import {
  MaxAppendSizeExceededError,
  StreamDeletedError,
  WrongExpectedVersionError,
  type Credentials,
} from '@eventstore/db-client';
import { admitAppend, appendBytes } from '../admission.ts';
import { chainHash, GENESIS_HASH } from '../hash.ts';
import {
  AppendTooLarge,
  EventIdConflict,
  StreamDeleted,
  WrongExpectedRevision,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '../types.ts';
import {
  exactExpectation,
  locateRetry,
  sameAppend,
  toEsdbExpectedRevision,
  toEventData,
  toWrongExpectedRevision,
} from './mapping.ts';
import {
  hasStreamMetadata,
  readRange,
  readStreamEvents,
  readTail,
  type EsdbClient,
} from './reads.ts';
import { isTransient, type TransientRetry } from './transient.ts';

/** Extra tail events read, so most retries are recognised without reading the whole stream. */
const TAIL_SLACK = 16;
/** Rounds for 'any' / 'stream_exists' before giving up under heavy contention on one stream. */
const MAX_ATTEMPTS = 25;

export interface AppendOptions {
  /**
   * Sent with every append, so the 6.2.1 client takes its plain append path, not the
   * process-wide batch-append stream (see index.ts).
   */
  credentials?: Credentials;
  transient: TransientRetry;
}

export async function appendChained(
  client: EsdbClient,
  streamId: string,
  events: NewEvent[],
  expected: ExpectedRevision,
  options: AppendOptions,
): Promise<AppendResult> {
  if (events.length === 0) throw new Error('append needs at least one event');
  // Before the client sees them: its JSON.stringify runs where a throw is never reported.
  admitAppend(streamId, events);
  const exact = exactExpectation(expected);
  let conflicts = 0;
  let transient = 0;
  for (;;) {
    try {
      return await appendOnce(client, streamId, events, expected, exact, options);
    } catch (e) {
      if (e instanceof WrongExpectedVersionError) {
        // Another writer got in between our read and our write. The next round re-reads the
        // tail: an exact expectation then fails (or finds its own events, for a concurrent
        // retry); 'any' and 'stream_exists' hash again on top of the new events.
        if (++conflicts >= MAX_ATTEMPTS) throw toWrongExpectedRevision(streamId, expected, e);
        if (exact === null) await sleep(Math.random() * 5 * conflicts);
        continue;
      }
      // A cut connection, a deadline, a node not ready or not leader yet: the write may or may
      // not have committed. The next round looks for our ids first, so it never writes twice.
      if (isTransient(e) && ++transient < options.transient.attempts) {
        await sleep(
          Math.min(options.transient.initialMs * 2 ** (transient - 1), options.transient.maxMs),
        );
        continue;
      }
      if (e instanceof StreamDeletedError) throw new StreamDeleted(streamId, 'tombstoned');
      // A node configured below the port's limit (its maxAppendSize counts data bytes): the same refusal.
      if (e instanceof MaxAppendSizeExceededError)
        throw new AppendTooLarge(streamId, appendBytes(events), e.maxAppendSize);
      throw e;
    }
  }
}

async function appendOnce(
  client: EsdbClient,
  streamId: string,
  events: NewEvent[],
  expected: ExpectedRevision,
  exact: bigint | null,
  options: AppendOptions,
): Promise<AppendResult> {
  const tail = await readTail(client, streamId, events.length + TAIL_SLACK);
  const last = tail[0];
  const actual = last?.revision ?? -1n;

  // The same ids again: one event per id (types.ts), so answer with the first write.
  const retried = await findOriginal(
    client,
    streamId,
    events,
    tail.length < events.length + TAIL_SLACK
      ? tail
      : await readStreamEvents(client, streamId, { from: 0n, direction: 'forwards' }),
  );
  if (retried) return retried;

  if (exact !== null && exact !== actual)
    throw new WrongExpectedRevision(streamId, expected, last ? actual : 'no_stream');
  if (expected === 'stream_exists' && !last)
    throw new WrongExpectedRevision(streamId, expected, 'no_stream');
  // Reads as missing but has metadata: soft-deleted (the node would go on at its old revision).
  if (!last && (await hasStreamMetadata(client, streamId)))
    throw new StreamDeleted(streamId, 'deleted');

  let previous = last?.hash ?? GENESIS_HASH;
  const data = events.map((event, i) => {
    previous = chainHash(previous, streamId, actual + 1n + BigInt(i), event);
    return toEventData(event, previous);
  });
  const result = await client.appendToStream(streamId, data, {
    expectedRevision: toEsdbExpectedRevision(actual),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  if (result.nextExpectedRevision !== actual + BigInt(events.length)) {
    // Not where we hashed them: the stream was deleted under us.
    throw new StreamDeleted(streamId, 'deleted');
  }
  return await resultAt(client, streamId, result.nextExpectedRevision);
}

/**
 * If `candidates` hold one of our ids, reads where the original append must sit and returns
 * its result; a partial or reordered match is an EventIdConflict. Null: not written before.
 */
async function findOriginal(
  client: EsdbClient,
  streamId: string,
  events: NewEvent[],
  candidates: RecordedEvent[],
): Promise<AppendResult | null> {
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
async function resultAt(
  client: EsdbClient,
  streamId: string,
  revision: bigint,
): Promise<AppendResult> {
  const [event] = await readRange(client, streamId, revision, 1);
  if (!event)
    throw new Error(
      `stream ${streamId}: appended event at revision ${revision} could not be read back`,
    );
  return { nextExpectedRevision: revision, position: event.position };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
