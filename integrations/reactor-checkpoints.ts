import type { Sql } from 'postgres';
import { START, type Position } from '../eventstore/types.ts';

/**
 * Where each reactor keeps the position it has reacted up to. Operational state, not a read
 * model: it is never rebuilt from the log (that would replay every reaction), so it lives
 * beside the reactors rather than in projections/ (an exception in tooling/lint/sql.js).
 */
export interface ReactorCheckpoints {
  prepare(): Promise<void>;
  read(name: string): Promise<Position>;
  save(name: string, position: Position): Promise<void>;
  /** Sets the checkpoint of a reactor that has none yet; one it has stays. */
  begin(name: string, position: Position): Promise<void>;
}

/** Checkpoints in the reactors.checkpoints table. */
export function postgresReactorCheckpoints(sql: Sql): ReactorCheckpoints {
  return {
    async prepare() {
      await sql.unsafe(`create schema if not exists reactors;
      create table if not exists reactors.checkpoints (name text primary key, commit_position bigint not null, prepare_position bigint not null)`);
    },
    async read(name) {
      const [row] =
        await sql`select commit_position, prepare_position from reactors.checkpoints where name = ${name}`;
      return row
        ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) }
        : START;
    },
    async save(name, last) {
      await sql`
            insert into reactors.checkpoints (name, commit_position, prepare_position)
            values (${name}, ${last.commit.toString()}, ${last.prepare.toString()})
            on conflict (name) do update set commit_position = excluded.commit_position, prepare_position = excluded.prepare_position`;
    },
    async begin(name, at) {
      await sql`
            insert into reactors.checkpoints (name, commit_position, prepare_position)
            values (${name}, ${at.commit.toString()}, ${at.prepare.toString()})
            on conflict (name) do nothing`;
    },
  };
}
