import type { Sql } from 'postgres';

/** Whether the database answers a query at all (the health probe); rejects when it does not. */
export async function pingDatabase(sql: Sql): Promise<void> {
  await sql`select 1`;
}
