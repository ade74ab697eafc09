import type { Sql, TransactionSql } from 'postgres';
import { START, type Position } from '../../eventstore/types.ts';
import type { Projector } from './projector.ts';

/** The role read queries run as, so row-level security applies to them. */
export async function ensureReaderRole(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(7240002)`;
    await tx.unsafe(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'app_reader') then create role app_reader nologin; end if;
    end $$;`);
  });
}

export interface Checkpoint {
  version: number;
  position: Position;
}

/**
 * Serialises every writer of a projector's schema: the live runner, rebuild's swap, verify's
 * snapshot. Several are locked in one round trip, in name order, so two holders never wait on
 * each other in a cycle.
 */
export const lockProjectors = (tx: TransactionSql, names: string[]) =>
  tx`select count(pg_advisory_xact_lock(hashtext('projection:' || name))) from unnest(${[...names].sort()}::text[]) as n(name)`;

export const lockProjector = (tx: TransactionSql, name: string) => lockProjectors(tx, [name]);

export async function readCheckpoint(
  tx: Sql | TransactionSql,
  schema: string,
): Promise<Checkpoint | null> {
  const [exists] =
    await tx`select 1 from information_schema.tables where table_schema = ${schema} and table_name = '_checkpoint'`;
  if (!exists) return null;
  const [row] = await tx.unsafe(
    `select version, commit_position, prepare_position from "${schema}"._checkpoint where id = 1`,
  );
  if (!row) return null;
  return {
    version: Number(row.version),
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
  };
}

export async function writeCheckpoint(
  tx: TransactionSql,
  schema: string,
  version: number,
  position: Position,
): Promise<void> {
  await tx.unsafe(
    `insert into "${schema}"._checkpoint (id, version, commit_position, prepare_position, updated_at) values (1, $1, $2, $3, now())
     on conflict (id) do update set version = excluded.version, commit_position = excluded.commit_position,
       prepare_position = excluded.prepare_position, updated_at = now()`,
    [version, position.commit.toString(), position.prepare.toString()],
  );
}

/** Creates `schema` empty, with the projector's tables and a checkpoint at the start of the log. */
export async function createProjectionSchema(
  sql: Sql,
  p: Projector,
  schema: string,
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe(
      `drop schema if exists "${schema}" cascade; create schema "${schema}"; grant usage on schema "${schema}" to app_reader;`,
    );
    await tx.unsafe(`set local search_path to "${schema}"`);
    await tx.unsafe(`create table _checkpoint (id int primary key check (id = 1), version int not null,
      commit_position bigint not null, prepare_position bigint not null, updated_at timestamptz not null)`);
    await p.migrate(tx);
    await writeCheckpoint(tx, schema, p.version, START);
  });
}
