/**
 * The shared contract against a real EventStoreDB node, when EVENTSTORE_URL names one (README,
 * "The event-store contract against a real EventStoreDB", says how to start a throw-away node):
 *   POSTGRES_PASSWORD=unused docker compose -p es-contract run -d --rm --name es-contract -p 2113:2113 eventstore
 *   EVENTSTORE_URL='esdb://localhost:2113?tls=false' npx vitest run --project int eventstore/esdb
 * Without it the file reports one skipped test.
 */
import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import { afterAll, describe, expect, it } from 'vitest';
import { eventStoreContract, newEvent } from '../contract.ts';
import { verifyChain } from '../hash.ts';
import { comparePositions } from '../types.ts';
import { createEventStoreDbStore } from './index.ts';

const url = process.env.EVENTSTORE_URL;

if (url) {
  eventStoreContract({ name: 'EventStoreDB', create: async () => createEventStoreDbStore(url) });

  describe('EventStoreDB adapter on a real node', () => {
    const store = createEventStoreDbStore(url);
    const raw = EventStoreDBClient.connectionString(url);
    afterAll(async () => {
      await store.close();
      await raw.dispose();
    });

    it('writes JSON events with our id and the chain hash in metadata', async () => {
      const s = `esdb-raw-${randomUUID()}`;
      const e = newEvent('Raw', { amount: '1.00' });
      await store.append(s, [e], 'no_stream');
      const found: ResolvedEvent[] = [];
      for await (const r of raw.readStream(s, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      }))
        found.push(r);
      const [written] = await store.readStream(s);
      expect(found[0]?.event).toMatchObject({
        id: e.id,
        type: 'Raw',
        isJson: true,
        data: e.data,
        metadata: { ...e.metadata, hash: written!.hash },
      });
      expect(verifyChain([written!])).toBeNull();
    });

    it('reports the same positions for an event in readStream, readAll and the append result', async () => {
      const before = await store.headPosition();
      const s = `esdb-pos-${randomUUID()}`;
      const result = await store.append(
        s,
        [newEvent('P'), newEvent('P'), newEvent('P')],
        'no_stream',
      );
      const inStream = await store.readStream(s);
      const inAll = (await store.readAll({ from: before, maxCount: 10_000 })).filter(
        (e) => e.streamId === s,
      );
      expect(inAll.map((e) => e.position)).toEqual(inStream.map((e) => e.position));
      expect(comparePositions(result.position, inStream[2]!.position)).toBe(0);
      expect(await store.readAll({ from: inStream[0]!.position, maxCount: 1 })).toEqual([
        inStream[1],
      ]);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
} else {
  describe('EventStoreDB', () => {
    it.skip('EventStoreDB contract: set EVENTSTORE_URL=esdb://localhost:2113?tls=false to run against a real node', () => {});
  });
}
