import postgres, { type Sql } from 'postgres';
import { admitAppend } from '../admission.ts';
import { GroupCommitter } from './group-commit.ts';
import { migrateEventLog } from './schema.ts';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './rows.ts';
import { readAllOfTypes } from './typed-reads.ts';
import {
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '../types.ts';
import { Wakeups } from './wakeups.ts';

const CHANNEL = 'eventlog_appended';

/** The Postgres log: the embedded default event store. */
export async function createPostgresEventStore(
  url: string,
  opts: { poolSize?: number } = {},
): Promise<EventStore & { sql: Sql }> {
  const sql = postgres(url, {
    max: opts.poolSize ?? 10,
    types: { bigint: postgres.BigInt },
    onnotice: () => {},
    connection: { application_name: 'eventlog' },
  });
  await migrateEventLog(sql);
  const wakeups = new Wakeups();
  const listener = await sql.listen(CHANNEL, () => wakeups.wakeAll());
  // NOTIFY inside the append transaction would serialise every commit on PostgreSQL's
  // notification lock, WAL flush included. It is sent after the commit instead, from its own
  // connection with an asynchronous commit, at most one in flight (a wake-up, not data:
  // subscribers also poll). Subscribers in this process are woken at once.
  const notifier = postgres(url, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: 'eventlog_notify', synchronous_commit: 'off' },
  });
  let notifying = false;
  let notifyAgain = false;
  const written = () => {
    wakeups.wakeAll();
    if (notifying) return void (notifyAgain = true);
    notifying = true;
    void (async () => {
      do {
        notifyAgain = false;
        await notifier`select pg_notify(${CHANNEL}, '')`.catch(() => {});
      } while (notifyAgain);
      notifying = false;
    })();
  };
  const committer = new GroupCommitter(sql, written);

  async function readAll(
    options: { from?: Position; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    const from = options.from?.commit ?? -1n;
    // Only events of transactions older than every transaction still running: a late
    // committer with a lower position is waited for, never skipped.
    const rows = await sql<EventRow[]>`
      select ${sql.unsafe(EVENT_COLUMNS)} from eventlog.events
      where global_position > ${from.toString()}
        and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      order by global_position
      limit ${options.maxCount ?? 1000}`;
    return rows.map(toRecorded);
  }

  return {
    kind: 'postgres',
    sql,
    append: (streamId, events, expectedRevision) => {
      if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
      try {
        admitAppend(streamId, events);
      } catch (refused) {
        return Promise.reject(refused);
      }
      return committer.append(streamId, events, expectedRevision);
    },
    async readStream(streamId, fromRevision = 0n) {
      const rows = await sql<EventRow[]>`
        select ${sql.unsafe(EVENT_COLUMNS)} from eventlog.events
        where stream_id = ${streamId} and revision >= ${fromRevision.toString()}
        order by revision`;
      return rows.map(toRecorded);
    },
    readAll,
    readAllOfTypes: (options) => readAllOfTypes(sql, options),
    subscribe(options = {}) {
      return pollingSubscription(readAll, wakeups, options.from ?? START, options.batchSize ?? 500);
    },
    async headPosition() {
      // The newest committed event, even while an older transaction keeps readers below it:
      // waiting for this position waits for everything written so far.
      const [row] = await sql<{ global_position: bigint }[]>`
        select global_position from eventlog.events order by global_position desc limit 1`;
      return row
        ? { commit: BigInt(row.global_position), prepare: BigInt(row.global_position) }
        : START;
    },
    async ping() {
      await sql`select 1`;
    },
    async close() {
      wakeups.wakeAll();
      await listener.unlisten().catch(() => {});
      await Promise.all([sql.end({ timeout: 5 }), notifier.end({ timeout: 5 })]);
    },
  };
}

/**
 * Reads batches after the last delivered position; sleeps until NOTIFY (or a short poll, since
 * an event becomes visible only when older transactions end, which sends no notification).
 */
function pollingSubscription(
  readAll: (o: { from?: Position; maxCount?: number }) => Promise<RecordedEvent[]>,
  wakeups: Wakeups,
  from: Position,
  batchSize: number,
): Subscription {
  let closed = false;
  let position = from;
  const iterator = async function* () {
    let idlePolls = 0;
    while (!closed) {
      const batch = await readAll({ from: position, maxCount: batchSize });
      if (closed) return;
      if (batch.length > 0) {
        position = batch[batch.length - 1]!.position;
        idlePolls = 0;
        yield batch;
        continue;
      }
      // Poll quickly right after activity, then back off to waiting for a notification.
      idlePolls++;
      await wakeups.wait(idlePolls < 20 ? 5 * idlePolls : 1000);
    }
  };
  return {
    [Symbol.asyncIterator]: iterator,
    async close() {
      closed = true;
      wakeups.wakeAll();
    },
  };
}
