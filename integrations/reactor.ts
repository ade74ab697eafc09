import type { Sql } from 'postgres';
import type { EventStore, Position, RecordedEvent, Subscription } from '../eventstore/types.ts';
import { postgresReactorCheckpoints, type ReactorCheckpoints } from './reactor-checkpoints.ts';
import { within } from '../projections/shared/within.ts';
import type { DomainEvent } from '../domain/shared/decider.ts';
import {
  handleCommand,
  type CommandContext,
  type CommandDeps,
  type CommandSpec,
} from '../commands/shared/handler.ts';

/** How a reactor issues its commands: handleCommand in the platform, a recorder in its spec. */
export type CommandPort = <C, E extends DomainEvent, S>(
  ctx: CommandContext,
  spec: CommandSpec<C, E, S>,
) => Promise<unknown>;

export const commandPort =
  (deps: CommandDeps): CommandPort =>
  (ctx, spec) =>
    handleCommand(deps, ctx, spec);

/** Reacts to events by issuing commands (process managers, notifications). */
export interface Reactor {
  name: string;
  handles: ReadonlySet<string>;
  /** Must be safe to run twice for one event: issue commands with ids derived from the event. */
  react(event: RecordedEvent): Promise<void>;
  /**
   * Where it begins on a database where it never ran: the log's start (the default: a process
   * manager owes every reaction), or `HEAD`, the log as it is then (a notifier added to a running
   * platform mails about what happens from now on, not once about every past event).
   */
  firstStart?: 'LOG_START' | 'HEAD';
  /** Work of its own besides the events (a timer, a queue resumed after a restart), started with it. */
  start?(): Promise<void>;
  /** Ends that work; called after its subscription is closed. */
  stop?(): Promise<void>;
}

/**
 * How long (ms) a checkpoint read or save may take, a reaction may take, and a stop may wait
 * for the reaction in hand.
 */
export interface ReactorLimits {
  checkpointMs: number;
  reactMs: number;
  stopMs: number;
}
const LIMITS: ReactorLimits = { checkpointMs: 15_000, reactMs: 120_000, stopMs: 10_000 };

/**
 * Feeds a reactor every event after its checkpoint (kept in Postgres). At-least-once: the
 * checkpoint moves after the reaction, and reactions are idempotent by their command ids.
 *
 * Bounded waits: postgres.js 3.4.9 can leave a query pending for ever when its connection drops
 * while the database restarts (porsager/postgres #1186, #1193), so a checkpoint read or save
 * that does not answer in `checkpointMs`, or a reaction in `reactMs`, counts as failed (the loop
 * starts again from the checkpoint, and the reaction is issued again: reactions are idempotent),
 * and a stop waits at most `stopMs` for the reaction in hand (redone at the next start).
 */
export class ReactorRunner {
  private subscription: Subscription | null = null;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  private readonly checkpoints: ReactorCheckpoints;

  constructor(
    sql: Sql | null,
    private readonly store: EventStore,
    private readonly reactor: Reactor,
    private readonly log: (msg: string, extra?: object) => void = () => {},
    checkpoints?: ReactorCheckpoints,
    private readonly limits: ReactorLimits = LIMITS,
  ) {
    if (!checkpoints && !sql) throw new Error('a reactor keeps its checkpoint somewhere');
    this.checkpoints = checkpoints ?? postgresReactorCheckpoints(sql!);
  }

  async start(): Promise<void> {
    await this.checkpoints.prepare();
    if (this.reactor.firstStart === 'HEAD')
      await this.checkpoints.begin(this.reactor.name, await this.store.headPosition());
    await this.reactor.start?.();
    // A reactor of timers only (no event types) needs no subscription.
    if (this.reactor.handles.size > 0) this.done = this.loop();
  }

  private async checkpoint(): Promise<Position> {
    return within(
      this.checkpoints.read(this.reactor.name),
      this.limits.checkpointMs,
      `reactor ${this.reactor.name}'s checkpoint read`,
    );
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      // Without its checkpoint (database unreachable) the reactor waits: starting from the
      // beginning of the log instead would replay every reaction once the database is back.
      const from = await this.checkpoint().catch((error: Error) => {
        this.log(`reactor ${this.reactor.name} cannot read its checkpoint; retrying`, {
          err: error.message,
        });
        return null;
      });
      if (!from) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      // Stopped while the checkpoint was read (slow after a database restart): a subscription
      // opened now would never be closed, and stop() would wait for it for ever.
      if (this.stopped) return;
      this.subscription = this.store.subscribe({ from, batchSize: 200 });
      try {
        for await (const batch of this.subscription) {
          // A stop ends the batch after the event in hand (a backlog of reactions would hold up
          // the platform's close); the checkpoint moves to the last event reacted to.
          let last: Position | null = null;
          for (const event of batch) {
            if (this.stopped) break;
            if (this.reactor.handles.has(event.type))
              await within(
                this.reactor.react(event),
                this.limits.reactMs,
                `reactor ${this.reactor.name}'s reaction to ${event.type} ${event.id}`,
              );
            last = event.position;
          }
          if (last)
            await within(
              this.checkpoints.save(this.reactor.name, last),
              this.limits.checkpointMs,
              `reactor ${this.reactor.name}'s checkpoint save`,
            );
          if (this.stopped) return;
        }
      } catch (error) {
        this.log(`reactor ${this.reactor.name} failed; retrying from its checkpoint`, {
          err: (error as Error).message,
        });
        await this.subscription.close();
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await within(this.done, this.limits.stopMs, `reactor ${this.reactor.name}'s stop`).catch(
      (error: Error) =>
        this.log(`reactor ${this.reactor.name} stopped with its reaction unfinished`, {
          err: error.message,
        }),
    );
    if (this.reactor.stop)
      await within(
        this.reactor.stop(),
        this.limits.stopMs,
        `reactor ${this.reactor.name}'s own work`,
      ).catch((error: Error) =>
        this.log(`reactor ${this.reactor.name} stopped with its own work unfinished`, {
          err: error.message,
        }),
      );
  }
}
