import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { areas, schema as api } from '../../server/areas/index.ts';
import { gqlAt } from './testing.ts';
import {
  DEFAULT_REFUSALS,
  type Attacker,
  type Attempt,
  type IsolationCase,
} from './testing/isolation-kit.ts';
import { rowsOf } from './testing/rows.ts';
import { A, B, buildWorld, type World } from './testing/world.ts';

/**
 * Tenant isolation, table-driven: every Query and Mutation field of the schema has an entry (each
 * area's in graphql/<area>/isolation.ts, registered by server/areas), and every attempt of tenant
 * A's people on tenant B's objects (and of customer X on customer Y's) is refused, answers with
 * their own objects only, and changes nothing of the other tenant or customer.
 */
/** base.graphql's own fields; every other operation's case is its area's. */
const BASE: Record<string, IsolationCase> = {
  ok: {
    why: 'returns true; no object',
    attempts: () => [{ as: 'bOnA', query: '{ ok }', answers: (d) => expect(d.ok).toBe(true) }],
  },
  _noop: {
    why: 'does nothing',
    attempts: () => [
      { as: 'bOnA', query: 'mutation { _noop }', answers: (d) => expect(d._noop).toBeNull() },
    ],
  },
};
const ISOLATION_CASES = await rowsOf(areas, 'isolation', BASE);
const schema = buildSchema(api.sdl);
const operations = (['Query', 'Mutation'] as const).flatMap((type) =>
  Object.keys((schema.getType(type) as GraphQLObjectType).getFields()).map((name) => ({
    type,
    name,
  })),
);

let w: World;

beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => w?.t.close());

function session(as: Attacker): { host: string; cookie?: string } {
  switch (as) {
    case 'x':
      return { host: A, cookie: w.x.cookie };
    case 'adminA':
      return { host: A, cookie: w.staffA.tenant_admin.cookie };
    case 'superA':
      return { host: A, cookie: w.superA.cookie };
    case 'adminB':
      return { host: B, cookie: w.adminB.cookie };
    case 'bOnA':
      return { host: A, cookie: w.adminB.cookie };
    case 'zOnA':
      return { host: A, cookie: w.z.cookie };
    case 'anonymous':
      return { host: A };
  }
}

/** Identifiers the attacker must never be shown. */
function foreign(as: Attacker): string[] {
  const ofB = [
    w.z.id,
    w.z.email,
    w.adminB.id,
    w.staffB.id,
    w.roleB,
    w.topUpZ,
    w.ledgerEventZ,
    w.memberZ,
    w.invitationZ.id,
    w.sessionZ,
    'ICIC0000004',
  ];
  const ofY = [
    w.y.id,
    w.y.email,
    w.topUpY,
    w.ledgerEventY,
    w.memberY,
    w.invitationY.id,
    w.sessionY,
  ];
  if (as === 'adminB')
    return [w.y.id, w.x.id, w.superA.id, w.roleA, w.topUpY, w.ledgerEventY, 'HDFC0000123'];
  return as === 'x' ? [...ofB, ...ofY] : ofB;
}

/** Events that would show a change to tenant B, or to customer Y. */
/**
 * Events in tenant B and on Y's streams. What the world's seeds set off (a mail about a seeded
 * invoice, queued and sent a moment later) carries the seed's correlation id and is not counted.
 */
async function footprint() {
  const [row] = await w.t.running.platform.sql`
    select count(*) filter (where metadata->>'tenantId' = 'kloudnests')::int as b,
           count(*) filter (where stream_id like ${'%' + w.y.id + '%'} or stream_id like ${'%' + w.memberY + '%'})::int as y
    from eventlog.events where coalesce(metadata->>'correlationId', '') not like 'seed:%'`;
  return { b: row!.b as number, y: row!.y as number };
}

async function attempt(a: Attempt, label: string) {
  const { host, cookie } = session(a.as);
  const before = await footprint();
  const res = await gqlAt(w.t, host, a.query, a.variables ?? {}, cookie);
  const where = `${label} as ${a.as}`;
  if (a.answers) {
    expect(res.errors, where).toBeUndefined();
    a.answers(res.data, w);
  } else {
    expect(
      res.errors?.length,
      `${where} should be refused, got ${JSON.stringify(res.data)}`,
    ).toBeGreaterThan(0);
    expect(a.refused ?? DEFAULT_REFUSALS, where).toContain(res.errors![0].extensions?.code);
  }
  // An answer may repeat what the attacker sent (e.g. "mail sent to <the email you typed>").
  const shown = JSON.stringify(res.data ?? null);
  const sent = JSON.stringify(a.variables ?? {});
  for (const id of foreign(a.as).filter((f) => !sent.includes(f)))
    expect(shown.includes(id), `${where} shows ${id}`).toBe(false);
  const after = await footprint();
  if (a.as !== 'adminB') expect(after.b, `${where} wrote to tenant B`).toBe(before.b);
  if (a.as === 'x' || a.as === 'adminB')
    expect(after.y, `${where} wrote to customer Y`).toBe(before.y);
  await a.after?.(w);
}

describe('tenant isolation', () => {
  it('has an entry for every query and mutation of the schema, and none for operations that are gone', () => {
    const names = operations.map((o) => o.name);
    expect(
      names.filter((n) => !(n in ISOLATION_CASES)),
      'operations without an isolation case',
    ).toEqual([]);
    expect(
      Object.keys(ISOLATION_CASES).filter((n) => !names.includes(n)),
      'cases for operations the schema lacks',
    ).toEqual([]);
  });

  for (const { type, name } of operations) {
    const entry = ISOLATION_CASES[name];
    it.skipIf(!entry)(`${type}.${name}: ${entry?.why ?? 'no case'}`, async () => {
      const attempts = entry!.attempts(w);
      expect(attempts.length).toBeGreaterThan(0);
      for (const a of attempts) await attempt(a, `${type}.${name}`);
    });
  }
});
