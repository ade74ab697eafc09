/**
 * `work`, or a rejection naming `what` once `ms` have passed without an answer (the work itself
 * goes on; only the wait ends). For waits on the database that must not last for ever:
 * postgres.js 3.4.9 can leave a query pending across a database restart (porsager/postgres #1186).
 */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
