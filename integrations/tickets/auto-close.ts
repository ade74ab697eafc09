import type { Sql } from 'postgres';
import { autoCloseTickets } from '../../commands/tickets/auto-close.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import { answeredTickets } from '../../projections/tickets/queries.ts';
import type { Reactor } from '../reactor.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * One sweep: every Answered ticket the read model holds goes to the auto-close command, which
 * closes those whose last staff reply is the tenant's autoCloseDays old by the injected clock
 * (deterministic command ids: two processes sweeping at once close each ticket once).
 */
export async function sweepAutoClose(deps: CommandDeps, sql: Sql) {
  return autoCloseTickets(deps, await answeredTickets(sql));
}

/**
 * The hourly timer (only where the platform runs schedulers; test suites call sweepAutoClose).
 * `sweep` is the sweep it runs (replaced in its spec).
 */
export function ticketAutoCloser(
  deps: CommandDeps,
  sql: Sql,
  opts: { schedule: boolean; log: (msg: string, extra?: object) => void },
  sweep: (deps: CommandDeps, sql: Sql) => Promise<unknown> = sweepAutoClose,
): Reactor {
  let timer: NodeJS.Timeout | null = null;
  return {
    name: 'tickets.auto-close',
    handles: new Set(),
    firstStart: 'HEAD',
    async react() {},
    async start() {
      if (!opts.schedule) return;
      timer = setInterval(() => {
        sweep(deps, sql).catch((e: unknown) =>
          opts.log('ticket auto-close sweep failed', { error: String(e) }),
        );
      }, HOUR_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
