import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../server/testing/db.ts';
import { postgresAutomationLock } from './lock-postgres.ts';

/**
 * Two app processes on one database, as two connection pools: while one holds a tenant's
 * automation lock the other is turned away at once (another tenant is not), and the lock is free
 * again once the work ends, returns or throws, or its session dies.
 */
let url: string;
let one: Sql;
let two: Sql;

beforeAll(async () => {
  url = await freshDatabase('lock');
  one = postgres(url, { max: 3, onnotice: () => {} });
  two = postgres(url, { max: 3, onnotice: () => {} });
});
afterAll(async () => {
  await one?.end({ timeout: 5 });
  await two?.end({ timeout: 5 });
});

/** A promise and its resolve, to hold work open while the other process tries. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

const heldLocks = async (sql: Sql) =>
  (await sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted`)[0]!
    .n as number;

describe('postgres automation lock', () => {
  it('one process at a time per tenant; the other is told at once and runs nothing', async () => {
    const a = postgresAutomationLock(one);
    const b = postgresAutomationLock(two);
    const g = gate();
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const first = a.exclusive('tenant-1', async () => {
      entered();
      await g.opened;
      return 'first';
    });
    await inside;
    let ranSecond = false;
    expect(
      await b.exclusive('tenant-1', async () => {
        ranSecond = true;
        return 'second';
      }),
    ).toEqual({ ran: false });
    expect(ranSecond).toBe(false);
    // The same process's second run of the tenant is turned away too (its own connection).
    expect(await a.exclusive('tenant-1', async () => 'again')).toEqual({ ran: false });
    // Another tenant is not held up.
    expect(await b.exclusive('tenant-2', async () => 'other')).toEqual({
      ran: true,
      value: 'other',
    });
    g.open();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(await b.exclusive('tenant-1', async () => 'after')).toEqual({
      ran: true,
      value: 'after',
    });
    expect(await heldLocks(one)).toBe(0);
  });

  it('work that throws releases the lock and its error reaches the caller', async () => {
    const a = postgresAutomationLock(one);
    const b = postgresAutomationLock(two);
    await expect(
      a.exclusive('tenant-3', async () => {
        throw new Error('module unreachable');
      }),
    ).rejects.toThrow('module unreachable');
    expect(await b.exclusive('tenant-3', async () => 1)).toEqual({ ran: true, value: 1 });
    expect(await heldLocks(one)).toBe(0);
  });

  it('a process that dies holding the lock leaves it free (its session ends)', async () => {
    const doomed = postgres(url, { max: 1, onnotice: () => {} });
    const a = postgresAutomationLock(doomed);
    const b = postgresAutomationLock(two);
    const g = gate();
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const held = a.exclusive('tenant-4', async () => {
      entered();
      await g.opened;
    });
    await inside;
    expect(await b.exclusive('tenant-4', async () => 1)).toEqual({ ran: false });
    // The holder's backend is killed, as when its process or host goes away.
    await two`select pg_terminate_backend(pid) from pg_locks
      where locktype = 'advisory' and granted and pid <> pg_backend_pid()`;
    g.open();
    await held.catch(() => {});
    await doomed.end({ timeout: 1 }).catch(() => {});
    expect(await b.exclusive('tenant-4', async () => 2)).toEqual({ ran: true, value: 2 });
  });
});
