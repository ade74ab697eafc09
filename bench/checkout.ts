import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, type Server } from './reads.ts';
import type { BenchRow } from './report.ts';

export interface CheckoutConfig {
  url: string;
  rounds: number;
  /** Seconds per measured round (each kind). */
  seconds: number;
  /** Checkouts (and top-ups) started per second, whatever the answers' speed (open loop). */
  rate: number;
  log: (line: string) => void;
}

const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { invoice { id status number total } } }`;
const PAY = `mutation($input: PayInvoiceFromWalletInput!) { payInvoiceFromWallet(input: $input) { id status number } }`;
const INVOICE = `query($id: ID!) { invoice(id: $id) { id status number } }`;
const TOP_UP = `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id status } }`;

/** An order costs ₹3,283.99 (VPS Pro monthly, cPanel/WHM, Daily Backup, 18 % GST); funded with room. */
const RUPEES_PER_CHECKOUT = 4000;
const WARM_UP = 8;
/** How long a checkout may wait for its invoice to read as numbered before it counts as failed. */
const READ_TIMEOUT_MS = 30_000;

interface InvoiceView {
  id: string;
  status: string;
  number: string | null;
}

async function gql<T>(
  server: Server,
  cookie: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!res.ok || body.errors?.length || !body.data)
    throw new Error(
      `HTTP ${res.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`,
    );
  return body.data;
}

/** Paid in full and numbered: what the customer's billing page shows as their tax invoice. */
const readsAsPaid = (i: InvoiceView) =>
  (i.status === 'TAX_INVOICE' || i.status === 'PAID') && !!i.number;

interface CheckoutTiming {
  placeMs: number;
  payMs: number;
  /** invoice(id) queries after the payment's answer until it read as paid (0: the answer did). */
  polls: number;
}

/**
 * One checkout of one customer: placeOrder (pay LATER), then payInvoiceFromWallet, then, unless
 * the payment's answer (read back after the read models caught up) already shows the numbered
 * tax invoice, invoice(id) until it does.
 */
async function checkoutOnce(
  server: Server,
  cookie: string,
  items: unknown[],
  hostname: string,
): Promise<CheckoutTiming> {
  const t0 = performance.now();
  const placed = await gql<{ placeOrder: { invoice: InvoiceView } }>(server, cookie, PLACE, {
    input: {
      commandId: randomUUID(),
      items: items.map((i) => ({ ...(i as object), hostname })),
      pay: 'LATER',
    },
  });
  const invoiceId = placed.placeOrder.invoice.id;
  const t1 = performance.now();
  let invoice = (
    await gql<{ payInvoiceFromWallet: InvoiceView }>(server, cookie, PAY, {
      input: { commandId: randomUUID(), invoiceId },
    })
  ).payInvoiceFromWallet;
  const t2 = performance.now();
  let polls = 0;
  while (!readsAsPaid(invoice)) {
    if (performance.now() - t2 > READ_TIMEOUT_MS)
      throw new Error(`invoice ${invoiceId} still reads ${invoice.status} after the payment`);
    await sleep(2);
    polls++;
    invoice = (await gql<{ invoice: InvoiceView }>(server, cookie, INVOICE, { id: invoiceId }))
      .invoice;
  }
  return { placeMs: t1 - t0, payMs: t2 - t1, polls };
}

async function topUpOnce(server: Server, cookie: string): Promise<void> {
  const r = await gql<{ requestTopUp: { status: string } }>(server, cookie, TOP_UP, {
    input: {
      commandId: randomUUID(),
      amount: '150.00',
      method: 'BANK_TRANSFER',
      reference: 'UTR-W2R',
      proof: { fileName: 'p.png', contentType: 'image/png', base64: server.proof },
    },
  });
  if (r.requestTopUp.status !== 'PENDING')
    throw new Error(`the top-up reads ${r.requestTopUp.status}`);
}

interface RateRun<T> {
  /** Milliseconds from each operation's start to its end, sorted. */
  latencies: number[];
  values: T[];
  failures: string[];
  /** Operations completed per second over the whole run (its tail included). */
  served: number;
  /** The latest an operation started after its slot (the generator keeping up). */
  maxStartLagMs: number;
}

/**
 * Starts `op` `rate` times a second for `seconds` seconds, each on its own slot whether or not
 * the earlier ones have answered (an open loop, so a slow answer does not slow the arrivals),
 * and times each from its start to its end.
 */
async function atFixedRate<T>(
  rate: number,
  seconds: number,
  op: (i: number) => Promise<T>,
): Promise<RateRun<T>> {
  const n = Math.max(1, Math.round(rate * seconds));
  const started = performance.now();
  let maxStartLagMs = 0;
  const runs: Promise<{ ms: number; value?: T; error?: string }>[] = [];
  for (let i = 0; i < n; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0.5) await sleep(wait);
    const t = performance.now();
    maxStartLagMs = Math.max(maxStartLagMs, t - due);
    runs.push(
      op(i).then(
        (value) => ({ ms: performance.now() - t, value }),
        (e: unknown) => ({ ms: performance.now() - t, error: (e as Error).message }),
      ),
    );
  }
  const done = await Promise.all(runs);
  const elapsed = (performance.now() - started) / 1000;
  const ok = done.filter((d) => d.error === undefined);
  return {
    latencies: ok.map((d) => d.ms).sort((a, b) => a - b),
    values: ok.map((d) => d.value as T),
    failures: done.flatMap((d) => (d.error === undefined ? [] : [d.error])),
    served: ok.length / elapsed,
    maxStartLagMs,
  };
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
const round1 = (x: number) => Math.round(x * 10) / 10;
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Issue 11's checkout figure: a customer with a funded wallet places an order (VPS Pro monthly
 * with cPanel/WHM and Daily Backup, pay later) and pays its invoice from the wallet, timed from
 * the start of placeOrder until the invoice reads as a numbered tax invoice, at a fixed rate of
 * checkouts a second, p50 and p99. Its baseline, measured in the same server in the same
 * rounds, at the same rate and by the same load generator: the top-up write-to-read of issue 5
 * (requestTopUp until readable). The customers are the 32 writers of the reads benchmark, taken
 * in turn, each with a Maharashtra billing address (CGST + SGST) and funds for its share.
 */
export async function benchCheckout(
  cfg: CheckoutConfig,
): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const checkouts = WARM_UP + cfg.rounds * Math.round(cfg.rate * cfg.seconds);
  const writers = 32;
  const funds = (Math.ceil(checkouts / writers) + 2) * RUPEES_PER_CHECKOUT;
  cfg.log(
    `  starting the platform with 32 customers funded ₹${funds.toLocaleString('en-IN')} each`,
  );
  const server = await startServer(cfg.url, {
    BENCH_LEDGER_ENTRIES: '0',
    BENCH_CHECKOUT_FUNDS: String(funds),
  });
  try {
    const items = server.checkout?.items;
    if (!items) throw new Error('the bench server did not seed the checkout customers');
    let turn = 0;
    const nextCookie = () => server.writerCookies[turn++ % server.writerCookies.length]!;
    let host = 0;
    const checkout = () => checkoutOnce(server, nextCookie(), items, `web${++host}.bench.example`);
    const topUp = () => topUpOnce(server, nextCookie());

    // Warm up both paths (the GraphQL queries compile after their first runs); the second half,
    // one at a time, tells a checkout's own cost from the queueing at the fixed rate.
    const alone: number[] = [];
    for (let i = 0; i < WARM_UP; i++) {
      const t = performance.now();
      await checkout();
      if (i >= WARM_UP / 2) alone.push(performance.now() - t);
      await topUp();
    }
    alone.sort((a, b) => a - b);

    const p50: number[] = [];
    const p99: number[] = [];
    const topUpP50: number[] = [];
    const topUpP99: number[] = [];
    const placeShare: number[] = [];
    const polled: number[] = [];
    const served: number[] = [];
    const lag: number[] = [];
    for (let r = 0; r < cfg.rounds; r++) {
      const t = await atFixedRate(cfg.rate, cfg.seconds, topUp);
      const c = await atFixedRate(cfg.rate, cfg.seconds, checkout);
      const failures = [...t.failures, ...c.failures];
      if (failures.length > 0)
        throw new Error(
          `checkout round ${r + 1}: ${c.failures.length} checkouts and ${t.failures.length} top-ups failed (first: ${failures[0]})`,
        );
      p50.push(round1(percentile(c.latencies, 0.5)));
      p99.push(round1(percentile(c.latencies, 0.99)));
      topUpP50.push(round1(percentile(t.latencies, 0.5)));
      topUpP99.push(round1(percentile(t.latencies, 0.99)));
      placeShare.push(
        avg(c.values.map((v) => v.placeMs)) / avg(c.values.map((v) => v.placeMs + v.payMs)),
      );
      polled.push(c.values.filter((v) => v.polls > 0).length / c.values.length);
      served.push(c.served);
      lag.push(Math.max(c.maxStartLagMs, t.maxStartLagMs));
      cfg.log(
        `  round ${r + 1} at ${cfg.rate}/s: checkout p50 ${p50[r]} ms, p99 ${p99[r]} ms (${c.served.toFixed(1)} served/s, placeOrder ${(placeShare[r]! * 100).toFixed(0)}% of the mutations' time, ${c.values.filter((v) => v.polls > 0).length} of ${c.values.length} needed invoice(id) after the payment); top-up write to read p50 ${topUpP50[r]} ms, p99 ${topUpP99[r]} ms`,
      );
    }
    const details = {
      'checkouts per round': Math.round(cfg.rate * cfg.seconds),
      'GraphQL requests per checkout (without polls)': 2,
      "placeOrder's share of the two mutations' time": avg(placeShare),
      'share of checkouts whose payment answer was not yet numbered (polled invoice(id))':
        avg(polled),
      'checkouts completed per second': avg(served),
      'median checkout alone (one at a time, after warm-up), ms': percentile(alone, 0.5),
      'latest start behind its slot, ms': Math.max(...lag),
    };
    return {
      rows: [
        {
          name: `Checkout (placeOrder + payInvoiceFromWallet until the invoice reads as a numbered tax invoice), p50 at ${cfg.rate} checkouts/s`,
          unit: 'ms',
          rounds: p50,
          baseline: {
            name: `top-up write to read (requestTopUp until readable), p50 at ${cfg.rate} commands/s, same server and rounds`,
            rounds: topUpP50,
          },
          details,
        },
        {
          name: `Checkout, p99 at ${cfg.rate} checkouts/s`,
          unit: 'ms',
          rounds: p99,
          baseline: {
            name: `top-up write to read p99 at ${cfg.rate} commands/s, same server and rounds`,
            rounds: topUpP99,
          },
        },
      ],
      notes: [
        `Checkout: ${cfg.rate} checkouts/s started on a fixed schedule (an open loop with fetch from the bench process; the platform in its own process, as for the reads), ${cfg.seconds} s a round, each by the next of 32 funded customers; timed from the start of placeOrder (pay LATER) through payInvoiceFromWallet until the invoice reads TAX_INVOICE (or PAID) with its number. For these latency rows the ratio is checkout ÷ top-up: above 1 means the checkout takes longer (two mutations, several streams and the tenant's invoice series against one command).`,
      ],
    };
  } finally {
    server.stop();
  }
}
