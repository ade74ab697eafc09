import postgres, { type Sql } from 'postgres';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../testing/db.ts';
import { bootstrap, ensureUser } from '../bootstrap.ts';
import { DEMO_PROOF_PNG } from '../demo.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import { positionToString, type EventStore, type Position } from '../../eventstore/types.ts';
import { approveTopUp, requestTopUp } from '../../commands/wallet/top-ups.ts';
import { debitWallet, reverseDebit } from '../../commands/wallet/payments.ts';
import { permissions as catalog } from '../areas/index.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { allProjectors } from '../areas/index.ts';
import { walletProjector } from '../../projections/wallet/projector.ts';
import { ProjectionRunner } from '../../projections/shared/runner.ts';
import { createProgress, formatProgress } from './progress.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
// What `npx tsx` resolves to, without npx's start-up and its notices on stderr.
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

let url: string;
let sql: Sql;
let store: EventStore & { sql: Sql };
let customerId: string;
let lastPayment: { paymentId: string; position: Position };

/** Runs the CLI as a child process against the test database; bounded by a kill timer. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['server/cli/projections.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, EVENTSTORE_URL: '', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The cells of the status table's row for one read model. */
const statusRow = (stdout: string, name: string) =>
  stdout
    .split('\n')
    .find((l) => l.startsWith(`${name} `))
    ?.split(/\s{2,}/) ?? [];

