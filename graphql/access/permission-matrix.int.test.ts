import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { areas, schema as api } from '../../server/areas/index.ts';
import { gqlAt, signInAt } from './testing.ts';
import {
  buildMatrixWorld,
  q,
  ROLES,
  type MatrixRow,
  type MatrixWorld,
  type Role,
} from './testing/matrix-kit.ts';
import { rowsOf } from './testing/rows.ts';
import { A, type Person } from './testing/world.ts';

/**
 * Every operation × each system role (and anonymous): allowed, or refused as designed. "Allowed"
 * means neither FORBIDDEN nor UNAUTHENTICATED (a made-up id still answers NOT_FOUND, a second
 * suspension CONFLICT). Public operations are refused to nobody. Each area keeps its rows in
 * graphql/<area>/isolation.ts (registered by server/areas); a new operation without a row fails
 * the suite.
 */
/** base.graphql's own fields; every other operation's row is its area's. */
const BASE: Record<string, MatrixRow> = {
  ok: { allowed: 'public', call: q('{ ok }') },
  _noop: { allowed: 'public', call: q('mutation { _noop }') },
};
const MATRIX = await rowsOf(areas, 'matrix', BASE);

let w: MatrixWorld;

beforeAll(async () => {
  w = await buildMatrixWorld();
});
afterAll(async () => w?.t.close());

const personOf = (role: Role): Person =>
  role === 'super_admin' ? w.superA : role === 'customer' ? w.x : w.staffA[role];

describe('permission matrix', () => {
  const schema = buildSchema(api.sdl);
  const operations = (['Query', 'Mutation'] as const).flatMap((type) =>
    Object.keys((schema.getType(type) as GraphQLObjectType).getFields()).map((name) => ({
      type,
      name,
    })),
  );

  it('has a row for every query and mutation, and none for operations that are gone', () => {
    const names = operations.map((o) => o.name);
    expect(
      names.filter((n) => !(n in MATRIX)),
      'operations without a row',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((n) => !names.includes(n)),
      'rows for operations the schema lacks',
    ).toEqual([]);
  });

  let n = 0;
  for (const { type, name } of operations) {
    const row = MATRIX[name];
    it.skipIf(!row)(
      `${type}.${name}: ${Array.isArray(row?.allowed) ? row!.allowed.join(', ') : row?.allowed}`,
      async () => {
        for (const role of [...ROLES, null]) {
          const call = row!.call(w, role ?? 'customer', ++n);
          const person = role ? personOf(role) : null;
          const cookie =
            person && row!.freshSession
              ? await signInAt(w.t, A, person.email, person.password)
              : person?.cookie;
          const res = await gqlAt(w.t, A, call.query, call.variables ?? {}, cookie);
          const got = res.errors?.[0]?.extensions?.code as string | undefined;
          const who = `${type}.${name} as ${role ?? 'anonymous'} (${res.errors?.[0]?.message ?? 'ok'})`;
          const allowed =
            row!.allowed === 'public' ||
            (role !== null && (row!.allowed === 'signed-in' || row!.allowed.includes(role)));
          if (allowed)
            expect(
              got === 'FORBIDDEN' || (got === 'UNAUTHENTICATED' && row!.allowed !== 'public'),
              who,
            ).toBe(false);
          else expect(got, who).toBe(role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
        }
      },
    );
  }
});
