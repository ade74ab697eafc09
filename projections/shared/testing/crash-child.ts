/**
 * The projection runner as a process of its own, for the crash suite (crash.int.test.ts):
 * `node --import tsx projections/shared/testing/crash-child.ts <databaseUrl>` catches the live read
 * models up with the log (creating them if missing, resuming from their checkpoints otherwise),
 * prints `progress <position>` as it goes and `done <position>` once every read model holds the
 * head of the log, then exits 0. The test SIGKILLs it at random points and starts it again.
 */
import postgres from 'postgres';
import { createPostgresEventStore } from '../../../eventstore/postgres/store.ts';
import { comparePositions, START, type Position } from '../../../eventstore/types.ts';
import { allProjectors } from '../../../server/areas/index.ts';
import { ProjectionRunner } from '../runner.ts';

async function main(url: string, batchSize: number): Promise<void> {
  const store = await createPostgresEventStore(url, { poolSize: 2 });
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

const [url, batch] = process.argv.slice(2);
if (!url) {
  console.error(
    'usage: node --import tsx projections/shared/testing/crash-child.ts <databaseUrl> [batchSize]',
  );
  process.exit(2);
}
main(url, Number(batch ?? 500)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
