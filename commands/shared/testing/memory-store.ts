import {
  EventIdConflict,
  START,
  WrongExpectedRevision,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
} from '../../../eventstore/types.ts';

/**
 * Test support only: an event store in memory with the port's append rules (expected revision,
 * the same event ids again are one append, some of them again is EventIdConflict), for unit
 * specs of the command handler. `beforeAppend` lets a spec play a concurrent writer.
 */
export function memoryStore(): EventStore & {
  streams: Map<string, RecordedEvent[]>;
  appends: { streamId: string; expected: ExpectedRevision; events: NewEvent[] }[];
  beforeAppend: ((streamId: string) => void | Promise<void>) | null;
  write(streamId: string, events: NewEvent[]): void;
} {
  const streams = new Map<string, RecordedEvent[]>();
  let position = 0n;
  const write = (streamId: string, events: NewEvent[]) => {
    const stream = streams.get(streamId) ?? [];
    for (const e of events) {
      position++;
      stream.push({
        ...e,
        streamId,
        revision: BigInt(stream.length),
        position: { commit: position, prepare: position },
        hash: `h${position}`,
      });
    }
    streams.set(streamId, stream);
  };
  const store = {
    kind: 'postgres' as const,
    streams,
    appends: [] as { streamId: string; expected: ExpectedRevision; events: NewEvent[] }[],
    beforeAppend: null as ((streamId: string) => void | Promise<void>) | null,
    write,
    async append(
      streamId: string,
      events: NewEvent[],
      expected: ExpectedRevision,
    ): Promise<AppendResult> {
      const hook = store.beforeAppend;
      store.beforeAppend = null;
      if (hook) await hook(streamId);
      store.appends.push({ streamId, expected, events });
      const stream = streams.get(streamId) ?? [];
      const known = events.filter((e) => stream.some((r) => r.id === e.id));
      if (known.length === events.length && known.length > 0) {
        const last = stream.find((r) => r.id === events[events.length - 1]!.id)!;
        return { nextExpectedRevision: BigInt(stream.length - 1), position: last.position };
      }
      if (known.length > 0) throw new EventIdConflict(streamId);
      const actual = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
      if (expected !== 'any' && expected !== actual)
        throw new WrongExpectedRevision(streamId, expected, actual);
      write(streamId, events);
      const after = streams.get(streamId)!;
      return {
        nextExpectedRevision: BigInt(after.length - 1),
        position: after[after.length - 1]!.position,
      };
    },
    async readStream(streamId: string, fromRevision = 0n) {
      return (streams.get(streamId) ?? []).filter((e) => e.revision >= fromRevision);
    },
    /** As the stores do: after `from`, at most `maxCount` (every event when it is not given). */
    async readAll(options: ReadAllOptions = {}) {
      const all = [...streams.values()]
        .flat()
        .sort((a, b) => (a.position.commit < b.position.commit ? -1 : 1))
        .filter((e) => !options.from || e.position.commit > options.from.commit);
      return options.maxCount === undefined ? all : all.slice(0, options.maxCount);
    },
    subscribe(): never {
      throw new Error('not in the memory store');
    },
    async headPosition() {
      return position === 0n ? START : { commit: position, prepare: position };
    },
    async ping() {},
    async close() {},
  };
  return store;
}
