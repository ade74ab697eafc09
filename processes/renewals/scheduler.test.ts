import { describe, expect, it } from 'vitest';
import { automationScheduler, hourOf, slotBegins, type SchedulerPorts } from './scheduler.ts';

/** Which tenants a tick runs, as of which instant, and that one failing tenant stops nothing. */
function world(tenants: { tenantId: string; runEveryHours: number }[], failing: string[] = []) {
  const calls: { tenantId: string; asOf: string }[] = [];
  const logged: string[] = [];
  const ports: SchedulerPorts = {
    tenants: async () => tenants,
    run: async (tenantId, asOf) => {
      calls.push({ tenantId, asOf: asOf.toISOString() });
      if (failing.includes(tenantId)) throw new Error(`${tenantId}: database went away`);
    },
    now: () => new Date('2026-04-01T10:17:00.000Z'),
    log: (msg) => logged.push(msg),
  };
  return { calls, logged, scheduler: automationScheduler(ports) };
}

describe('automation scheduler', () => {
  it('an hour is its first instant', () => {
    expect(hourOf(new Date('2026-04-01T10:59:59.999Z')).toISOString()).toBe(
      '2026-04-01T10:00:00.000Z',
    );
    expect(hourOf(new Date('2026-04-01T11:00:00.000Z')).toISOString()).toBe(
      '2026-04-01T11:00:00.000Z',
    );
  });

  it('slots are counted from the first hour after midnight in India (19:00 UTC)', () => {
    const at = (h: string) => new Date(`2026-04-01T${h}:00:00.000Z`);
    const daily = [...Array(24).keys()].filter((h) =>
      slotBegins(at(String(h).padStart(2, '0')), 24),
    );
    expect(daily).toEqual([19]);
    const sixHourly = [...Array(24).keys()].filter((h) =>
      slotBegins(at(String(h).padStart(2, '0')), 6),
    );
    expect(sixHourly).toEqual([1, 7, 13, 19]);
    expect([...Array(24).keys()].every((h) => slotBegins(at(String(h).padStart(2, '0')), 1))).toBe(
      true,
    );
    expect(slotBegins(at('19'), 0)).toBe(false);
    expect(slotBegins(at('19'), 1.5)).toBe(false);
  });

  it('a tick runs each tenant whose slot begins that hour, as of the hour itself', async () => {
    const w = world([
      { tenantId: 'hourly', runEveryHours: 1 },
      { tenantId: 'daily', runEveryHours: 24 },
      { tenantId: 'six', runEveryHours: 6 },
    ]);
    const r = await w.scheduler.tick(new Date('2026-04-01T13:42:10.000Z'));
    expect(r.hour.toISOString()).toBe('2026-04-01T13:00:00.000Z');
    expect(w.calls).toEqual([
      { tenantId: 'hourly', asOf: '2026-04-01T13:00:00.000Z' },
      { tenantId: 'six', asOf: '2026-04-01T13:00:00.000Z' },
    ]);
    await w.scheduler.tick(new Date('2026-04-01T19:00:00.000Z'));
    expect(w.calls.slice(2).map((c) => c.tenantId)).toEqual(['hourly', 'daily', 'six']);
  });

  it('a tenant whose run fails is logged and reported; the next tenants still run', async () => {
    const w = world(
      [
        { tenantId: 'a', runEveryHours: 1 },
        { tenantId: 'b', runEveryHours: 1 },
        { tenantId: 'c', runEveryHours: 1 },
      ],
      ['b'],
    );
    const r = await w.scheduler.tick(new Date('2026-04-01T10:00:00.000Z'));
    expect(r.runs).toEqual([
      { tenantId: 'a', ok: true },
      { tenantId: 'b', ok: false, error: 'b: database went away' },
      { tenantId: 'c', ok: true },
    ]);
    expect(w.logged).toEqual([
      'scheduled automation run failed; tried again at the next tick this hour',
    ]);
  });

  it('a run that did not go through is tried again at the next tick of the hour; one that did is not', async () => {
    const busy = new Set(['b']);
    const calls: string[] = [];
    const s = automationScheduler({
      tenants: async () => [
        { tenantId: 'a', runEveryHours: 1 },
        { tenantId: 'b', runEveryHours: 1 },
      ],
      run: async (tenantId, asOf) => {
        calls.push(`${tenantId}@${asOf.toISOString().slice(11, 16)}`);
        if (busy.has(tenantId)) throw new Error('a run is in progress');
      },
      now: () => new Date(),
      log: () => {},
    });
    await s.tick(new Date('2026-04-01T10:00:00.000Z'));
    await s.tick(new Date('2026-04-01T10:10:00.000Z'));
    busy.clear();
    expect((await s.tick(new Date('2026-04-01T10:20:00.000Z'))).runs).toEqual([
      { tenantId: 'b', ok: true },
    ]);
    expect((await s.tick(new Date('2026-04-01T10:50:00.000Z'))).runs).toEqual([]);
    // The next hour is another run for both.
    await s.tick(new Date('2026-04-01T11:00:00.000Z'));
    expect(calls).toEqual(['a@10:00', 'b@10:00', 'b@10:00', 'b@10:00', 'a@11:00', 'b@11:00']);
  });

  it('without the tenant list a tick runs nothing and says so', async () => {
    const logged: string[] = [];
    const s = automationScheduler({
      tenants: async () => {
        throw new Error('read model unavailable');
      },
      run: async () => {
        throw new Error('must not run');
      },
      now: () => new Date(),
      log: (m) => logged.push(m),
    });
    expect((await s.tick(new Date('2026-04-01T10:00:00.000Z'))).runs).toEqual([]);
    expect(logged).toEqual(['automation scheduler cannot list the tenants; next hour then']);
  });

  it('started, it ticks the current hour of its clock when asked to, and stops cleanly', async () => {
    const calls: string[] = [];
    const s = automationScheduler(
      {
        tenants: async () => [{ tenantId: 't', runEveryHours: 1 }],
        run: async (_t, asOf) => {
          calls.push(asOf.toISOString());
        },
        now: () => new Date('2026-04-01T10:17:00.000Z'),
        log: () => {},
      },
      { tickOnStart: true },
    );
    expect(s.handles.size).toBe(0);
    await s.start!();
    await s.stop!();
    expect(calls).toEqual(['2026-04-01T10:00:00.000Z']);
  });
});
