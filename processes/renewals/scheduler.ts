/**
 * The automation scheduler (issue 13): node-cron in the app process, every ten minutes, runs
 * each tenant's automation whose `runEveryHours` slot begins in the current hour. A tenant's run
 * that went through this hour is not asked for again; one that did not (staff's run held the
 * lock, the database went away) is tried again at the next tick of the same hour, as the same
 * run, so a busy moment never costs a day's renewals. Every app process
 * on the database has one; they all tick the same hour, and the run's id comes from the tenant
 * and the hour (commands/automation/run.ts), so the first to start it does it and the others
 * are refused (by the run stream's expected revision, or by the lock while it runs). The
 * instant each run decides for is the hour itself, not the moment a process got to it, so two
 * processes decide the same.
 *
 * `tick(at)` is what the cron calls with the clock's now; tests call it with any instant.
 */
import { schedule, type ScheduledTask } from 'node-cron';
import type { ProcessManager } from '../invoicing/reactors.ts';

const HOUR_MS = 3_600_000;

export interface SchedulerPorts {
  /** Every tenant with its `runEveryHours` (the read model: the defaults until changed). */
  tenants(): Promise<{ tenantId: string; runEveryHours: number }[]>;
  /** Runs the tenant's scheduled automation (every job) as of `asOf`, the hour it is due. */
  run(tenantId: string, asOf: Date): Promise<unknown>;
  now(): Date;
  log(msg: string, extra?: object): void;
}

export interface TickResult {
  /** The hour ticked (its first instant). */
  hour: Date;
  /** Tenants whose slot began this hour, each with how its run went. */
  runs: { tenantId: string; ok: boolean; error?: string }[];
}

/** The first instant of the hour `at` falls in (hours counted in UTC from the epoch). */
export const hourOf = (at: Date): Date => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/** Whether a tenant running every `hours` hours is due in the hour starting at `hour`. */
export function slotBegins(hour: Date, hours: number): boolean {
  if (!Number.isInteger(hours) || hours < 1) return false;
  // India is 5 h 30 m ahead of UTC: slots are counted from the first full UTC hour after
  // midnight there (19:00 UTC, 00:30 IST), so a daily run falls just after the day changes.
  const index = Math.floor(hour.getTime() / HOUR_MS) + 5;
  return index % hours === 0;
}

export interface AutomationScheduler extends ProcessManager {
  tick(at: Date): Promise<TickResult>;
}

/**
 * A process manager with work of its own and no event types: `start` schedules the cron (with
 * `tickOnStart`, also ticks the current hour at once, so a process started within a due hour
 * catches up; a run already done that hour is not done again), `stop` ends it and waits for a
 * tick in progress.
 */
export function automationScheduler(
  ports: SchedulerPorts,
  options: { cron?: string; tickOnStart?: boolean } = {},
): AutomationScheduler {
  let task: ScheduledTask | null = null;
  let running: Promise<unknown> = Promise.resolve();
  /** The tenants whose run of `doneHour` went through (this process's memory; a run is one anyway). */
  let doneHour = 0;
  const done = new Set<string>();

  async function tick(at: Date): Promise<TickResult> {
    const hour = hourOf(at);
    const runs: TickResult['runs'] = [];
    if (hour.getTime() !== doneHour) {
      doneHour = hour.getTime();
      done.clear();
    }
    let tenants: { tenantId: string; runEveryHours: number }[];
    try {
      tenants = await ports.tenants();
    } catch (e) {
      ports.log('automation scheduler cannot list the tenants; next hour then', {
        err: (e as Error).message,
      });
      return { hour, runs };
    }
    // One tenant after another: each run takes its tenant's lock; one failing never stops the rest.
    for (const t of tenants) {
      if (!slotBegins(hour, t.runEveryHours) || done.has(t.tenantId)) continue;
      try {
        await ports.run(t.tenantId, hour);
        done.add(t.tenantId);
        runs.push({ tenantId: t.tenantId, ok: true });
      } catch (e) {
        const error = (e as Error).message;
        ports.log('scheduled automation run failed; tried again at the next tick this hour', {
          tenantId: t.tenantId,
          err: error,
        });
        runs.push({ tenantId: t.tenantId, ok: false, error });
      }
    }
    return { hour, runs };
  }

  const tickNow = () => {
    const next = running.then(() => tick(ports.now()));
    running = next.catch(() => {});
    return next;
  };

  return {
    name: 'automation.scheduler',
    handles: new Set(),
    async react() {
      // No event types: the ReactorRunner opens no subscription for it.
    },
    tick,
    async start() {
      task = schedule(options.cron ?? '*/10 * * * *', () => tickNow(), {
        name: 'automation-scheduler',
        noOverlap: true,
      });
      if (options.tickOnStart) void tickNow();
    },
    async stop() {
      await task?.destroy();
      task = null;
      await running;
    },
  };
}
