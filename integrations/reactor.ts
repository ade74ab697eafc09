import type { Sql } from 'postgres';
import { START, type EventStore, type Position, type RecordedEvent, type Subscription } from '../eventstore/types.ts';

/** Reacts to events by issuing commands (process managers, notifications). */
export interface Reactor {
  name: string;
  handles: ReadonlySet<string>;
  /** Must be safe to run twice for one event: issue commands with ids derived from the event. */
  react(event: RecordedEvent): Promise<void>;
}

/**
 * Feeds a reactor every event after its checkpoint (kept in Postgres). At-least-once: the
 * checkpoint moves after the reaction, and reactions are idempotent by their command ids.
 */
export class ReactorRunner {
  private subscription: Subscription | null = null;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: Sql,
    private readonly store: EventStore,
    private readonly reactor: Reactor,
    private readonly log: (msg: string, extra?: object) => void = () => {},
  ) {}

  async start(): Promise<void> {
    await this.sql.unsafe(`create schema if not exists reactors;
      create table if not exists reactors.checkpoints (name text primary key, commit_position bigint not null, prepare_position bigint not null)`);
    this.done = this.loop();
  }

  private async checkpoint(): Promise<Position> {
    const [row] = await this.sql`select commit_position, prepare_position from reactors.checkpoints where name = ${this.reactor.name}`;
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : START;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      // Without its checkpoint (database unreachable) the reactor waits: starting from the
      // beginning of the log instead would replay every reaction once the database is back.
      const from = await this.checkpoint().catch((error: Error) => {
        this.log(`reactor ${this.reactor.name} cannot read its checkpoint; retrying`, { err: error.message });
        return null;
      });
      if (!from) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      this.subscription = this.store.subscribe({ from, batchSize: 200 });
      try {
        for await (const batch of this.subscription) {
          for (const event of batch) {
            if (this.reactor.handles.has(event.type)) await this.reactor.react(event);
          }
          const last = batch[batch.length - 1]!.position;
          await this.sql`
            insert into reactors.checkpoints (name, commit_position, prepare_position)
            values (${this.reactor.name}, ${last.commit.toString()}, ${last.prepare.toString()})
            on conflict (name) do update set commit_position = excluded.commit_position, prepare_position = excluded.prepare_position`;
        }
      } catch (error) {
        this.log(`reactor ${this.reactor.name} failed; retrying from its checkpoint`, { err: (error as Error).message });
        await this.subscription.close();
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.done.catch(() => {});
  }
}
