import type { Sql } from 'postgres';
import type { AutomationLock } from '../../commands/automation/ports.ts';

/**
 * The automation lock across app processes on one database (issue 13, "several app processes
 * on one database"): a session-level advisory lock, `pg_try_advisory_lock(key, hashtext(tenant))`,
 * taken on a connection reserved from the pool for as long as the work runs and released after
 * it (also when it throws). If the process dies or its connection breaks, PostgreSQL ends the
 * session and the lock with it, so a crashed run never blocks the next one. Not obtained (another
 * process, or another run in this one, holds it): `{ ran: false }` at once, nothing run.
 *
 * The lock only saves the second process the work: what the work does is deduplicated by its
 * command ids whether the lock is held or not.
 */

/**
 * The first half of the two-key form: the (int, int) keys live apart from the one-bigint keys
 * the projection CLI takes (`hashtext('projection-cli:…')`).
 */
export const AUTOMATION_LOCK_CLASS = 0x41_55_54_4f; // "AUTO"

export function postgresAutomationLock(sql: Sql): AutomationLock {
  return {
    async exclusive(tenantId, work) {
      const session = await sql.reserve();
      try {
        const [row] = await session`
          select pg_try_advisory_lock(${AUTOMATION_LOCK_CLASS}::int, hashtext(${tenantId})) as ok`;
        if (!row?.ok) return { ran: false };
        try {
          return { ran: true, value: await work() };
        } finally {
          await session`select pg_advisory_unlock(${AUTOMATION_LOCK_CLASS}::int, hashtext(${tenantId}))`;
        }
      } finally {
        session.release();
      }
    },
  };
}
