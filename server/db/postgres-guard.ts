/**
 * Stopgap for a bug in postgres.js 3.4.9, the newest release (upstream issues porsager/postgres
 * #1066, #1154, #1208; fixes proposed in #1168, #1176, #1209, none released yet).
 *
 * When PostgreSQL goes away while a `sql.begin` transaction is open, the driver sends that
 * transaction's ROLLBACK on the dead connection. Small writes are deferred with `setImmediate`,
 * and the deferred `nextWrite` then calls `socket.write` on the socket `closed()` has already
 * set to null. Thrown from an immediate, that TypeError escapes every `await` and `catch` and ends
 * the process: a PostgreSQL restart would take the whole server down with it (the database-crash
 * suite, server/testing/db-crash.int.test.ts, hits it on most runs).
 *
 * The guard wraps only the driver's deferred writes (its callback is named `nextWrite`) and drops
 * exactly that TypeError; every other error is rethrown unchanged. Nothing acknowledged is lost:
 * `sql.begin` has already rejected with its connection (`onclose`), and the server rolled the
 * transaction back when the connection died. The unsent ROLLBACK is abandoned (so `sql.end` may
 * wait out its timeout for it), and the connection is cleaned up on its next socket (see
 * flushWhenReconnected below).
 *
 * Remove this once a postgres.js release with the fix is installed.
 */

let installed = false;
let dropped = 0;

/** The one error the guard drops: postgres.js writing to a connection that is already closed. */
function isWriteOnClosedConnection(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /reading 'write'|evaluating 'socket\.write'/.test(error.message) &&
    /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '')
  );
}

/** Installs the guard once per process (idempotent). */
export function guardPostgresDeferredWrites(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.setImmediate;
  const guarded = function setImmediate(
    callback: (...args: unknown[]) => void,
    ...args: unknown[]
  ) {
    if (typeof callback !== 'function' || callback.name !== 'nextWrite')
      return original(callback, ...args);
    return original(() => {
      try {
        callback(...args);
      } catch (error) {
        if (!isWriteOnClosedConnection(error)) throw error;
        dropped++;
        flushWhenReconnected(callback);
      }
    });
  };
  // Keeps `util.promisify(setImmediate)` and the function's own properties working.
  Object.defineProperties(guarded, Object.getOwnPropertyDescriptors(original));
  globalThis.setImmediate = guarded as typeof globalThis.setImmediate;
}

/**
 * The failed write leaves its bytes in the connection's buffer and its "flush scheduled" mark
 * set, so the driver would queue every later write of that connection (its next start-up
 * message included) behind a flush that never comes: each reconnection would hang until
 * connect_timeout, about nine times, before the buffer outgrows 1 KB and is flushed. Retrying
 * the flush until the connection has a socket again sends the stale bytes first; the server
 * refuses them as a malformed start-up packet (they cannot be taken for a query) and closes, and
 * the next attempt starts clean: one failed reconnection instead of nine.
 */
function flushWhenReconnected(flush: () => void): void {
  const timer = setInterval(() => {
    try {
      flush();
      clearInterval(timer);
    } catch (error) {
      // Still no socket: try again. Anything else (the buffer was flushed another way meanwhile,
      // so there is nothing left to write) ends this clean-up, which must never throw itself.
      if (!isWriteOnClosedConnection(error)) clearInterval(timer);
    }
  }, 50);
  timer.unref();
}

/** How many writes on closed connections the guard has dropped in this process (for tests and logs). */
export const droppedPostgresWrites = (): number => dropped;
