/**
 * Catch-up subscription on `$all`: pages of readAll until caught up, then a live
 * subscribeToAll from the last delivered position. The client does not resubscribe by itself,
 * so on error or end this starts again from the last delivered position, with backoff, until
 * closed. Positions in `$all` strictly increase, so dropping anything at or before the last
 * delivered position makes every restart safe: nothing twice, nothing skipped.
 */
import {
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
} from '@eventstore/db-client';
import {
  comparePositions,
  START,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '../types.ts';
import { isSystemEvent, UnreadableEventError, toReadPosition, toRecordedEvent } from './mapping.ts';
import { readAllAfter, type EsdbClient } from './reads.ts';

export interface CatchUpOptions {
  from?: Position;
  batchSize?: number;
  /** Backoff between restarts after an error: doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Told about each error that causes a restart (for logs). */
  onError?: (error: unknown) => void;
}

export function catchUpSubscription(
  client: EsdbClient,
  options: CatchUpOptions = {},
): Subscription {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const backoff = options.backoff ?? { initialMs: 100, maxMs: 5_000 };
  let position: Position = options.from ?? START;
  let closed = false;
  // What close() must interrupt. (Not a race against a long-lived "closing" promise: each race
  // would leave a reaction on it for the life of the subscription.)
  const feeds = new Set<LiveFeed>();
  let cancelSleep: (() => void) | undefined;

  /** Keeps what is after the last delivered position and moves that position. */
  const deliverable = (batch: RecordedEvent[]): RecordedEvent[] => {
    const fresh = batch.filter((e) => comparePositions(e.position, position) > 0);
    if (fresh.length > 0) position = fresh[fresh.length - 1]!.position;
    return fresh;
  };

  async function* iterate(): AsyncGenerator<RecordedEvent[]> {
    let failures = 0;
    while (!closed) {
      let feed: LiveFeed | undefined;
      try {
        for (;;) {
          const page = await readAllAfter(client, position, batchSize);
          if (closed) return;
          const fresh = deliverable(page);
          if (fresh.length > 0) {
            failures = 0;
            yield fresh;
            if (closed) return;
          }
          if (page.length < batchSize) break;
        }
        feed = new LiveFeed(client, position, batchSize * 4);
        feeds.add(feed);
        for (;;) {
          const fresh = deliverable(await feed.next(batchSize));
          if (closed) return;
          if (fresh.length > 0) {
            failures = 0;
            yield fresh;
            if (closed) return;
          }
        }
      } catch (error) {
        if (closed) return;
        // Not a connection problem: retrying would fail the same way forever.
        if (error instanceof UnreadableEventError) throw error;
        options.onError?.(error);
        failures++;
      } finally {
        if (feed) {
          feeds.delete(feed);
          await feed.stop();
        }
      }
      if (closed) return;
      await pause(Math.min(backoff.initialMs * 2 ** (failures - 1), backoff.maxMs));
    }
  }

  /** Backoff before a restart; close() cuts it short. */
  function pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        cancelSleep = undefined;
        resolve();
      }
      cancelSleep = done;
    });
  }

  return {
    [Symbol.asyncIterator]: iterate,
    async close() {
      if (closed) return;
      closed = true;
      cancelSleep?.();
      await Promise.all([...feeds].map((f) => f.stop()));
    },
  };
}

/**
 * One live subscribeToAll, buffered so the consumer takes batches. Pauses the stream when the
 * buffer is full (back-pressure reaches the server); an error or end surfaces once the buffer
 * is drained, so every event received is delivered.
 */
class LiveFeed {
  private readonly queue: AllStreamResolvedEvent[] = [];
  private failure: unknown = undefined;
  private wake: (() => void) | undefined;
  private readonly sub: AllStreamSubscription;
  private stopped = false;

  constructor(
    client: EsdbClient,
    from: Position,
    private readonly highWater: number,
  ) {
    this.sub = client.subscribeToAll({
      fromPosition: toReadPosition(from),
      filter: excludeSystemEvents(),
    });
    this.sub.on('data', (resolved: AllStreamResolvedEvent) => {
      this.queue.push(resolved);
      if (this.queue.length >= this.highWater) this.sub.pause();
      this.notify();
    });
    this.sub.on('error', (error: Error) => this.fail(error));
    this.sub.on('end', () => this.fail(new Error('EventStoreDB ended the subscription')));
    this.sub.on('close', () => this.fail(new Error('EventStoreDB subscription closed')));
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Up to `max` events; [] when woken by stop(); throws once drained after an error. */
  async next(max: number): Promise<RecordedEvent[]> {
    if (this.queue.length === 0) {
      if (this.failure !== undefined) throw this.failure;
      if (this.stopped) return [];
      await new Promise<void>((r) => (this.wake = r));
      if (this.queue.length === 0) {
        if (this.failure !== undefined) throw this.failure;
        return [];
      }
    }
    const taken = this.queue.splice(0, max);
    if (this.sub.isPaused() && this.queue.length < this.highWater / 2) this.sub.resume();
    // The server-side filter already drops system event types; system streams are dropped here.
    return taken.filter((r) => !isSystemEvent(r)).map(toRecordedEvent);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.notify();
    await this.sub.unsubscribe().catch(() => {});
  }
}
