/**
 * What a real node and the 6.2.1 client do to the adapter that an ideal store would not:
 * the client's append paths and serialisation, deleted streams, a node not ready yet, a cut
 * connection or a deadline after the write committed (fake-client.ts says where each rule
 * comes from).
 */
import { describe, expect, it } from 'vitest';
import { newEvent } from '../contract.ts';
import { verifyChain } from '../hash.ts';
import { StreamDeleted, UnserialisableEvent } from '../types.ts';
import { FakeEsdbClient, type AppendFault } from './fake-client.ts';
import { appendCredentials, createEventStoreDbStore } from './index.ts';
import { eventStoreOnClient } from './store.ts';

const quick = { attempts: 5, initialMs: 1, maxMs: 5 };
function setup(options: { credentials?: { username: string; password: string } } = {}) {
  const client = new FakeEsdbClient();
  const store = eventStoreOnClient(client, {
    ...options,
    transient: quick,
    subscription: { backoff: { initialMs: 1, maxMs: 5 } },
  });
  return { client, store };
}
const ofStream = (client: FakeEsdbClient, s: string) => client.log.filter((r) => r.streamId === s);

describe('EventStoreDB adapter on the 6.2.1 client', () => {
  it('sends per-call credentials, so the client never takes its batch-append path (KurrentDB-Client-NodeJS #505)', async () => {
    expect(appendCredentials('esdb://app:s%40cret@node:2113?tls=true')).toEqual({
      username: 'app',
      password: 's@cret',
    });
    expect(appendCredentials('esdb+discover://node1:2113,node2:2113?tls=false')).toMatchObject({
      username: expect.any(String),
    });
    expect(appendCredentials('esdb://node:2113')).toBeUndefined();
    const { client, store } = setup({
      credentials: appendCredentials('esdb://localhost:2113?tls=false')!,
    });
    await store.append('c', [newEvent()], 'no_stream');
    await store.append('c', [newEvent()], 'any');
    expect(client.appendPaths).toEqual(['append', 'append']);
  });

  it('refuses kurrentdb:// connection strings, which this client throws on', () => {
    expect(() => createEventStoreDbStore('kurrentdb://localhost:2113?tls=false')).toThrow(
      /esdb:\/\//,
    );
  });

  it('never hands the client a value its JSON.stringify throws on (which would hang the append and raise an unhandled rejection)', async () => {
    const { client, store } = setup();
    const settled = Promise.race([
      store.append('b', [newEvent('Bad', { amount: 5n })], 'no_stream'),
      new Promise((r) => setTimeout(() => r('still pending'), 2_000)),
    ]);
    await expect(settled).rejects.toBeInstanceOf(UnserialisableEvent);
    expect(client.unhandled).toEqual([]);
    expect(client.appendPaths).toEqual([]);
  });
});

describe('EventStoreDB adapter on deleted streams', () => {
  it('reports a tombstoned stream as StreamDeleted on read and append, and skips the tombstone in $all', async () => {
    const { client, store } = setup();
    await store.append('t', [newEvent()], 'no_stream');
    client.tombstone('t');
    await expect(store.readStream('t')).rejects.toMatchObject({
      name: 'StreamDeleted',
      how: 'tombstoned',
    });
    await expect(store.append('t', [newEvent()], 0n)).rejects.toBeInstanceOf(StreamDeleted);
    await expect(store.append('t', [newEvent()], 'any')).rejects.toBeInstanceOf(StreamDeleted);
    expect((await store.readAll()).map((e) => e.type)).toEqual(['SomethingHappened']);
  });

  it('refuses to restart the chain of a soft-deleted stream (the node would go on at its old revision)', async () => {
    const { client, store } = setup();
    await store.append('d', [newEvent(), newEvent()], 'no_stream');
    client.softDelete('d');
    expect(await store.readStream('d')).toEqual([]);
    await expect(store.append('d', [newEvent()], 'no_stream')).rejects.toMatchObject({
      name: 'StreamDeleted',
      how: 'deleted',
    });
    await expect(store.append('d', [newEvent()], 'any')).rejects.toBeInstanceOf(StreamDeleted);
    expect(ofStream(client, 'd')).toHaveLength(2);
  });

  it('reports a stream whose first events are gone ($tb, $maxCount) as truncated, not as a shorter stream', async () => {
    const { client, store } = setup();
    await store.append('m', [newEvent(), newEvent(), newEvent()], 'no_stream');
    client.truncate('m', 2n);
    await expect(store.readStream('m')).rejects.toMatchObject({
      name: 'StreamDeleted',
      how: 'truncated',
    });
  });
});

describe('EventStoreDB adapter when the node is starting, or the connection is cut', () => {
  it('waits out "Server Is Not Ready" after start-up', async () => {
    const { client, store } = setup();
    client.faults.push('not-ready', 'not-ready', 'not-ready');
    await expect(store.append('r', [newEvent()], 'no_stream')).resolves.toMatchObject({
      nextExpectedRevision: 0n,
    });
    expect(ofStream(client, 'r')).toHaveLength(1);
  });

  it.each<AppendFault>(['drop-before-commit', 'drop-after-commit', 'deadline-after-commit'])(
    'writes once and answers with the write after %s',
    async (fault) => {
      const { client, store } = setup();
      await store.append('f', [newEvent()], 'no_stream');
      client.faults.push(fault);
      const result = await store.append('f', [newEvent('A'), newEvent('B')], 0n);
      expect(result.nextExpectedRevision).toBe(2n);
      const read = await store.readStream('f');
      expect(read.map((e) => e.type)).toEqual(['SomethingHappened', 'A', 'B']);
      expect(verifyChain(read)).toBeNull();
    },
  );

  it("recognises a retry after a node restart emptied the node's own id cache", async () => {
    const { client, store } = setup();
    const mine = [newEvent('Mine')];
    const first = await store.append('w', mine, 'any');
    client.restart();
    expect(await store.append('w', mine, 'any')).toEqual(first);
    expect(ofStream(client, 'w')).toHaveLength(1);
  });

  it('gives up after the configured attempts with StoreUnavailable (retryable), the client error as its cause', async () => {
    const { client, store } = setup();
    client.faults.push(...Array<AppendFault>(10).fill('drop-before-commit'));
    await expect(store.append('g', [newEvent()], 'no_stream')).rejects.toMatchObject({
      name: 'StoreUnavailable',
      code: 'ES_UNAVAILABLE',
      cause: { type: 'unavailable' },
    });
    expect(ofStream(client, 'g')).toEqual([]);
  });
});
