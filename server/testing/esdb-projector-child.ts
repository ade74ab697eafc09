/**
 * The projection runner as a process of its own, reading from EventStoreDB (the adapter on its
 * double, restarted from a saved log: a node outlives the runner), for
 * esdb-projector-crash.int.test.ts:
 * `node --import tsx server/testing/esdb-projector-child.ts <snapshotFile> <databaseUrl> [batchSize]`
 * catches the live read models up with the log (creating them if missing, resuming from their
 * checkpoints otherwise), prints `progress <commit>` as it goes and `done <commit>` once every
 * read model holds the head of the log, then exits 0. The test SIGKILLs it and starts it again.
 * (projections/shared/testing/crash-child.ts is the same on the Postgres log.)
 */
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { FakeEsdbClient } from '../../eventstore/esdb/fake-client.ts';
import { eventStoreOnClient } from '../../eventstore/esdb/store.ts';
import { comparePositions, START, type Position } from '../../eventstore/types.ts';
import { ProjectionRunner } from '../../projections/shared/runner.ts';
import { allProjectors } from '../areas/index.ts';

async function main(snapshotFile: string, url: string, batchSize: number): Promise<void> {
  const client = new FakeEsdbClient({ snapshot: await readFile(snapshotFile, 'utf8') });
  const store = eventStoreOnClient(client);
  const sql = postgres(url, { max: 4, types: { bigint: postgres.BigInt }, onnotice: () => {} });
  const head = await store.headPosition();
  const runner = new ProjectionRunner(
    sql,
    store,
    allProjectors,
    (msg, extra) => console.error(msg, extra ?? ''),
    batchSize,
  );
  await runner.start();
  const lowest = (): Position =>
    runner
      .status()
      .reduce<Position | null>(
        (low, s) => (!low || comparePositions(s.position, low) < 0 ? s.position : low),
        null,
      ) ?? START;
  console.log(`started ${lowest().commit}`);
  let last = -2n;
  for (;;) {
    const low = lowest();
    if (low.commit !== last) {
      console.log(`progress ${low.commit}`);
      last = low.commit;
    }
    if (comparePositions(low, head) >= 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  await runner.stop();
  console.log(`done ${lowest().commit}`);
  await store.close();
  await sql.end({ timeout: 5 });
}

const [snapshotFile, url, batch] = process.argv.slice(2);
if (!snapshotFile || !url) {
  console.error(
    'usage: node --import tsx server/testing/esdb-projector-child.ts <snapshotFile> <databaseUrl> [batchSize]',
  );
  process.exit(2);
}
main(snapshotFile, url, Number(batch ?? 500)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
