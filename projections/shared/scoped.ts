import type { Sql, TransactionSql } from 'postgres';

/**
 * Runs read queries as `app_reader` with the tenant set, so row-level security applies. The
 * setting is sent without waiting for its answer: a connection runs its queries in order, so
 * the first query of `fn` goes out in the same round trip and still runs after it.
 */
export function readScoped<T>(
  sql: Sql,
  tenantId: string,
  fn: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  return sql.begin(async (tx) => {
    // Queries are sent when first awaited; execute() sends this one before any query of fn.
    const scoped =
      tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', 'app_reader', true)`.execute();
    const result = fn(tx);
    result.catch(() => {}); // when the setting fails, its error is the one reported
    await scoped;
    return result;
  }) as Promise<T>;
}
