import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../server/testing/db.ts';
import { postgresLease } from './leases.ts';

/** Two app processes on one database, as two pools, asking for one lease. */
let one: Sql;
let two: Sql;
beforeAll(async () => {
  const url = await freshDatabase('lease');
  one = postgres(url, { max: 2, onnotice: () => {} });
  two = postgres(url, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await one?.end({ timeout: 5 });
  await two?.end({ timeout: 5 });
});

/** The lease runs out as if its holder had stopped renewing it (the database's clock moved on). */
const lapse = (name: string) =>
  one`update reactors.leases set expires_at = now() - interval '1 millisecond' where name = ${name}`;

describe('a lease', () => {
  it('one holder at a time; it renews, gives it back, and the other takes it at once', async () => {
    const a = postgresLease(one, 'sender', 30_000);
    const b = postgresLease(two, 'sender', 30_000);
    expect(await a.take()).toBe(true);
    expect(await b.take()).toBe(false);
    expect(await a.take()).toBe(true); // a renewal
    expect(await b.take()).toBe(false);
    // Another name is another lease.
    expect(await postgresLease(two, 'other', 30_000).take()).toBe(true);
    await b.give(); // not its lease: nothing changes
    expect(await b.take()).toBe(false);
    await a.give();
    expect(await b.take()).toBe(true);
    expect(await a.take()).toBe(false);
  });

  it('lapses when its holder stops renewing, and the renewal pushes the end out', async () => {
    const a = postgresLease(one, 'lapsing', 30_000);
    const b = postgresLease(two, 'lapsing', 30_000);
    expect(await a.take()).toBe(true);
    const [before] = await one`select expires_at from reactors.leases where name = 'lapsing'`;
    const end = (before!.expires_at as Date).getTime();
    const [{ now }] = (await one`select now()`) as unknown as [{ now: Date }];
    expect(end - now.getTime()).toBeGreaterThan(29_000);
    expect(end - now.getTime()).toBeLessThanOrEqual(30_000);
    await lapse('lapsing');
    expect(await b.take()).toBe(true);
    expect(await a.take()).toBe(false); // the old holder learns it lost the lease
  });

  it('refuses a lease shorter than a second', () => {
    expect(() => postgresLease(one, 'x', 999)).toThrow('at least a second');
  });
});
