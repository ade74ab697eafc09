import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { positionToString, type NewEvent, type RecordedEvent } from '../types.ts';
import { verifyLog, verifyStreamEvents } from '../verify-log.ts';
import { createPostgresEventStore } from './store.ts';
import { seededRandom } from '../../server/testing/random.ts';

/**
 * Tamper evidence (issue 5, survival suite 6): change one character of any stored event — a
 * string or number inside its data or metadata, a key, its type or its hash — directly in
 * eventlog.events, and the audit reports exactly that stream at exactly that event's position.
 */

const SEED = Number(process.env.FC_SEED ?? 424242);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Store = Awaited<ReturnType<typeof createPostgresEventStore>>;
let store: Store;
let url: string;
let all: RecordedEvent[];

const NAMES = [
  'Asha Verma',
  'Ravi Kumar',
  'आशा वर्मा',
  'Zoë Ødegård',
  'محمد علي',
  'Li Wei 李伟',
  'Priya 🌸 Nair',
];

/** Realistic wallet histories (requests, approvals with running balances, payments, reversals) and users. */
function seedEvents(): { streamId: string; events: NewEvent[] }[] {
  const rnd = seededRandom(SEED);
  const streams: { streamId: string; events: NewEvent[] }[] = [];
  const at = (i: number) => new Date(Date.UTC(2026, 3, 1, 10, 0, i)).toISOString();
  const meta = (commandId: string, userId: string, role: string, i: number) => ({
    tenantId: 'akashone',
    actor: { userId, role },
    commandId,
    commandHash: uuidFrom(`hash:${commandId}`).replace(/-/g, ''),
    correlationId: commandId,
    causationId: commandId,
    occurredAt: at(i),
    schemaVersion: 1,
  });
  for (let w = 0; w < 120; w++) {
    const customerId = uuidFrom(`tamper:customer:${w}`);
    const name = NAMES[w % NAMES.length]!;
    const events: NewEvent[] = [
      {
        id: uuidFrom(`tamper:user:${w}`),
        type: 'UserRegistered',
        data: {
          userId: customerId,
          email: `c${w}@example.com`,
          name,
          role: 'customer',
          passwordHash: `$2b$10$${'x'.repeat(53)}`,
          registeredAt: at(0),
        },
        metadata: meta(`register:${w}`, 'system', 'system', 0),
      },
    ];
    streams.push({ streamId: `user-${customerId}`, events });
    const wallet: NewEvent[] = [];
    let paise = 0;
    const payments: { id: string; amount: number }[] = [];
    const n = 4 + Math.floor(rnd() * 14);
    for (let i = 0; i < n; i++) {
      const cmd = `tamper:${w}:${i}`;
      const id = uuidFrom(`event:${cmd}`);
      const kind = rnd();
      if (kind < 0.45 || paise === 0) {
        const topUpId = uuidFrom(`topup:${cmd}`);
        const amount = 10_000 + Math.floor(rnd() * 5_000_000);
        wallet.push({
          id,
          type: 'TopUpRequested',
          data: {
            topUpId,
            customerId,
            amount: (amount / 100).toFixed(2),
            method: rnd() < 0.8 ? 'BANK_TRANSFER' : 'CRYPTO',
            reference: `UTR-${w}-${i}`,
            proof: {
              sha256: uuidFrom(`proof:${cmd}`).replace(/-/g, '').padEnd(64, 'a'),
              fileName: `रसीद-${i}.png`,
              contentType: 'image/png',
              size: 1200 + i,
            },
            requestedAt: at(i),
          },
          metadata: meta(cmd, customerId, 'customer', i),
        });
        paise += amount;
        wallet.push({
          id: uuidFrom(`event2:${cmd}`),
          type: 'TopUpApproved',
          data: {
            topUpId,
            customerId,
            amount: (amount / 100).toFixed(2),
            balanceAfter: (paise / 100).toFixed(2),
            approvedBy: 'admin',
            approvedAt: at(i),
          },
          metadata: meta(`${cmd}:approve`, 'admin', 'admin', i),
        });
      } else if (kind < 0.85 || payments.length === 0) {
        const amount = 1 + Math.floor(rnd() * paise);
        paise -= amount;
        const paymentId = uuidFrom(`payment:${cmd}`);
        payments.push({ id: paymentId, amount });
        wallet.push({
          id,
          type: 'WalletDebited',
          data: {
            paymentId,
            customerId,
            amount: (amount / 100).toFixed(2),
            balanceAfter: (paise / 100).toFixed(2),
            description: `Invoice INV/2026/${w}-${i} · “cloud” 💻`,
            debitedAt: at(i),
          },
          metadata: meta(cmd, customerId, 'customer', i),
        });
      } else {
        const p = payments.shift()!;
        paise += p.amount;
        wallet.push({
          id,
          type: 'WalletDebitReversed',
          data: {
            paymentId: p.id,
            customerId,
            amount: (p.amount / 100).toFixed(2),
            balanceAfter: (paise / 100).toFixed(2),
            reason: 'provisioning failed',
            reversedAt: at(i),
          },
          metadata: meta(cmd, 'system', 'system', i),
        });
      }
    }
    streams.push({ streamId: `wallet-${customerId}`, events: wallet });
  }
  return streams;
}