beforeAll(async () => {
  url = await freshDatabase('cli');
  store = await createPostgresEventStore(url, { poolSize: 2 });
  sql = postgres(url, { max: 4, types: { bigint: postgres.BigInt }, onnotice: () => {} });
  const owners = new Map<string, string>();
  const deps = {
    store,
    now: () => new Date(),
    bcryptCost: 4,
    maxUploadBytes: 1 << 20,
    files: {
      put: async (_t: string, b: Buffer) => createHash('sha256').update(b).digest('hex'),
      get: async () => null,
    },
    findTopUpOwner: async (_t: string, id: string) => owners.get(id) ?? null,
  };
  await bootstrap(deps, {
    adminEmail: 'admin@akashone.test',
    adminPassword: 'correct horse battery staple',
  });
  const c = (await ensureUser(deps, 'test:cli:customer', {
    email: 'cli@example.test',
    name: 'CLI Customer',
    role: 'customer',
    password: 'a long enough password',
  }))!;
  customerId = c.userId;
  const asCustomer = (commandId: string) => ({
    tenantId: OPERATOR_TENANT_ID,
    actor: { userId: customerId, role: 'customer' },
    commandId,
  });
  const proof = { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
  const asked = await requestTopUp(deps, asCustomer('cli:topup-1'), {
    amount: '1500.00',
    method: 'BANK_TRANSFER',
    reference: 'NEFT-CLI-1',
    proof,
  });
  owners.set(asked.topUpId, customerId);
  const admin = {
    tenantId: OPERATOR_TENANT_ID,
    actor: { userId: 'cli-admin', role: 'admin' },
    commandId: 'cli:approve-1',
    permissions: catalog.permissionsOf('tenant_admin'),
  };
  await approveTopUp(deps, admin, { topUpId: asked.topUpId });
  const paid = await debitWallet(deps, asCustomer('cli:pay-1'), {
    customerId,
    amount: '400.00',
    description: 'Invoice PRO-1',
  });
  lastPayment = { paymentId: paid.paymentId, position: paid.position! };
  // The live read models, as a server would have left them.
  const runner = new ProjectionRunner(sql, store, allProjectors);
  await runner.start();
  try {
    expect(await runner.waitFor(await store.headPosition(), 30_000)).toBe(true);
  } finally {
    await runner.stop();
  }
});

afterAll(async () => {
  await store?.close();
  await sql?.end({ timeout: 5 });
});

describe('progress rendering', () => {
  it('formats a bar, a percentage, counts and a rounded rate', () => {
    expect(formatProgress(52_000, 100_000, 18_437)).toBe(
      '[#####-----] 52% 52,000/100,000 events 18,400 ev/s',
    );
    expect(formatProgress(0, 0, 0)).toBe('[##########] 100% 0/0 events 0 ev/s');
    expect(formatProgress(120, 100, 40)).toBe('[##########] 100% 120/120 events 40 ev/s');
  });

  it('redraws one line in place on a terminal, throttled, and ends it on finish', () => {
    const writes: string[] = [];
    let t = 0;
    const p = createProgress({
      label: 'rebuild wallet',
      total: 100,
      stream: { isTTY: true, write: (s) => writes.push(s) },
      now: () => t,
    });
    t = 10;
    p.update(10);
    t = 50;
    p.update(20); // within 100 ms of the last render: skipped
    t = 200;
    p.update(40);
    p.finish(100);
    expect(writes).toHaveLength(3);
    expect(writes.every((w) => w.startsWith('\r') && w.includes('\x1b[K'))).toBe(true);
    expect(writes[1]).toContain('rebuild wallet [####------] 40% 40/100 events 200 ev/s');
    expect(writes[2]!.endsWith('\n')).toBe(true);
  });

  it('prints plain lines now and then when not on a terminal', () => {
    const writes: string[] = [];
    let t = 0;
    const p = createProgress({
      label: 'verify mail',
      total: 10,
      stream: { write: (s) => writes.push(s) },
      now: () => t,
    });
    for (t = 0; t < 3000; t += 100) p.update(Math.floor(t / 300));
    p.finish(10);
    expect(writes.length).toBe(2); // once 2 s have passed, and the final line
    expect(writes[0]).toMatch(/^verify mail \[######----\] 60% 6\/10 events/);
    expect(writes.every((w) => !w.includes('\r') && w.endsWith('\n'))).toBe(true);
    expect(writes[1]).toMatch(/^verify mail \[#{10}\] 100% 10\/10 events/);
  });
});

describe('npm run projections', () => {
  it('explains itself, and refuses unknown commands and read models with exit status 2', async () => {
    const [help, unknown, missing, command] = await Promise.all([
      cli('--help'),
      cli('verify', 'nope'),
      cli('rebuild'),
      cli('frobnicate'),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('rebuild <name>|--all');
    const names = allProjectors.map((p) => p.name).join(', ');
    expect(help.stdout).toContain(`Read models: ${names}`);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`unknown projector "nope" (known: ${names})`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('rebuild needs a read model name');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "frobnicate"');
  });

  it('status shows versions, checkpoints, the head and the lag in events', async () => {
    const head = positionToString(await store.headPosition());
    const fresh = await cli('status');
    expect(fresh.code).toBe(0);
    for (const p of allProjectors)
      expect(statusRow(fresh.stdout, p.name)).toEqual([
        p.name,
        `v${p.version}`,
        `v${p.version}`,
        head,
        head,
        '0 events',
        'up to date',
      ]);

    // Two events the read models have not seen (no runner is live).
    const reversed = await reverseDebit(
      { store, now: () => new Date() },
      {
        tenantId: OPERATOR_TENANT_ID,
        actor: { userId: 'system', role: 'system' },
        commandId: 'cli:reverse-1',
      },
      { customerId, paymentId: lastPayment.paymentId, reason: 'Order cancelled' },
    );
    await debitWallet(
      { store, now: () => new Date() },
      {
        tenantId: OPERATOR_TENANT_ID,
        actor: { userId: customerId, role: 'customer' },
        commandId: 'cli:pay-2',
      },
      { customerId, amount: '10.00', description: 'Invoice PRO-2' },
    );
    expect(reversed.position).not.toBeNull();
    const behind = await cli('status', 'wallet');
    expect(behind.code).toBe(0);
    expect(statusRow(behind.stdout, 'wallet')).toEqual([
      'wallet',
      `v${walletProjector.version}`,
      `v${walletProjector.version}`,
      head,
      positionToString(await store.headPosition()),
      '2 events',
      'behind the log',
    ]);
    expect(statusRow(behind.stdout, 'identity')).toEqual([]);
  });

  it('verify passes on untouched read models and exits 1 naming the row changed by hand', async () => {
    const clean = await cli('verify', '--all');
    expect(clean.code).toBe(0);
    for (const p of allProjectors)
      expect(clean.stdout).toContain(`verify ${p.name}: no differences`);
    expect(clean.stderr).toMatch(/verify wallet \[#{10}\] 100% \d+\/\d+ events/);

    await sql`update rm_wallet.wallets set balance = 999999 where customer_id = ${customerId}`;
    const drift = await cli('verify', 'wallet');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/verify wallet: 1 of 4 tables differ at position \d+\n/);
    expect(drift.stdout).toContain(
      'wallets: 1 live row(s) not in the rebuild, 1 rebuilt row(s) not in live',
    );
    expect(drift.stdout).toContain(
      `customer_id="${customerId}": balance is 999999 live, 1100 rebuilt`,
    );
  });

  it('rebuild swaps in a fresh schema that repairs the drift and catches up with the log', async () => {
    const rebuilt = await cli('rebuild', 'wallet');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(
      /rebuilt wallet \(v\d+\) from \d+ events in [\d.]+ s; checkpoint \d+/,
    );
    expect(rebuilt.stderr).toMatch(/rebuild wallet \[#{10}\] 100% (\d+)\/\1 events/);

    const [after] =
      await sql`select balance::text from rm_wallet.wallets where customer_id = ${customerId}`;
    expect(after!.balance).toBe('1490.00'); // 1500 − 400 + 400 reversed − 10
    expect((await cli('verify', 'wallet')).code).toBe(0);
    expect(statusRow((await cli('status', 'wallet')).stdout, 'wallet').slice(5)).toEqual([
      '0 events',
      'up to date',
    ]);
  });

  it('a missing live schema is reported by status and verify, and rebuild creates it', async () => {
    await sql.unsafe('drop schema rm_mail cascade');
    const status = await cli('status', 'mail');
    expect(statusRow(status.stdout, 'mail').slice(2, 4)).toEqual(['-', '-']);
    expect(status.stdout).toContain('no live schema yet');
    const verify = await cli('verify', 'mail');
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain('verify mail: there is no live schema to compare');
    expect((await cli('rebuild', 'mail')).code).toBe(0);
    expect((await cli('verify', 'mail')).code).toBe(0);
  });

  it('rebuild --all builds every read model in one pass over the log', async () => {
    const total = (await sql`select count(*)::int as n from eventlog.events`)[0]!.n as number;
    const rebuilt = await cli('rebuild', '--all');
    expect(rebuilt.code).toBe(0);
    for (const p of allProjectors)
      expect(rebuilt.stdout).toContain(
        `rebuilt ${p.name} (v${p.version}) from ${total.toLocaleString('en-US')} events`,
      );
    expect(rebuilt.stderr).toMatch(
      new RegExp(
        `rebuild ${allProjectors.map((p) => p.name).join(', ')} \\[#{10}\\] 100% ${total}/${total} events`,
      ),
    );
    expect((await cli('verify', '--all')).code).toBe(0);
  });

  it('refuses a second rebuild of a read model while one is running', async () => {
    const session = await sql.reserve();
    try {
      await session`select pg_advisory_lock(hashtext('projection-cli:wallet'))`;
      const second = await cli('rebuild', 'wallet');
      expect(second.code).toBe(2);
      expect(second.stderr).toContain('another rebuild or verify of wallet is running');
      const all = await cli('rebuild', '--all');
      expect(all.code).toBe(2);
      expect(all.stderr).toContain('another rebuild or verify of wallet is running');
      // The locks it took before the refusal are given back.
      expect((await cli('rebuild', 'identity')).code).toBe(0);
    } finally {
      await session`select pg_advisory_unlock(hashtext('projection-cli:wallet'))`;
      session.release();
    }
  });
});
