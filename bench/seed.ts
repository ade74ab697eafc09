import type { EventStore, NewEvent } from '../eventstore/types.ts';
import { customerStreams, tenantStream, type PlannedStream } from './events.ts';
import { seededRandom } from '../server/testing/random.ts';

export interface SeedResult {
  events: number;
  streams: number;
  appends: number;
  seconds: number;
  /** Events per type. */
  mix: Record<string, number>;
}

/** Customers generated and appended together; bounds memory so a million events fit. */
const CUSTOMERS_PER_CHUNK = 1500;
/** Events per append: a stream's history goes in as several appends, at exact revisions. */
const EVENTS_PER_APPEND = 4;
/** Appends handed to the store at once (it commits them in groups). */
const IN_FLIGHT = 4096;

/**
 * Appends about `target` events of a realistic mix through the store itself (so revisions,
 * hashes and positions are real): the tenant, then customers with their email reservation,
 * registration, sign-ins, wallet and mails. Each stream is cut into appends of a few events,
 * and the appends go in waves (first chunk of every stream, then the second...), so streams
 * interleave in the global order as they would in production.
 */
export async function seedEvents(
  store: EventStore,
  target: number,
  log: (line: string) => void,
): Promise<SeedResult> {
  const rand = seededRandom(2026);
  const start = performance.now();
  const mix: Record<string, number> = {};
  let events = 0;
  let streams = 0;
  let appends = 0;
  let customer = 0;
  const base = Date.UTC(2025, 3, 1);

  const write = async (planned: PlannedStream[], firstWave: (s: PlannedStream) => number) => {
    const waves: { streamId: string; events: NewEvent[]; expected: 'no_stream' | bigint }[][] = [];
    for (const s of planned) {
      for (let i = 0, k = firstWave(s); i < s.events.length; i += EVENTS_PER_APPEND, k++) {
        (waves[k] ??= []).push({
          streamId: s.streamId,
          events: s.events.slice(i, i + EVENTS_PER_APPEND),
          expected: i === 0 ? 'no_stream' : BigInt(i - 1),
        });
      }
      for (const e of s.events) mix[e.type] = (mix[e.type] ?? 0) + 1;
      events += s.events.length;
      streams++;
    }
    for (const wave of waves) {
      if (!wave) continue;
      for (let i = 0; i < wave.length; i += IN_FLIGHT) {
        await Promise.all(
          wave.slice(i, i + IN_FLIGHT).map((a) => store.append(a.streamId, a.events, a.expected)),
        );
        appends += Math.min(IN_FLIGHT, wave.length - i);
      }
    }
  };

  await write([tenantStream(new Date(base).toISOString())], () => 0);
  while (events < target) {
    const planned: PlannedStream[] = [];
    let chunkEvents = 0;
    for (let c = 0; c < CUSTOMERS_PER_CHUNK && events + chunkEvents < target; c++, customer++) {
      const own = customerStreams(rand, customer, base + customer * 7 * 60_000);
      planned.push(...own);
      chunkEvents += own.reduce((a, s) => a + s.events.length, 0);
    }
    // Identity first, wallets next, mails after the decisions that caused them.
    await write(planned, (s) =>
      s.streamId.startsWith('wallet-') ? 1 : s.streamId.startsWith('mail-') ? 3 : 0,
    );
    log(
      `  seeded ${events.toLocaleString('en-US')} events (${customer.toLocaleString('en-US')} customers)`,
    );
  }
  return { events, streams, appends, seconds: (performance.now() - start) / 1000, mix };
}
