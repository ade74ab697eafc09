import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { eventStoreContract } from '../contract.ts';
import { chainHash, GENESIS_HASH, verifyChain } from '../hash.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { createPostgresEventStore } from './store.ts';
import { newEvent } from '../contract.ts';

eventStoreContract({
  name: 'Postgres log',
  create: async () => createPostgresEventStore(await freshDatabase('es')),
  lateCommit: async (store, streamId, event) => {
    const sql = (store as unknown as { sql: postgres.Sql }).sql;
    const reserved = await sql.reserve();
    await reserved`begin`;
    await reserved`insert into eventlog.streams (stream_id, revision, last_hash) values (${streamId}, 0, ${chainHash(GENESIS_HASH, streamId, 0n, event)})`;
    await reserved`
      insert into eventlog.events (stream_id, revision, event_id, type, data, metadata, hash)
      values (${streamId}, 0, ${event.id}, ${event.type}, ${sql.json(event.data as never)}, ${sql.json(event.metadata as never)},
              ${chainHash(GENESIS_HASH, streamId, 0n, event)})`;
    return {
      async commit() {
        await reserved`commit`;
        reserved.release();
      },
    };
  },
});

describe('Postgres log specifics', () => {
  it('a changed byte in a stored event breaks the stream hash chain at that revision', async () => {
    const store = await createPostgresEventStore(await freshDatabase('tamper'));
    try {
      const s = 'wallet-tamper';
      await store.append(
        s,
        [newEvent('A', { amount: '100.00' }), newEvent('B', { amount: '5.00' })],
        'no_stream',
      );
      expect(verifyChain(await store.readStream(s))).toBeNull();
      await store.sql`update eventlog.events set data = jsonb_set(data, '{amount}', '"900.00"') where stream_id = ${s} and revision = 1`;
      const broken = verifyChain(await store.readStream(s));
      expect(broken).toMatchObject({ streamId: s, revision: 1n });
    } finally {
      await store.close();
    }
  });

  it('gathers concurrent appends into shared transactions (group commit) without losing any', async () => {
    const store = await createPostgresEventStore(await freshDatabase('group'), { poolSize: 4 });
    try {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          store.append(`g-${i}`, [newEvent('G', { i })], 'no_stream'),
        ),
      );
      const [{ streams, txs }] = (await store.sql`
        select count(distinct stream_id)::int as streams, count(distinct transaction_id)::int as txs
        from eventlog.events where stream_id like 'g-%'`) as unknown as [
        { streams: number; txs: number },
      ];
      expect(streams).toBe(200);
      expect(txs).toBeLessThan(200);
    } finally {
      await store.close();
    }
  });
});
