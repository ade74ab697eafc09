/** The EventStore port on an EventStoreDB client (see `index.ts` for the connection). */
import { BACKWARDS, END, type Credentials } from '@eventstore/db-client';
import { START, type EventStore } from '../types.ts';
import { appendChained } from './append.ts';
import { DEFAULT_MAX_KNOWN_IDS, KnownIds } from './known-ids.ts';
import { newestPosition, readAllAfter, readStreamEvents, type EsdbClient } from './reads.ts';
import { catchUpSubscription, type CatchUpOptions } from './subscription.ts';
import { DEFAULT_TRANSIENT_RETRY, retryTransient, type TransientRetry } from './transient.ts';

export interface EsdbStoreOptions {
  /** How long ping() waits for the node before reporting it unreachable. */
  pingTimeoutMs?: number;
  /** Backoff and error reporting for subscription restarts. */
  subscription?: Pick<CatchUpOptions, 'backoff' | 'onError'>;
  /** Passed with every append so the client avoids its batch-append path (see index.ts). */
  credentials?: Credentials;
  /** How appends and reads wait out a cut connection or a node that is not ready yet. */
  transient?: TransientRetry;
  /** How many event ids appends remember across streams (known-ids.ts); beyond it the least recently appended-to streams are read whole again. */
  maxKnownIds?: number;
}

const DEFAULT_MAX_COUNT = 1000;

export function eventStoreOnClient(client: EsdbClient, options: EsdbStoreOptions = {}): EventStore {
  const subscriptions = new Set<{ close(): Promise<void> }>();
  const transient = options.transient ?? DEFAULT_TRANSIENT_RETRY;
  const appendOptions = {
    transient,
    known: new KnownIds(options.maxKnownIds ?? DEFAULT_MAX_KNOWN_IDS),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  return {
    kind: 'eventstoredb',
    append: (streamId, events, expectedRevision) =>
      appendChained(client, streamId, events, expectedRevision, appendOptions),
    readStream: (streamId, fromRevision = 0n) =>
      retryTransient(transient, () =>
        readStreamEvents(client, streamId, { from: fromRevision, direction: 'forwards' }),
      ),
    readAll: (o = {}) =>
      retryTransient(transient, () =>
        readAllAfter(client, o.from, Math.max(0, o.maxCount ?? DEFAULT_MAX_COUNT)),
      ),
    subscribe(o = {}) {
      const sub = catchUpSubscription(client, { ...options.subscription, ...o });
      subscriptions.add(sub);
      return {
        [Symbol.asyncIterator]: () => sub[Symbol.asyncIterator](),
        async close() {
          subscriptions.delete(sub);
          await sub.close();
        },
      };
    },
    headPosition: async () =>
      (await retryTransient(transient, () => newestPosition(client))) ?? START,
    async ping() {
      const read = client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 });
      let timer: NodeJS.Timeout | undefined;
      // Reads carry no deadline in this client, so an unreachable node would wait forever.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('EventStoreDB did not answer a read in time')),
          options.pingTimeoutMs ?? 5_000,
        );
      });
      try {
        await Promise.race([
          (async () => {
            for await (const _ of read);
          })(),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
        await read.cancel().catch(() => {});
      }
    },
    async close() {
      await Promise.all([...subscriptions].map((s) => s.close()));
      subscriptions.clear();
      await client.dispose();
    },
  };
}
