/**
 * A small progress renderer for long CLI jobs (rebuild, verify). On a terminal it redraws one
 * line in place (`\r`, throttled so a fast loop does not flood the terminal); in a pipe or a log
 * file it prints a plain line now and then instead, since `\r` there only makes noise.
 */

/** Where progress goes: process.stderr, or a fake in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** Printed before the bar, e.g. `rebuild wallet`. */
  label: string;
  /** Expected number of events; grows if more arrive while the job runs. */
  total: number;
  stream?: ProgressStream;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
  /** Least time between two renders: default 100 ms on a terminal, 2 s otherwise. */
  intervalMs?: number;
  /** Characters inside the brackets. */
  width?: number;
}

export interface Progress {
  /** Reports `done` events so far; renders only when the interval has passed. */
  update(done: number): void;
  /** Renders the final state (always) and ends the line. */
  finish(done?: number): void;
}

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

/** Rates are estimates: three significant digits are all that mean anything (18,437 → 18,400). */
function roughly(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return '0';
  return grouped(rate >= 100 ? Number(rate.toPrecision(3)) : rate);
}

/** `[#####-----] 52% 52,000/100,000 events 18,400 ev/s` */
export function formatProgress(done: number, total: number, perSecond: number, width = 10): string {
  const all = Math.max(total, done);
  const fraction = all === 0 ? 1 : done / all;
  const filled = Math.min(width, Math.floor(fraction * width));
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  return `[${bar}] ${Math.floor(fraction * 100)}% ${grouped(done)}/${grouped(all)} events ${roughly(perSecond)} ev/s`;
}

export function createProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  const now = opts.now ?? (() => performance.now());
  const interval = opts.intervalMs ?? (tty ? 100 : 2000);
  const started = now();
  // A terminal shows the bar at once; a log gets its first line only once the job takes a while.
  let lastRender = tty ? -Infinity : started;
  let done = 0;
  let finished = false;

  const line = () => {
    const seconds = (now() - started) / 1000;
    return `${opts.label} ${formatProgress(done, opts.total, seconds > 0 ? done / seconds : 0, opts.width)}`;
  };
  // `\x1b[K` clears what a longer previous line left to the right of the cursor.
  const render = (last: boolean) =>
    stream.write(tty ? `\r${line()}\x1b[K${last ? '\n' : ''}` : `${line()}\n`);

  return {
    update(n) {
      if (finished) return;
      done = n;
      const t = now();
      if (t - lastRender < interval) return;
      lastRender = t;
      render(false);
    },
    finish(n) {
      if (finished) return;
      finished = true;
      if (n !== undefined) done = n;
      render(true);
    },
  };
}
