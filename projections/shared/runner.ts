import type { Sql, TransactionSql } from 'postgres';
import {
  comparePositions,
  START,
  type EventStore,
  type Position,
  type Subscription,
} from '../../eventstore/types.ts';
import { applyToSchemas } from './apply.ts';
import { within } from './within.ts';
import { liveSchema, type Projector } from './projector.ts';
import { rebuildProjections } from './rebuild.ts';
import {
  createProjectionSchema,
  ensureReaderRole,
  lockProjectors,
  readCheckpoint,
} from './schema.ts';

export interface ProjectionStatus {
  name: string;
  version: number;
  position: Position;
}

/** How long a stop waits for the batch in hand (ms). */
const STOP_WAIT_MS = 10_000;

interface Waiter {
  position: Position;
  resolve(ok: boolean): void;
}

/**
 * Keeps every live read model up to date from one subscription to the log. Each batch is
 * applied to all projectors in one transaction with their checkpoints (exactly-once effect).
 * If another process swaps a schema (CLI rebuild), the checkpoint no longer matches what this
 * runner wrote; it then re-reads checkpoints and resubscribes, so nothing is skipped or doubled.
 */
export class ProjectionRunner {
  private positions = new Map<string, Position>();
  private waiters = new Set<Waiter>();
  private subscription: Subscription | null = null;
  private stopped = false;
  private loopDone: Promise<void> = Promise.resolve();
  lastError: Error | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly store: EventStore,
    readonly projectors: Projector[],
    private readonly log: (msg: string, extra?: object) => void = () => {},
    private readonly batchSize = 1000,
  ) {}

  /** Creates missing read models, rebuilds those whose version changed, then follows the log. */
  async start(): Promise<void> {
    await ensureReaderRole(this.sql);
    const changed: Projector[] = [];
    for (const p of this.projectors) {
      const schema = liveSchema(p);
      const checkpoint = await readCheckpoint(this.sql, schema);
      if (!checkpoint) await createProjectionSchema(this.sql, p, schema);
      else if (checkpoint.version !== p.version) {
        this.log(
          `projection ${p.name}: version ${checkpoint.version} → ${p.version}, rebuilding into a shadow schema`,
        );
        changed.push(p);
      }
    }
    // Every changed read model in one pass over the log.
    if (changed.length > 0) await rebuildProjections(this.sql, this.store, changed);
    await this.reloadPositions();
    this.loopDone = this.loop();
  }

  private async reloadPositions() {
    for (const p of this.projectors) {
      const c = await readCheckpoint(this.sql, liveSchema(p));
      this.positions.set(p.name, c?.position ?? START);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.subscription = this.store.subscribe({
        from: this.lowest() ?? START,
        batchSize: this.batchSize,
      });
      try {
        for await (const batch of this.subscription) {
          const stale = await this.sql
            .begin(async (tx) => {
              await lockForBatch(
                tx,
                this.projectors.map((p) => p.name),
              );
              const before = await applyToSchemas(
                tx,
                this.projectors.map((p) => ({ projector: p, schema: liveSchema(p) })),
                batch,
              );
              if (
                this.projectors.some(
                  (p, i) => comparePositions(before[i]!, this.positions.get(p.name)!) !== 0,
                )
              )
                throw new Resync();
              return false;
            })
            .catch((e: unknown) => {
              if (e instanceof Resync) return true;
              throw e;
            });
          if (stale) {
            this.log(
              'projection checkpoints moved under the runner (rebuild elsewhere); resubscribing',
            );
            await this.reloadPositions();
            // The swapped-in checkpoints may already include what waiters want, and no further
            // batch may come to settle them (a quiet log): settle now.
            this.settleWaiters();
            break;
          }
          const last = batch[batch.length - 1]!.position;
          for (const p of this.projectors) {
            if (comparePositions(last, this.positions.get(p.name)!) > 0)
              this.positions.set(p.name, last);
          }
          this.lastError = null;
          this.settleWaiters();
        }
      } catch (error) {
        this.lastError = error as Error;
        this.log('projection batch failed; retrying', { err: (error as Error).message });
        await this.subscription?.close();
        await new Promise((r) => setTimeout(r, 500));
        await this.reloadPositions().catch(() => {});
      }
    }
  }

  private lowest(): Position | null {
    let low: Position | null = null;
    for (const p of this.positions.values()) if (!low || comparePositions(p, low) < 0) low = p;
    return low;
  }

  private settleWaiters() {
    const low = this.lowest();
    if (!low) return;
    for (const w of this.waiters) {
      if (comparePositions(low, w.position) >= 0) {
        this.waiters.delete(w);
        w.resolve(true);
      }
    }
  }

  /** Resolves true once every read model includes `position`, false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const low = this.lowest();
    if (low && comparePositions(low, position) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve: (ok) => {
          clearTimeout(timer);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  status(): ProjectionStatus[] {
    return this.projectors.map((p) => ({
      name: p.name,
      version: p.version,
      position: this.positions.get(p.name) ?? START,
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    // Bounded: a batch whose query the driver stranded (a database restart, porsager/postgres
    // #1186) must not hold up the close; its transaction never committed, so nothing is half done.
    await within(
      this.loopDone.catch(() => {}),
      STOP_WAIT_MS,
      'projections stop',
    ).catch((error: Error) =>
      this.log('projections stopped with a batch unfinished', { err: error.message }),
    );
    for (const w of this.waiters) w.resolve(false);
    this.waiters.clear();
  }
}

/**
 * Opens a batch's transaction in one round trip (the two statements are pipelined): an
 * asynchronous commit and every projector's lock. A read model is derived from the log, which
 * commits synchronously: if the database crashes before this commit reaches the disk, the rows
 * and their checkpoint are lost together and the batch is applied again on restart. Commands
 * waiting to read their writes then skip a WAL flush.
 */
async function lockForBatch(tx: TransactionSql, names: string[]) {
  const asynchronous = tx`select set_config('synchronous_commit', 'off', true)`.execute();
  await Promise.all([asynchronous, lockProjectors(tx, names)]);
}

class Resync extends Error {}