beforeAll(async () => {
  url = await freshDatabase('tamper');
  store = await createPostgresEventStore(url, { poolSize: 4 });
  const streams = seedEvents();
  // Each stream in a few appends, all streams at once (group commit interleaves their positions).
  for (let round = 0; round < 3; round++) {
    await Promise.all(
      streams.map(async ({ streamId, events }) => {
        const part = events.slice(
          Math.floor((round * events.length) / 3),
          Math.floor(((round + 1) * events.length) / 3),
        );
        if (part.length === 0) return;
        const existing = await store.readStream(streamId);
        await store.append(
          streamId,
          part,
          existing.length ? existing[existing.length - 1]!.revision : 'no_stream',
        );
      }),
    );
  }
  all = [];
  for (
    let page = await store.readAll({ maxCount: 10_000 });
    page.length > 0;
    page = await store.readAll({ from: all[all.length - 1]!.position, maxCount: 10_000 })
  ) {
    all.push(...page);
  }
});
afterAll(async () => store?.close());

// ---- tampering one character ---------------------------------------------------------------

type Target = 'data' | 'metadata' | 'type' | 'hash';
type Leaf = { path: (string | number)[]; kind: 'string' | 'number' | 'boolean' | 'key' };

const REPLACEMENTS = ['a', 'Z', '0', '7', ' ', '"', '\\', "'", 'é', 'अ', '₹', '😀', '\u200f', '\n'];

/** Every place one character can change: string and number values, booleans and key names. */
function leaves(value: unknown, at: (string | number)[] = []): Leaf[] {
  if (typeof value === 'string') return [{ path: at, kind: 'string' }];
  if (typeof value === 'number') return [{ path: at, kind: 'number' }];
  if (typeof value === 'boolean') return [{ path: at, kind: 'boolean' }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...at, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      { path: [...at, k], kind: 'key' as const },
      ...leaves(v, [...at, k]),
    ]);
  }
  return [];
}

/** `s` with the code point at `index` replaced by one that differs (code points, so no lone surrogates). */
function changeOneChar(s: string, index: number, pick: number): string {
  const chars = Array.from(s);
  if (chars.length === 0) return REPLACEMENTS[pick % REPLACEMENTS.length]!;
  const i = index % chars.length;
  let r = REPLACEMENTS[pick % REPLACEMENTS.length]!;
  if (r === chars[i]) r = REPLACEMENTS[(pick + 1) % REPLACEMENTS.length]!;
  chars[i] = r;
  return chars.join('');
}

function tamperJson(
  doc: Record<string, unknown>,
  leafPick: number,
  index: number,
  pick: number,
): Record<string, unknown> {
  const copy = structuredClone(doc);
  const all = leaves(copy);
  const leaf = all[leafPick % all.length]!;
  const parent = leaf.path.slice(0, -1).reduce<any>((o, k) => o[k], copy);
  const last = leaf.path[leaf.path.length - 1]!;
  if (leaf.kind === 'key') {
    const entries = Object.entries(parent as Record<string, unknown>);
    let renamed = changeOneChar(String(last), index, pick);
    for (let n = 1; renamed in parent || renamed === ''; n++)
      renamed = changeOneChar(String(last), index + n, pick + n);
    for (const [k] of entries) delete parent[k];
    for (const [k, v] of entries) parent[k === last ? renamed : k] = v; // keeps the key order
  } else if (leaf.kind === 'string') parent[last] = changeOneChar(parent[last], index, pick);
  else if (leaf.kind === 'number') parent[last] = parent[last] + 1 + (pick % 9);
  else parent[last] = !parent[last];
  return copy;
}

const textOf = (e: RecordedEvent, target: Target): string => (target === 'type' ? e.type : e.hash);

async function write(e: RecordedEvent, target: Target, value: string | Record<string, unknown>) {
  const at = e.position.commit.toString();
  if (target === 'data')
    await store.sql`update eventlog.events set data = ${JSON.stringify(value)}::text::jsonb where global_position = ${at}`;
  else if (target === 'metadata')
    await store.sql`update eventlog.events set metadata = ${JSON.stringify(value)}::text::jsonb where global_position = ${at}`;
  else if (target === 'type')
    await store.sql`update eventlog.events set type = ${value as string} where global_position = ${at}`;
  else
    await store.sql`update eventlog.events set hash = ${value as string} where global_position = ${at}`;
}

const expectedBreak = (e: RecordedEvent) => ({
  streamId: e.streamId,
  revision: e.revision,
  position: positionToString(e.position),
});

