/**
 * Errors after which the same call may succeed: the connection was cut, the deadline passed,
 * the node is still starting ("Server Is Not Ready", answered as UNAVAILABLE while
 * /health/live already answers) or is not the leader yet. The client reconnects by itself on
 * the next call; the adapter only waits and calls again (for appends, after looking for its
 * ids, since the write may have committed).
 */
import {
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
} from '@eventstore/db-client';
import { StoreUnavailable } from '../types.ts';

export interface TransientRetry {
  /** Calls in all, the first included. */
  attempts: number;
  /** Backoff: doubles from initialMs up to maxMs. */
  initialMs: number;
  maxMs: number;
}

/** About 30 s in all: long enough for a node's start-up or a leader election. */
export const DEFAULT_TRANSIENT_RETRY: TransientRetry = {
  attempts: 12,
  initialMs: 100,
  maxMs: 5_000,
};

export function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    error instanceof TimeoutError
  );
}

/** Runs `call` again after transient errors (reads, which are safe to repeat); then StoreUnavailable. */
export async function retryTransient<T>(retry: TransientRetry, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isTransient(e)) throw e;
      if (attempt >= retry.attempts) throw new StoreUnavailable(null, e);
      await new Promise((r) =>
        setTimeout(r, Math.min(retry.initialMs * 2 ** (attempt - 1), retry.maxMs)),
      );
    }
  }
}
