/**
 * The platform for the read and write-to-read benchmarks, in its own process so the load
 * generator does not share its event loop. Adds bare fastify routes that run the same SQL as
 * the GraphQL resolvers (session, viewer, tenant-scoped query, the resolvers' own query
 * and row-mapping functions), then prints one JSON line.
 *
 * Environment: BENCH_LEDGER_ENTRIES (default 50) top-ups approved for the reader's ledger;
 * BENCH_CHECKOUT_FUNDS, when set, makes the writers checkout customers too: the operator's demo
 * catalog is seeded (bench/commerce.ts), each writer gets a Maharashtra billing address and
 * that many rupees in the wallet through approved top-ups, and the JSON line carries the
 * checkout's order items.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadSettings } from '../server/config.ts';
import { startPlatform } from '../server/platform.ts';
import { ensureUser } from '../server/bootstrap.ts';
import { DEMO_PROOF_PNG } from '../server/demo.ts';
import { approveTopUp, requestTopUp } from '../commands/wallet/top-ups.ts';
import { buildContext } from '../graphql/plugin.ts';
import { readScoped } from '../graphql/context.ts';
import { startNodeProfile } from './profile.ts';
import { toEntry, toTopUp } from '../graphql/wallet/resolvers.ts';
import { ledgerEntries, topUpPage } from '../projections/wallet/queries.ts';
import { signIn } from '../commands/identity/sign-in.ts';
import { OPERATOR_TENANT_ID } from '../domain/tenancy/events.ts';
import { updateProfile } from '../commands/identity/profile.ts';
import { D } from '../domain/shared/money.ts';
import { checkoutItems, seedBenchCatalog } from './commerce.ts';

const ADMIN = { email: 'admin@bench.example', password: 'bench-admin-password-1' };
const ENTRIES = 50;
const LEDGER_ENTRIES = Number(process.env.BENCH_LEDGER_ENTRIES ?? ENTRIES);
const CHECKOUT_FUNDS = process.env.BENCH_CHECKOUT_FUNDS;
const WRITERS = 32;

const settings = loadSettings({
  DATABASE_URL: process.env.DATABASE_URL,
  DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'bench-reads-')),
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'silent',
  BCRYPT_COST: '10',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  NODE_ENV: 'test',
});
const running = await startPlatform(settings, { listen: false });
const { platform, app } = running;

// A customer with a ledger of ENTRIES lines, made by the real commands.
const deps = { store: platform.store, now: () => new Date(), bcryptCost: 10 };
const customer = (await ensureUser(deps, 'bench:customer', {
  email: 'reader@bench.example',
  name: 'Bench Reader',
  role: 'customer',
  password: 'bench-customer-password-1',
}))!;
await platform.projections.waitFor(customer.position, 30_000);
const asCustomer = (commandId: string) => ({
  tenantId: OPERATOR_TENANT_ID,
  actor: { userId: customer.userId, role: 'customer' },
  commandId,
});
const [adminRow] =
  await platform.sql`select id from rm_identity.users where email = ${ADMIN.email}`;
const asAdmin = (commandId: string) => ({
  tenantId: OPERATOR_TENANT_ID,
  actor: { userId: adminRow!.id as string, role: 'admin' },
  commandId,
  permissions: ['wallet.approve'],
});
for (let i = 0; i < LEDGER_ENTRIES; i++) {
  const proof = { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
  const req = await requestTopUp(platform.wallet, asCustomer(randomUUID()), {
    amount: `${100 + i}.50`,
    method: 'BANK_TRANSFER',
    reference: `UTR-BENCH-${i}`,
    proof,
  });
  await platform.projections.waitFor(req.position!, 30_000);
  const ok = await approveTopUp(platform.wallet, asAdmin(randomUUID()), { topUpId: req.topUpId });
  await platform.projections.waitFor(ok.position!, 30_000);
}

app.get('/bare/wallet', async (request, reply) => {
  const ctx = await buildContext(platform, request, reply);
  if (!ctx.viewer) return reply.code(401).send();
  // The same two scoped queries, one after the other, as the wallet and entries resolvers run.
  const [w] = await readScoped(
    platform.sql,
    ctx.tenantId,
    (tx) => tx`select balance::text from rm_wallet.wallets where customer_id = ${ctx.viewer!.id}`,
  );
  const entries = (
    await readScoped(platform.sql, ctx.tenantId, (tx) => ledgerEntries(tx, ctx.viewer!.id, ENTRIES))
  ).map(toEntry);
  return { balance: w?.balance ?? '0.00', entries };
});

app.get('/bare/top-ups', async (request, reply) => {
  const ctx = await buildContext(platform, request, reply);
  if (!ctx.viewer) return reply.code(401).send();
  // The resolver's own query function, so only the GraphQL layer differs.
  const { rows, total } = await readScoped(platform.sql, ctx.tenantId, (tx) =>
    topUpPage(tx, { customerId: null, filter: {}, first: 50, offset: 0 }),
  );
  return { items: rows.map(toTopUp), total };
});

// The load generator asks for a CPU profile of this process around one more, unrecorded run.
let stopProfile: Awaited<ReturnType<typeof startNodeProfile>> | null = null;
app.post('/bench/profile/start', async () => {
  stopProfile = await startNodeProfile();
  return {};
});
app.post('/bench/profile/stop', async () => {
  const result = await stopProfile!();
  stopProfile = null;
  return result;
});

const url = await app.listen({ host: '127.0.0.1', port: 0 });
const client = { ip: '127.0.0.1', userAgent: 'bench' };
const customerSession = await signIn(
  platform.identity,
  OPERATOR_TENANT_ID,
  { email: 'reader@bench.example', password: 'bench-customer-password-1' },
  client,
);
const adminSession = await signIn(
  platform.identity,
  OPERATOR_TENANT_ID,
  { email: ADMIN.email, password: ADMIN.password },
  client,
);
// Writers for write-to-read: one wallet stream each, as real customers have.
const writerCookies: string[] = [];
const writerIds: string[] = [];
for (let i = 0; i < WRITERS; i++) {
  const email = `writer${i}@bench.example`;
  const w = (await ensureUser(deps, `bench:writer:${i}`, {
    email,
    name: `Writer ${i}`,
    role: 'customer',
    password: 'bench-writer-password-1',
  }))!;
  await platform.projections.waitFor(w.position, 30_000);
  writerIds.push(w.userId);
  writerCookies.push(
    `sid=${(await signIn(platform.identity, OPERATOR_TENANT_ID, { email, password: 'bench-writer-password-1' }, client)).token}`,
  );
}

// Checkout customers: the writers, with a billing address and a funded wallet.
let checkout: { items: ReturnType<typeof checkoutItems> } | null = null;
if (CHECKOUT_FUNDS) {
  const catalog = await seedBenchCatalog(
    { store: platform.store, now: platform.wallet.now },
    OPERATOR_TENANT_ID,
  );
  for (const position of catalog.positions) await platform.projections.waitFor(position, 30_000);
  const proof = { fileName: 'f.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
  for (const [i, id] of writerIds.entries()) {
    const as = (commandId: string) => ({
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: id, role: 'customer' },
      commandId,
    });
    const profile = await updateProfile(platform.identity, as(randomUUID()), {
      commandId: randomUUID(),
      name: `Writer ${i}`,
      address: { line1: `${i + 1} FC Road`, city: 'Pune', stateCode: '27', postalCode: '411004' },
    });
    if (profile.position) await platform.projections.waitFor(profile.position, 30_000);
    // Top-ups of at most ₹5,00,000 (the operator's limit) until the wallet holds the funds.
    for (let left = new D(CHECKOUT_FUNDS); left.gt(0); left = left.minus('500000')) {
      const amount = D.min(left, '500000').toFixed(2);
      const req = await requestTopUp(platform.wallet, as(randomUUID()), {
        amount,
        method: 'BANK_TRANSFER',
        reference: `UTR-FUND-${i}-${left.toFixed(0)}`,
        proof,
      });
      await platform.projections.waitFor(req.position!, 30_000);
      const ok = await approveTopUp(platform.wallet, asAdmin(randomUUID()), {
        topUpId: req.topUpId,
      });
      await platform.projections.waitFor(ok.position!, 30_000);
    }
  }
  checkout = { items: checkoutItems(catalog, 'web1.bench.example') };
}

console.log(
  JSON.stringify({
    checkout,
    url,
    customerCookie: `sid=${customerSession.token}`,
    adminCookie: `sid=${adminSession.token}`,
    writerCookies,
    proof: DEMO_PROOF_PNG,
  }),
);
process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
