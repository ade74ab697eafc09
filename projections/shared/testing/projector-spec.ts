import postgres, { type Sql } from 'postgres';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { DomainEvent } from '../../../domain/shared/decider.ts';
import type { Actor, RecordedEvent } from '../../../eventstore/types.ts';
import { freshDatabase } from '../../../server/testing/db.ts';
import type { Projector } from '../projector.ts';
import { createProjectionSchema, ensureReaderRole } from '../schema.ts';

/**
 * Projector specs on a real PostgreSQL (int tests only):
 *
 *   await projectorSpec(walletProjector).given([requested, approved]).thenRows('wallets', [{ balance: '500.00' }]);
 *
 * Each `given` gets a schema of its own with the projector's tables, and its events are applied
 * twice, as a redelivery would, so every spec also checks that applying is idempotent.
 * `thenRows` compares the table's rows, in the order the projector names for `verify`, on the
 * columns the expected rows name (numeric as text, timestamps as ISO strings).
 */

/** A domain event as a spec gives it; the log's fields have defaults. */
export type GivenEvent = DomainEvent & {
  id?: string;
  streamId?: string;
  tenantId?: string;
  occurredAt?: string;
  actor?: Actor;
};

export const SPEC_TENANT = 'spec-tenant';
export const SPEC_AT = '2026-04-01T10:00:00.000Z';

let database: Promise<Sql> | null = null;
let schemas = 0;

/** The file's database (created at first use); end it in `afterAll(endProjectorSpecs)`. */
function specDatabase(): Promise<Sql> {
  database ??= freshDatabase('spec').then(async (url) => {
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    await ensureReaderRole(sql);
    return sql;
  });
  return database;
}

export async function endProjectorSpecs(): Promise<void> {
  const sql = await database;
  database = null;
  await sql?.end({ timeout: 5 });
}

/** Fills in what the log adds: ids, revisions per stream, positions in order, metadata. */
export function recordedEvents(events: GivenEvent[]): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  return events.map((e, i) => {
    const streamId = e.streamId ?? 'spec-stream';
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    const at = BigInt(i + 1);
    const commandId = `spec-${i + 1}`;
    return {
      id: e.id ?? randomUUID(),
      type: e.type,
      data: e.data,
      streamId,
      revision,
      position: { commit: at, prepare: at },
      hash: `hash-${i + 1}`,
      metadata: {
        tenantId: e.tenantId ?? SPEC_TENANT,
        actor: e.actor ?? { userId: 'system', role: 'system' },
        commandId,
        correlationId: commandId,
        causationId: commandId,
        occurredAt: e.occurredAt ?? SPEC_AT,
        schemaVersion: 1,
      },
    };
  });
}

const shown = (v: unknown): unknown =>
  v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : v;

export function projectorSpec(projector: Projector) {
  return {
    given(events: GivenEvent[]) {
      const recorded = recordedEvents(events);
      let applied: Promise<{ sql: Sql; schema: string }> | null = null;
      const apply = () =>
        (applied ??= (async () => {
          const sql = await specDatabase();
          const schema = `spec_${projector.name}_${++schemas}`;
          await createProjectionSchema(sql, projector, schema);
          const handled = recorded.filter((e) => projector.handles.has(e.type));
          for (let round = 0; round < 2; round++) {
            await sql.begin(async (tx) => {
              await tx.unsafe(`set local search_path to "${schema}"`);
              if (handled.length > 0) await projector.apply(tx, handled);
            });
          }
          return { sql, schema };
        })());
      return {
        /** The events as the projector got them (ids, streams, positions), for expected rows. */
        events: recorded,
        async thenRows(table: string, rows: Record<string, unknown>[]): Promise<void> {
          const { sql, schema } = await apply();
          const known = projector.tables.find((t) => t.name === table);
          if (!known)
            throw new Error(
              `projector ${projector.name} has no table ${table} (it lists ${projector.tables.map((t) => t.name).join(', ')})`,
            );
          const actual = await sql.unsafe(
            `select * from "${schema}"."${table}" order by ${known.orderBy}`,
          );
          const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
          const picked = actual.map((row) =>
            Object.fromEntries(columns.map((c) => [c, shown(row[c])])),
          );
          expect(picked, `rows of ${table}`).toEqual(rows);
        },
      };
    },
  };
}