describe('tamper evidence of the Postgres log', () => {
  it('the untouched log verifies: every stream, every event', async () => {
    const report = await verifyLog(store, { pageSize: 333 });
    expect(report.breaks).toEqual([]);
    expect(report.events).toBe(all.length);
    expect(report.streams).toBe(new Set(all.map((e) => e.streamId)).size);
    expect(report.events).toBeGreaterThan(1000);
  });

  it('1,000 random one-character changes: each is reported at exactly its stream and position', async () => {
    let fullChecks = 0;
    let run = 0;
    const seen = { data: 0, metadata: 0, type: 0, hash: 0 } as Record<Target, number>;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom<Target>('data', 'metadata', 'type', 'hash'),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        async (eventPick, target, leafPick, index, pick) => {
          const e = all[eventPick % all.length]!;
          seen[target]++;
          const original =
            target === 'data' ? e.data : target === 'metadata' ? e.metadata : textOf(e, target);
          const tampered =
            typeof original === 'string'
              ? changeOneChar(original, index, pick)
              : tamperJson(original as Record<string, unknown>, leafPick, index, pick);
          await write(e, target, tampered);
          try {
            // Every 50th case walks the whole log; the others re-read just the touched stream.
            if (run++ % 50 === 0) {
              fullChecks++;
              const report = await verifyLog(store);
              expect(report.breaks).toEqual([expectedBreak(e)]);
            } else {
              expect(verifyStreamEvents(await store.readStream(e.streamId))).toEqual(
                expectedBreak(e),
              );
            }
          } finally {
            await write(e, target, original as string | Record<string, unknown>);
          }
          expect(verifyStreamEvents(await store.readStream(e.streamId))).toBeNull();
        },
      ),
      { numRuns: 1000, seed: SEED, endOnFailure: true },
    );
    expect(fullChecks).toBe(20);
    for (const t of Object.keys(seen) as Target[]) expect(seen[t], t).toBeGreaterThan(150);
    expect((await verifyLog(store)).breaks).toEqual([]);
  });

  it('a deleted event is reported at the next one (revision gap); a swapped pair at the first', async () => {
    const stream = [...new Set(all.map((e) => e.streamId))].find(
      (s) => s.startsWith('wallet-') && all.filter((e) => e.streamId === s).length >= 4,
    )!;
    const events = all.filter((e) => e.streamId === stream);
    const victim = events[1]!;
    await store.sql`create table public.tamper_backup as select * from eventlog.events where global_position = ${victim.position.commit.toString()}`;
    await store.sql`delete from eventlog.events where global_position = ${victim.position.commit.toString()}`;
    try {
      expect((await verifyLog(store)).breaks).toEqual([expectedBreak(events[2]!)]);
    } finally {
      await store.sql`insert into eventlog.events overriding system value select * from public.tamper_backup`;
      await store.sql`drop table public.tamper_backup`;
    }
    expect((await verifyLog(store)).breaks).toEqual([]);

    // Two events trading places (their revisions swapped): the chain breaks at the first of them.
    const [a, b] = [events[2]!, events[3]!];
    await store.sql.begin(async (tx) => {
      await tx`update eventlog.events set revision = -1 where global_position = ${a.position.commit.toString()}`;
      await tx`update eventlog.events set revision = ${a.revision.toString()} where global_position = ${b.position.commit.toString()}`;
      await tx`update eventlog.events set revision = ${b.revision.toString()} where global_position = ${a.position.commit.toString()}`;
    });
    try {
      const broken = (await verifyLog(store)).breaks;
      expect(broken).toHaveLength(1);
      expect(broken[0]!.streamId).toBe(stream);
      expect([positionToString(a.position), positionToString(b.position)]).toContain(
        broken[0]!.position,
      );
    } finally {
      await store.sql.begin(async (tx) => {
        await tx`update eventlog.events set revision = -1 where global_position = ${a.position.commit.toString()}`;
        await tx`update eventlog.events set revision = ${b.revision.toString()} where global_position = ${b.position.commit.toString()}`;
        await tx`update eventlog.events set revision = ${a.revision.toString()} where global_position = ${a.position.commit.toString()}`;
      });
    }
    expect((await verifyLog(store)).breaks).toEqual([]);
  });

  it('`audit.ts verify-log` prints each broken stream with its position and exits 1; 0 when clean', async () => {
    const cli = () =>
      promisify(execFile)(
        path.join(root, 'node_modules/.bin/tsx'),
        [path.join(root, 'server/cli/audit.ts'), 'verify-log'],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
        },
      ).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
    const clean = await cli();
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(new RegExp(`ok: ${all.length.toLocaleString('en-US')} events`));

    const victims = [all[17]!, all[all.length - 3]!].filter(
      (v, i, arr) => arr.findIndex((x) => x.streamId === v.streamId) === i,
    );
    for (const v of victims)
      await store.sql`update eventlog.events set data = jsonb_set(data, '{customerId}', '"00000000-0000-0000-0000-000000000000"') where global_position = ${v.position.commit.toString()}`;
    try {
      const broken = await cli();
      expect(broken.code).toBe(1);
      for (const v of victims)
        expect(broken.stdout).toContain(
          `BROKEN stream=${v.streamId} revision=${v.revision} position=${positionToString(v.position)}`,
        );
    } finally {
      for (const v of victims) await write(v, 'data', v.data);
    }
  });
});
