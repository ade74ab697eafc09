import type { EventStore, NewEvent } from '../eventstore/types.ts';
import { seedBenchCatalog, seedCommerce, type CommerceCounts } from './commerce.ts';
import { customerStreams, TENANT_ID, tenantStream, type PlannedStream } from './events.ts';
import { seededRandom } from '../server/testing/random.ts';

export interface SeedResult {
  events: number;
  streams: number;
  appends: number;
  seconds: number;
  /** Events per type. */
  mix: Record<string, number>;
  /** What the order commands did (orders placed, paid, cancelled, credited). */
  commerce: CommerceCounts;
}

/** Customers generated and appended together; bounds memory so a million events fit. */
const CUSTOMERS_PER_CHUNK = 1500;
/** Events per append: a stream's history goes in as several appends, at exact revisions. */
const EVENTS_PER_APPEND = 4;
/** Appends handed to the store at once (it commits them in groups). */
const IN_FLIGHT = 4096;

/**
 * Appends about `target` events of a realistic mix through the store itself (so revisions,
 * hashes and positions are real): the tenant and its catalog, then customers with their email
 * reservation, registration, billing profile, sign-ins, wallet and mails. Each stream is cut
 * into appends of a few events, and the appends go in waves (first chunk of every stream, then
 * the second...), so streams interleave in the global order as they would in production. After
 * each chunk of customers, some of them order and pay through the real commands (bench/
 * commerce.ts): orders, proformas, wallet debits, numbered tax invoices, bank transfers,
 * cancellations and credit notes, with the invoice series they take their numbers from.
 */
export async function seedEvents(
  store: EventStore,
  target: number,
  log: (line: string) => void,
): Promise<SeedResult> {
  const rand = seededRandom(2026);
  const orderRand = seededRandom(11);
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

  // The commands append through this wrapper, so their events count in the target and the mix.
  const counted: EventStore = {
    ...store,
    append: async (streamId, newEvents, expected) => {
      const result = await store.append(streamId, newEvents, expected);
      for (const e of newEvents) mix[e.type] = (mix[e.type] ?? 0) + 1;
      events += newEvents.length;
      appends++;
      if (expected === 'no_stream') streams++;
      return result;
    },
  };
  const deps = { store: counted, now: () => new Date() };
  const commerce: CommerceCounts = {
    orders: 0,
    paidFromWallet: 0,
    paidByTransfer: 0,
    unpaid: 0,
    cancelled: 0,
    creditNotes: 0,
  };

  await write([tenantStream(new Date(base).toISOString())], () => 0);
  const catalog = await seedBenchCatalog(deps, TENANT_ID);
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
    const customers = planned.flatMap((s) =>
      s.events[0]?.type === 'UserRegistered'
        ? [(s.events[0].data as { userId: string }).userId]
        : [],
    );
    const c = await seedCommerce(deps, TENANT_ID, catalog, customers, orderRand);
    for (const k of Object.keys(commerce) as (keyof CommerceCounts)[]) commerce[k] += c[k];
    log(
      `  seeded ${events.toLocaleString('en-US')} events (${customer.toLocaleString('en-US')} customers, ${commerce.orders.toLocaleString('en-US')} orders)`,
    );
  }
  return { events, streams, appends, seconds: (performance.now() - start) / 1000, mix, commerce };
}
