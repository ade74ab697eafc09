import type { TransactionSql } from 'postgres';
import type { RecordedEvent } from '../../eventstore/types.ts';

/**
 * A read model: its tables (migration), how events change them, and what `verify` compares.
 * Each projector owns one Postgres schema; the runner sets `search_path` to it, so the SQL
 * names tables without a schema and the same code builds the live model or a shadow copy.
 */
export interface Projector {
  /** Short name; the live schema is `rm_<name>`. */
  name: string;
  /** Bump to rebuild into a shadow schema and swap when caught up. */
  version: number;
  /** Event types this projector reads; others only move its checkpoint. */
  handles: ReadonlySet<string>;
  /** Creates the tables in the current search_path (an empty schema). */
  migrate(tx: TransactionSql): Promise<void>;
  /**
   * Applies a batch of events, in order. Must be idempotent: applying a batch twice changes nothing.
   * Batches are large in a rebuild (thousands of events): write each table in one statement,
   * from arrays unnested in the select list (`select unnest($1::uuid[]), unnest($2::text[])`;
   * `from unnest($1, $2)` first copies every row into a tuple store), and pass timestamps as
   * `::text[]::timestamptz[]`: for a `timestamptz[]` parameter the driver parses and reformats
   * every element through a JS Date.
   */
  apply(tx: TransactionSql, events: RecordedEvent[]): Promise<void>;
  /** Tables compared by `verify`, each with a column list that orders its rows totally. */
  tables: { name: string; orderBy: string }[];
}

export const liveSchema = (p: Pick<Projector, 'name'>) => `rm_${p.name}`;

/**
 * Tenant isolation under the resolvers' checks: every read-model table has tenant_id and a
 * policy that shows only the rows of the tenant set for the transaction (`app.tenant_id`).
 * Queries run as the `app_reader` role; the projectors, as table owners, are not bound by it.
 */
export async function enableTenantIsolation(tx: TransactionSql, table: string): Promise<void> {
  await tx.unsafe(`
    alter table ${table} enable row level security;
    create policy tenant_isolation on ${table} for select to app_reader
      using (tenant_id = current_setting('app.tenant_id', true));
    grant select on ${table} to app_reader;
  `);
}
