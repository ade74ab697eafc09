import type { EventStore, RecordedEvent } from '../../eventstore/types.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';

/** A stream folded up to `revision`, and the commandIds found in it so far. */
export interface StreamState<S> {
  revision: bigint;
  state: S;
  /** Every commandId in the stream up to `revision` (maybe later ones too: ids only ever join a stream). */
  commands: Set<string>;
}

const MAX_STREAMS = 10_000;

/**
 * Folded stream states kept between commands, per store and decider, so a command reads only
 * the events after the last one it knows instead of the whole stream (a wallet grows with every
 * top-up and payment). Events never change once written, so a state folded up to a revision
 * stays true; states are immutable values (deciders' evolve copies), so concurrent commands may
 * share them. Bounded: the least recently used streams are forgotten.
 */
export class StreamStates {
  private static readonly byStore = new WeakMap<
    EventStore,
    WeakMap<object, Map<string, StreamState<unknown>>>
  >();

  static of<S>(store: EventStore, decider: Decider<unknown, DomainEvent, S>): StreamStates {
    let byDecider = StreamStates.byStore.get(store);
    if (!byDecider) StreamStates.byStore.set(store, (byDecider = new WeakMap()));
    let streams = byDecider.get(decider);
    if (!streams) byDecider.set(decider, (streams = new Map()));
    return new StreamStates(store, decider as Decider<unknown, DomainEvent, unknown>, streams);
  }

  private constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<unknown, DomainEvent, unknown>,
    private readonly streams: Map<string, StreamState<unknown>>,
  ) {}

  /** The stream's current state: the known state plus the events written since. */
  async load<S>(streamId: string): Promise<StreamState<S>> {
    const known = this.streams.get(streamId);
    const newer = await this.store.readStream(streamId, known ? known.revision + 1n : 0n);
    return this.advance(
      streamId,
      known ?? { revision: -1n, state: this.decider.initialState, commands: new Set() },
      newer,
    ) as StreamState<S>;
  }

  /** Folds `events` (the ones right after `from`) and remembers the result. */
  advance<S>(streamId: string, from: StreamState<S>, events: RecordedEvent[]): StreamState<S> {
    let next = from;
    if (events.length > 0) {
      const evolve = this.decider.evolve as (s: S, e: DomainEvent) => S;
      const commands = from.commands;
      for (const e of events)
        if (typeof e.metadata.commandId === 'string') commands.add(e.metadata.commandId);
      next = {
        revision: events[events.length - 1]!.revision,
        state: events.reduce((s, e) => evolve(s, e as unknown as DomainEvent), from.state),
        commands,
      };
    }
    const known = this.streams.get(streamId);
    if (!known || known.revision <= next.revision) {
      this.streams.delete(streamId);
      this.streams.set(streamId, next as StreamState<unknown>);
      if (this.streams.size > MAX_STREAMS) this.streams.delete(this.streams.keys().next().value!);
    }
    return next;
  }
}

/**
 * A stream's state now, folded from what this process already knows of it plus the events
 * since (StreamStates): for reads of streams that only grow, such as a document series, a
 * wallet or the tenant, where folding the whole stream again costs more with every event.
 */
export async function loadState<S>(
  store: EventStore,
  decider: Decider<unknown, DomainEvent, S>,
  streamId: string,
): Promise<S> {
  return (await StreamStates.of(store, decider).load<S>(streamId)).state;
}
