/**
 * Appending with the per-stream hash chain. The hash of an event depends on the event before
 * it, so the adapter reads up to the stream's head, hashes on top of it, and writes with the
 * exact revision it read: a concurrent writer makes the server refuse the write instead of
 * breaking the chain.
 *
 * A retry (the same event ids again) is recognised here, not by the server: with the exact
 * revision the adapter sends, a node writes without looking at ids when that revision is
 * current, and its own id cache for `any` is bounded and lost on restart. So the adapter looks
 * for its ids among every id of the stream, as the Postgres log does with
 * UNIQUE(stream_id, event_id): the ids this process has already seen (known-ids.ts) and the
 * events written since, which it reads from the newest one it knows. An append thus reads the
 * events it has not seen (the whole stream once, the first time a process appends to it).
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
  StoreUnavailable,
  StreamDeleted,
  WrongExpectedRevision,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
} from '../types.ts';
import { matchRetry, type KnownIds, type KnownStream } from './known-ids.ts';
import {
  exactExpectation,
  toEsdbExpectedRevision,
  toEventData,
  toWrongExpectedRevision,
} from './mapping.ts';
import { hasStreamMetadata, readRange, readStreamEvents, type EsdbClient } from './reads.ts';
import { isTransient, type TransientRetry } from './transient.ts';

/** Rounds for 'any' / 'stream_exists' before giving up under heavy contention on one stream. */
const MAX_ATTEMPTS = 25;

export interface AppendOptions {
  /**
   * Sent with every append, so the 6.2.1 client takes its plain append path, not the
   * process-wide batch-append stream (see index.ts).
   */
  credentials?: Credentials;
  transient: TransientRetry;
  /** The ids this process has seen, per stream (one per store). */
  known: KnownIds;
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
      if (isTransient(e)) throw new StoreUnavailable(streamId, e);
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
  const head = await readToHead(client, streamId, options.known);
  const actual = head?.lastRevision ?? -1n;

  // The same ids again: one event per id (types.ts), so answer with the first write.
  const match = head ? matchRetry(events, (id) => head.ids.get(id)) : { kind: 'new' as const };
  if (match.kind === 'conflict') throw new EventIdConflict(streamId);
  if (match.kind === 'retry') return await resultAt(client, streamId, match.lastRevision);

  if (exact !== null && exact !== actual)
    throw new WrongExpectedRevision(streamId, expected, head ? actual : 'no_stream');
  if (expected === 'stream_exists' && !head)
    throw new WrongExpectedRevision(streamId, expected, 'no_stream');
  // Reads as missing but has metadata: soft-deleted (the node would go on at its old revision).
  if (!head && (await hasStreamMetadata(client, streamId)))
    throw new StreamDeleted(streamId, 'deleted');

  let previous = head?.lastHash ?? GENESIS_HASH;
  const written = events.map((event, i) => {
    const revision = actual + 1n + BigInt(i);
    previous = chainHash(previous, streamId, revision, event);
    return { id: event.id, revision, hash: previous, data: toEventData(event, previous) };
  });
  const result = await client.appendToStream(
    streamId,
    written.map((w) => w.data),
    {
      expectedRevision: toEsdbExpectedRevision(actual),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    },
  );
  if (result.nextExpectedRevision !== actual + BigInt(events.length)) {
    // Not where we hashed them: the stream was deleted under us.
    options.known.forget(streamId);
    throw new StreamDeleted(streamId, 'deleted');
  }
  options.known.extend(streamId, written);
  return await resultAt(client, streamId, result.nextExpectedRevision);
}

/**
 * Every id of the stream and its head, reading only what this process has not seen: the whole
 * stream the first time, afterwards from the newest known event on (read again: if it is gone,
 * the stream was deleted since). Undefined for a stream that does not exist.
 */
async function readToHead(
  client: EsdbClient,
  streamId: string,
  known: KnownIds,
): Promise<KnownStream | undefined> {
  const entry = known.get(streamId);
  if (!entry) {
    const all = await readStreamEvents(client, streamId, { from: 0n, direction: 'forwards' });
    return all.length === 0 ? undefined : known.extend(streamId, all);
  }
  try {
    const since = await readStreamEvents(client, streamId, {
      from: entry.lastRevision,
      direction: 'forwards',
    });
    if (since[0]?.revision !== entry.lastRevision || since[0].id !== entry.lastId)
      throw new StreamDeleted(streamId, 'deleted');
    return known.extend(streamId, since);
  } catch (e) {
    if (e instanceof StreamDeleted) known.forget(streamId);
    throw e;
  }
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
