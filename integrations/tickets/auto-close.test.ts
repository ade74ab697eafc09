import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sql } from 'postgres';
import { ticketAutoCloser } from './auto-close.ts';

const HOUR = 60 * 60 * 1000;
const deps = { store: {} as never, now: () => new Date() };
const sql = {} as Sql;

afterEach(() => vi.useRealTimers());

describe('the ticket auto-close timer', () => {
  it('sweeps once an hour while started, and not after its stop', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn(async () => {});
    const closer = ticketAutoCloser(deps, sql, { schedule: true, log: () => {} }, sweep);
    await closer.start!();
    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(sweep).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(sweep).toHaveBeenCalledTimes(1);
    expect(sweep).toHaveBeenCalledWith(deps, sql);
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(sweep).toHaveBeenCalledTimes(3);
    await closer.stop!();
    await vi.advanceTimersByTimeAsync(5 * HOUR);
    expect(sweep).toHaveBeenCalledTimes(3);
  });

  it('runs no timer where the platform runs no schedulers', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn(async () => {});
    const closer = ticketAutoCloser(deps, sql, { schedule: false, log: () => {} }, sweep);
    await closer.start!();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(sweep).not.toHaveBeenCalled();
  });

  it('a failed sweep is logged and the next hour sweeps again', async () => {
    vi.useFakeTimers();
    const logged: string[] = [];
    const sweep = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new Error('database unreachable'))
      .mockResolvedValue(undefined);
    const closer = ticketAutoCloser(
      deps,
      sql,
      { schedule: true, log: (m, e) => logged.push(`${m} ${JSON.stringify(e)}`) },
      sweep,
    );
    await closer.start!();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(logged).toEqual([
      'ticket auto-close sweep failed {"error":"Error: database unreachable"}',
    ]);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(sweep).toHaveBeenCalledTimes(2);
    expect(logged).toHaveLength(1);
    await closer.stop!();
  });
});
