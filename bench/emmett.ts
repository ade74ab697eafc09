import type { NewEvent } from '../eventstore/types.ts';

/** One writer's next append on its own stream, as the benchmark drives it. */
export type StreamAppender = (streamId: string, event: NewEvent) => Promise<void>;

export interface EmmettPeer {
  /** Appends to `streamId` at the exact version the previous append returned. */
  writer(): StreamAppender;
  close(): Promise<void>;
}

// A variable, so TypeScript does not require the optional package's types to be installed.
const EMMETT_PG = '@event-driven-io/emmett-postgresql';
const EMMETT = '@event-driven-io/emmett';

/**
 * Emmett's PostgreSQL event store, the peer of issue 5's append comparison, if the package is
 * installed (a dev dependency used only by the bench); otherwise null and the reason.
 * Each writer appends single events with the exact expected stream version, like ours.
 */
export async function openEmmett(url: string): Promise<{ peer: EmmettPeer } | { skipped: string }> {
  let mod: { getPostgreSQLEventStore?: (url: string, options?: unknown) => EmmettStore };
  try {
    mod = (await import(EMMETT_PG)) as typeof mod;
  } catch {
    return {
      skipped: `${EMMETT_PG} is not installed: the Emmett comparison was skipped (add it as a dev dependency to run it)`,
    };
  }
  if (typeof mod.getPostgreSQLEventStore !== 'function')
    return { skipped: `${EMMETT_PG} has no getPostgreSQLEventStore: comparison skipped` };
  // The first append of a stream expects no stream, as ours does ('no_stream').
  const core = (await import(EMMETT).catch(() => ({}))) as { STREAM_DOES_NOT_EXIST?: unknown };
  const first =
    core.STREAM_DOES_NOT_EXIST === undefined
      ? {}
      : { expectedStreamVersion: core.STREAM_DOES_NOT_EXIST };
  const store = mod.getPostgreSQLEventStore(url);
  await store.schema?.migrate?.();
  return {
    peer: {
      writer() {
        let version: bigint | undefined;
        return async (streamId, event) => {
          const result = await store.appendToStream(
            streamId,
            [{ type: event.type, data: event.data, metadata: event.metadata }],
            version === undefined ? first : { expectedStreamVersion: version },
          );
          version = result.nextExpectedStreamVersion;
        };
      },
      close: () => store.close?.() ?? Promise.resolve(),
    },
  };
}

interface EmmettStore {
  appendToStream(
    streamId: string,
    events: unknown[],
    options: { expectedStreamVersion?: unknown },
  ): Promise<{ nextExpectedStreamVersion: bigint }>;
  close?(): Promise<void>;
  schema?: { migrate?(): Promise<void> };
}
