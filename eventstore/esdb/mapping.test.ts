import { randomUUID } from 'node:crypto';
import {
  NO_STREAM,
  START as ESDB_START,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { newEvent } from '../contract.ts';
import { chainHash, GENESIS_HASH, verifyChain } from '../hash.ts';
import { WrongExpectedRevision } from '../types.ts';
import {
  exactExpectation,
  UnreadableEventError,
  isSystemEvent,
  ORIGINAL_ID_KEY,
  toEsdbEventId,
  toEsdbExpectedRevision,
  toEventData,
  toReadPosition,
  toRecordedEvent,
  toWrongExpectedRevision,
} from './mapping.ts';

/** What the client hands back for a JSON event written with `data` (metadata parsed from JSON). */
function resolvedFrom(
  written: ReturnType<typeof toEventData>,
  at: { streamId: string; revision: bigint; commit: bigint; prepare: bigint },
): AllStreamResolvedEvent {
  if (written.contentType !== 'application/json') throw new Error('json expected');
  return {
    event: {
      streamId: at.streamId,
      id: written.id.toLowerCase(),
      revision: at.revision,
      type: written.type,
      data: JSON.parse(JSON.stringify(written.data)),
      metadata: JSON.parse(JSON.stringify(written.metadata)),
      isJson: true,
      created: new Date(),
      position: { commit: at.commit, prepare: at.prepare },
    },
    commitPosition: at.commit,
  };
}

describe('EventStoreDB mapping: written event → ResolvedEvent → RecordedEvent', () => {
  it('round-trips id, type, data and metadata exactly, with the hash moved out of metadata', () => {
    const event = newEvent('WalletCredited', { amount: '100.50', nested: { b: 1, a: [1, 2] } });
    const hash = chainHash(GENESIS_HASH, 'wallet-1', 0n, event);
    const written = toEventData(event, hash);
    expect(written).toMatchObject({
      id: event.id,
      type: 'WalletCredited',
      contentType: 'application/json',
      data: event.data,
    });
    expect(written.metadata).toEqual({ ...event.metadata, hash });

    const recorded = toRecordedEvent(
      resolvedFrom(written, { streamId: 'wallet-1', revision: 0n, commit: 2048n, prepare: 2000n }),
    );
    expect(recorded).toEqual({
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      streamId: 'wallet-1',
      revision: 0n,
      position: { commit: 2048n, prepare: 2000n },
      hash,
    });
    expect(verifyChain([recorded])).toBeNull();
  });

  it('keeps an id the server would respell (upper case, not a UUID) and gives it back unchanged', () => {
    for (const id of [randomUUID().toUpperCase(), 'renew:svc-1:2026-04-01']) {
      const event = { ...newEvent(), id };
      const written = toEventData(event, 'h');
      expect(written.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(written.id).toBe(toEsdbEventId(id)); // deterministic: a retry maps to the same UUID
      expect((written.metadata as Record<string, unknown>)[ORIGINAL_ID_KEY]).toBe(id);
      const recorded = toRecordedEvent(
        resolvedFrom(written, { streamId: 's', revision: 0n, commit: 1n, prepare: 1n }),
      );
      expect(recorded.id).toBe(id);
      expect(recorded.metadata).toEqual(event.metadata);
    }
    const lower = randomUUID();
    expect(toEsdbEventId(lower)).toBe(lower);
    expect(toEventData({ ...newEvent(), id: lower }, 'h').metadata).not.toHaveProperty(
      ORIGINAL_ID_KEY,
    );
  });

  it('takes the position from a stream read too, and refuses servers that do not report one', () => {
    const written = toEventData(newEvent(), 'h');
    const fromStream: ResolvedEvent = {
      event: {
        ...resolvedFrom(written, { streamId: 's', revision: 3n, commit: 9n, prepare: 9n }).event!,
        position: { commit: 9n, prepare: 9n },
      },
    };
    expect(toRecordedEvent(fromStream).position).toEqual({ commit: 9n, prepare: 9n });
    const old = { event: { ...fromStream.event!, position: undefined } } as ResolvedEvent;
    expect(() => toRecordedEvent(old)).toThrow(/22\.6/);
    const unknown = {
      event: {
        ...fromStream.event!,
        position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n },
      },
    } as ResolvedEvent;
    expect(() => toRecordedEvent(unknown)).toThrow(/22\.6/);
  });

  it('refuses events it did not write (binary) instead of inventing data', () => {
    const written = resolvedFrom(toEventData(newEvent(), 'h'), {
      streamId: 's',
      revision: 0n,
      commit: 1n,
      prepare: 1n,
    });
    const binary = {
      event: { ...written.event!, isJson: false, data: new Uint8Array([1]) },
    } as unknown as AllStreamResolvedEvent;
    expect(() => toRecordedEvent(binary)).toThrow(UnreadableEventError);
    expect(() => toRecordedEvent({ commitPosition: 1n })).toThrow(UnreadableEventError);
  });
});

describe('EventStoreDB mapping: system events', () => {
  const at = (streamId: string, type: string): AllStreamResolvedEvent => ({
    event: {
      ...resolvedFrom(toEventData(newEvent(type), 'h'), {
        streamId,
        revision: 0n,
        commit: 1n,
        prepare: 1n,
      }).event!,
      type,
    },
  });
  it('filters system event types, system streams and unresolved links; keeps business events', () => {
    expect(isSystemEvent(at('$stats-127.0.0.1:2113', '$statsCollected'))).toBe(true);
    expect(isSystemEvent(at('$$wallet-1', '$metadata'))).toBe(true);
    expect(isSystemEvent(at('$ce-wallet', '$>'))).toBe(true);
    expect(isSystemEvent(at('$users', 'UserCreated'))).toBe(true);
    expect(isSystemEvent(at('wallet-1', '$scavengeStarted'))).toBe(true);
    expect(isSystemEvent({ commitPosition: 5n })).toBe(true);
    expect(isSystemEvent(at('wallet-1', 'WalletCredited'))).toBe(false);
    expect(isSystemEvent(at('wallet-$1', 'Wallet$Credited'))).toBe(false);
  });
});

describe('EventStoreDB mapping: revisions and positions', () => {
  it('sends the exact revision read, or no_stream for a new stream', () => {
    expect(toEsdbExpectedRevision(-1n)).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision(0n)).toBe(0n);
    expect(toEsdbExpectedRevision(41n)).toBe(41n);
  });

  it('compares only exact expectations against the revision read', () => {
    expect(exactExpectation('no_stream')).toBe(-1n);
    expect(exactExpectation(7n)).toBe(7n);
    expect(exactExpectation('any')).toBeNull();
    expect(exactExpectation('stream_exists')).toBeNull();
  });

  it('maps WrongExpectedVersionError to WrongExpectedRevision with the actual revision', () => {
    const mapped = toWrongExpectedRevision(
      's',
      3n,
      new WrongExpectedVersionError(undefined, { streamName: 's', expected: 3n, current: 5n }),
    );
    expect(mapped).toBeInstanceOf(WrongExpectedRevision);
    expect(mapped).toMatchObject({
      streamId: 's',
      expected: 3n,
      actual: 5n,
      code: 'ES_WRONG_EXPECTED_REVISION',
    });
    const none = toWrongExpectedRevision(
      's',
      'stream_exists',
      new WrongExpectedVersionError(undefined, {
        streamName: 's',
        expected: 'stream_exists',
        current: 'no_stream',
      }),
    );
    expect(none.actual).toBe('no_stream');
  });

  it('reads $all from the start for no position or START, else from the position itself', () => {
    expect(toReadPosition(undefined)).toBe(ESDB_START);
    expect(toReadPosition({ commit: -1n, prepare: -1n })).toBe(ESDB_START);
    expect(toReadPosition({ commit: 10n, prepare: 8n })).toEqual({ commit: 10n, prepare: 8n });
  });
});
