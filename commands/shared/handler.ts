import { canonicalJson } from '../../eventstore/hash.ts';
import {
  EventIdConflict,
  WrongExpectedRevision,
  type Actor,
  type EventStore,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../../eventstore/types.ts';
import { DomainError, type Decider, type DomainEvent } from '../../domain/shared/decider.ts';
import { inputHash, uuidFrom } from './ids.ts';
import { StreamStates } from './stream-states.ts';

/** Who issues a command, for which tenant, and why (becomes event metadata). */
export interface CommandContext {
  tenantId: string;
  actor: Actor;
  commandId: string;
  correlationId?: string;
  causationId?: string;
  /** Staff permissions of the actor (not stored in events: metadata records who, not what they could). */
  permissions?: readonly string[];
  /** Customers: the account they act for (their own, or the one whose team they joined). */
  accountId?: string;
  /** Customers: what they may do on that account (domain/access/account-roles.ts). */
  accountPermissions?: readonly string[];
}

export interface CommandDeps {
  store: EventStore;
  /** The only clock commands see. */
  now: () => Date;
}

export interface CommandResult<S> {
  streamId: string;
  events: RecordedEvent[];
  /** Position of the last event (for read-your-writes); null when nothing was written. */
  position: Position | null;
  state: S;
  /** True when this commandId had already been handled and its first answer is returned. */
  replayed: boolean;
}

/** One command on one stream. `command` must be pure apart from `now`: it is built once more for the hash. */
export interface CommandSpec<C, E extends DomainEvent, S> {
  streamId: string;
  decider: Decider<C, E, S>;
  command: (now: string) => C;
  /**
   * Fields of the command that differ from one attempt to the next without being what the
   * caller asked for (a bcrypt hash with its random salt, the hash of a token drawn per call, a
   * session opened per call, a setting read at the time), each with what stands for it in the
   * hash: a deterministic value, or undefined to leave it out. Without this a retry would look
   * like another request.
   */
  perAttempt?: { [K in FieldOf<C>]?: unknown };
}

type FieldOf<C> = C extends unknown ? keyof C & string : never;

/** The instant a command is built with for its hash, so a retry at another time is the same command. */
export const HASHED_NOW = '1970-01-01T00:00:00.000Z';

/**
 * What a commandId is bound to: the stream and the command as the decider gets it, built with
 * `HASHED_NOW` for the clock (fields derived from it inside the builder are steady too) and the
 * `perAttempt` stand-ins. Kept in each event's metadata as `commandHash`.
 */
export function commandHash<C>(spec: {
  streamId: string;
  command: (now: string) => C;
  perAttempt?: Record<string, unknown>;
}): string {
  const command = { ...spec.command(HASHED_NOW), ...spec.perAttempt };
  return inputHash(canonicalJson({ stream: spec.streamId, command }));
}

const MAX_ATTEMPTS = 200;

/**
 * Load the stream (the events after its last known state, see stream-states.ts), decide,
 * append at the expected revision (DESIGN rules 5 and 6):
 * - the same commandId again returns the events it first wrote (one effect, the first answer);
 * - the same commandId with a different command is a CONFLICT (see `commandHash`);
 * - a concurrent writer makes the append fail; we reload and decide again, never overwrite.
 */
export async function handleCommand<C, E extends DomainEvent, S>(
  deps: CommandDeps,
  ctx: CommandContext,
  spec: CommandSpec<C, E, S>,
): Promise<CommandResult<S>> {
  const hash = commandHash(spec);
  const states = StreamStates.of(deps.store, spec.decider);
  for (let attempt = 1; ; attempt++) {
    const current = await states.load<S>(spec.streamId);
    if (current.commands.has(ctx.commandId)) {
      // A repeat (rare): find the events this commandId first wrote.
      const history = await deps.store.readStream(spec.streamId);
      const prior = history.filter((e) => e.metadata.commandId === ctx.commandId);
      if (prior[0]!.metadata.commandHash !== hash) {
        throw new DomainError(
          'CONFLICT',
          'This commandId was already used for a different request; send a new commandId.',
        );
      }
      const latest = states.advance(
        spec.streamId,
        current,
        history.filter((e) => e.revision > current.revision),
      );
      return {
        streamId: spec.streamId,
        events: prior,
        position: prior[prior.length - 1]!.position,
        state: latest.state,
        replayed: true,
      };
    }
    const occurredAt = deps.now().toISOString();
    const decided = spec.decider.decide(spec.command(occurredAt), current.state);
    if (decided.length === 0)
      return {
        streamId: spec.streamId,
        events: [],
        position: null,
        state: current.state,
        replayed: false,
      };
    const toAppend: NewEvent[] = decided.map((e, i) => ({
      id: uuidFrom(`${ctx.tenantId}:${ctx.commandId}:${spec.streamId}:${i}`),
      type: e.type,
      data: e.data,
      metadata: {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        commandId: ctx.commandId,
        commandHash: hash,
        correlationId: ctx.correlationId ?? ctx.commandId,
        causationId: ctx.causationId ?? ctx.commandId,
        occurredAt,
        schemaVersion: 1,
      },
    }));
    try {
      await deps.store.append(
        spec.streamId,
        toAppend,
        current.revision < 0n ? 'no_stream' : current.revision,
      );
    } catch (error) {
      // EventIdConflict: a concurrent call with this commandId wrote some of our event ids first.
      if (
        (error instanceof WrongExpectedRevision || error instanceof EventIdConflict) &&
        attempt < MAX_ATTEMPTS
      ) {
        await backoff(attempt);
        continue;
      }
      throw error;
    }
    const written = await deps.store.readStream(spec.streamId, current.revision + 1n);
    states.advance(spec.streamId, current, written);
    const mine = written.filter((e) => e.metadata.commandId === ctx.commandId);
    // Event ids come from the commandId, so when a concurrent call with this commandId (maybe with
    // other input) appended first, the store took ours as its retry. Its events are not our answer:
    // go round again, and the check above answers as for any reuse (first answer, or CONFLICT).
    if (mine.length === 0 || mine[0]!.metadata.commandHash !== hash) {
      if (attempt < MAX_ATTEMPTS) continue;
      throw new DomainError(
        'CONFLICT',
        'This commandId was used at the same time for a different request; send a new commandId.',
      );
    }
    const newState = mine.reduce(
      (s, e) => spec.decider.evolve(s, e as unknown as E),
      current.state,
    );
    return {
      streamId: spec.streamId,
      events: mine,
      position: mine[mine.length - 1]!.position,
      state: newState,
      replayed: false,
    };
  }
}

/** Jittered so that many writers on one hot stream spread out instead of colliding again. */
// Stryker disable next-line BlockStatement: only how long a retry waits; no rule depends on it, and a retry without a wait is still correct
function backoff(attempt: number): Promise<void> {
  // Stryker disable next-line ArithmeticOperator,MethodExpression: the length of the wait, not a rule (as above)
  const ms = Math.min(50, attempt) * Math.random();
  return new Promise((r) => setTimeout(r, ms));
}
