import postgres, { type Sql } from 'postgres';
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../server/testing/db.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import {
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '../../eventstore/types.ts';
import { bootstrap, ensureUser } from '../../server/bootstrap.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import {
  approveTopUp,
  rejectTopUp,
  requestTopUp,
  type WalletDeps,
} from '../../commands/wallet/top-ups.ts';
import { debitWallet, reverseDebit } from '../../commands/wallet/payments.ts';
import { signIn, signOut } from '../../commands/identity/sign-in.ts';
import type { SessionStore } from '../../commands/identity/sessions.ts';
import type { Throttle } from '../../commands/identity/throttle.ts';
import type { Challenges } from '../../commands/identity/challenges.ts';
import { PostgresSessionStore } from '../../integrations/identity/sessions-postgres.ts';
import { PostgresThrottle } from '../../integrations/identity/throttle-postgres.ts';
import { PostgresChallenges } from '../../integrations/identity/challenges-postgres.ts';
import { handleCommand } from '../../commands/shared/handler.ts';
import { mailDecider, mailStreamId } from '../../domain/mail/events.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { permissions as catalog } from '../../server/areas/index.ts';
import { ReactorRunner } from '../../integrations/reactor.ts';
import { topUpNotifier } from '../../integrations/mail/notifier.ts';
import { allProjectors } from '../../server/areas/index.ts';
import { walletProjector } from '../wallet/projector.ts';
import { identityProjector } from '../identity/projector.ts';
import { seedAccess } from '../access/testing.ts';
import { seedService, seedServiceLife } from '../../graphql/services/testing.ts';
import { serviceDecider } from '../../domain/services/decider.ts';
import { serviceStreamId, type ServiceEvent } from '../../domain/services/events.ts';
import { addMonthsAnchored } from '../../domain/services/due-dates.ts';
import { seedRun, seedSettings } from '../../graphql/automation/testing.ts';
import { setAutoPay } from '../../commands/wallet/auto-pay.ts';
import { applyToSchema } from './apply.ts';
import { liveSchema, type Projector } from './projector.ts';
import { rebuildProjection } from './rebuild.ts';
import { ProjectionRunner } from './runner.ts';
import { createProjectionSchema, lockProjector, readCheckpoint } from './schema.ts';
import { verifyProjection } from './verify.ts';
import { seedCatalog } from '../../server/demo-catalog.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import { placeOrder } from '../../commands/orders/place-order.ts';
import { cancelOrder } from '../../commands/orders/cancel-order.ts';
import { issueCreditNote } from '../../commands/invoices/credit-note.ts';
import { openTicket } from '../../commands/tickets/open-ticket.ts';
import { replyToTicket } from '../../commands/tickets/reply-to-ticket.ts';
import { addTicketNote } from '../../commands/tickets/add-ticket-note.ts';
import { closeTicket } from '../../commands/tickets/close-ticket.ts';
import {
  changeTicketSettings,
  saveCannedReply,
  saveTicketDepartment,
} from '../../commands/tickets/desk.ts';

/** A fresh database with the Postgres log, the commands' dependencies and cleanup. */
interface World {
  sql: Sql;
  store: EventStore & { sql: Sql };
  deps: WalletDeps & {
    bcryptCost: number;
    sql: Sql;
    sessions: SessionStore;
    throttle: Throttle;
    challenges: Challenges;
  };
  /** Which customer asked for each top-up: the server finds it in the read model. */
  owners: Map<string, string>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => {});
});

async function openWorld(): Promise<World> {
  const url = await freshDatabase('proj');
  const store = await createPostgresEventStore(url, { poolSize: 4 });
  const sql = postgres(url, { max: 8, types: { bigint: postgres.BigInt }, onnotice: () => {} });
  cleanups.push(
    () => store.close(),
    () => sql.end({ timeout: 5 }),
  );
  const sessions = new PostgresSessionStore(sql, 60, 12);
  await sessions.migrate();
  const owners = new Map<string, string>();
  const deps = {
    store,
    sql,
    sessions,
    throttle: new PostgresThrottle(sql),
    challenges: new PostgresChallenges(sql),
    now: () => new Date(),
    bcryptCost: 4,
    maxUploadBytes: 1 << 20,
    files: {
      put: async (_t: string, b: Buffer) => createHash('sha256').update(b).digest('hex'),
      get: async () => null,
    },
    findTopUpOwner: async (_tenant: string, topUpId: string) => owners.get(topUpId) ?? null,
  };
  return { sql, store, deps, owners };
}

/** The server's pipeline: projections and the mail notifier, with a bounded read-your-writes wait. */
async function goLive(
  w: World,
  opts: { projectors?: Projector[]; logs?: string[]; mails?: boolean } = {},
) {
  const runner = new ProjectionRunner(
    w.sql,
    w.store,
    opts.projectors ?? allProjectors,
    (m) => opts.logs?.push(m),
    100,
  );
  await runner.start();
  const reactor =
    opts.mails === false
      ? null
      : new ReactorRunner(
          w.sql,
          w.store,
          topUpNotifier({ store: w.store, now: () => new Date() }, w.sql),
        );
  await reactor?.start();
  const stop = async () => {
    await reactor?.stop();
    await runner.stop();
  };
  cleanups.push(stop);
  const caughtUp = async (p: Position) => {
    if (!(await runner.waitFor(p, 30_000)))
      throw new Error('read models did not catch up within 30 s');
  };
  return { runner, stop, caughtUp };
}

async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const admin = (userId: string, commandId: string) => ({
  tenantId: OPERATOR_TENANT_ID,
  actor: { userId, role: 'admin' },
  commandId,
  permissions: catalog.permissionsOf('tenant_admin'),
});
const customer = (userId: string, commandId: string) => ({
  tenantId: OPERATOR_TENANT_ID,
  actor: { userId, role: 'customer' },
  commandId,
});
const proof = { fileName: 'neft-receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };

/**
 * A realistic history through the real commands, with the runner live: tenant and admin
 * bootstrap, customers (in parallel) with top-ups approved and rejected, debits and a reversal,
 * a sign-in and sign-out, the notifier's mails, half of them marked sent.
 */
async function seed(
  w: World,
  tag: string,
  customers: number,
  caughtUp: (p: Position) => Promise<void>,
) {
  const boot = await bootstrap(w.deps, {
    adminEmail: 'admin@akashone.test',
    adminPassword: 'correct horse battery staple',
  });
  for (const p of boot.positions) await caughtUp(p);
  const ops = (await ensureUser(w.deps, `test:${tag}:admin`, {
    email: `ops-${tag}@akashone.test`,
    name: 'Ops',
    role: 'admin',
    password: 'another long password',
  }))!;
  const ids = await Promise.all(
    Array.from({ length: customers }, async (_, i) => {
      const c = (await ensureUser(w.deps, `test:${tag}:customer:${i}`, {
        email: `c${i}-${tag}@example.test`,
        name: `Customer ${i}`,
        role: 'customer',
        password: 'a long enough password',
      }))!;
      await caughtUp(c.position);
      const as = (step: string) => customer(c.userId, `${tag}:${i}:${step}`);
      const ask = async (n: number, method: 'BANK_TRANSFER' | 'CRYPTO', amount: string) => {
        const r = await requestTopUp(w.deps, as(`topup-${n}`), {
          amount,
          method,
          reference: `REF-${tag}-${i}-${n}`,
          proof,
        });
        w.owners.set(r.topUpId, c.userId);
        return r.topUpId;
      };
      const [t1, t2, t3] = [
        await ask(1, 'BANK_TRANSFER', `${1000 + i}.50`),
        await ask(2, 'CRYPTO', '2500.00'),
        await ask(3, 'BANK_TRANSFER', '700.00'),
      ];
      await approveTopUp(w.deps, admin(ops.userId, `${tag}:${i}:approve-1`), { topUpId: t1 });
      await rejectTopUp(w.deps, admin(ops.userId, `${tag}:${i}:reject-3`), {
        topUpId: t3,
        reason: 'No such transfer reached our account',
      });
      await approveTopUp(w.deps, admin(ops.userId, `${tag}:${i}:approve-2`), { topUpId: t2 });
      const paid = await debitWallet(w.deps, as('pay-1'), {
        customerId: c.userId,
        amount: '250.00',
        description: `Invoice PRO-${i}-1`,
      });
      await debitWallet(w.deps, as('pay-2'), {
        customerId: c.userId,
        amount: '99.99',
        description: `Invoice PRO-${i}-2`,
      });
      await reverseDebit(w.deps, admin(ops.userId, `${tag}:${i}:reverse-1`), {
        customerId: c.userId,
        paymentId: paid.paymentId,
        reason: 'Provisioning failed',
      });
      return c.userId;
    }),
  );
  const session = await signIn(
    w.deps,
    OPERATOR_TENANT_ID,
    { email: `c0-${tag}@example.test`, password: 'a long enough password' },
    { ip: '203.0.113.7', userAgent: 'test' },
  );
  await signOut(w.deps, OPERATOR_TENANT_ID, session.token, {
    userId: session.user.id,
    role: 'customer',
  });
  // Three decisions per customer, one mail each (the notifier reacts asynchronously).
  const mails = async () =>
    w.sql<
      { id: string }[]
    >`select data->>'mailId' as id from eventlog.events where type = 'MailQueued' order by global_position`;
  await eventually(
    'the notifier to queue every mail',
    async () => (await mails()).length === customers * 3,
  );
  for (const [n, { id }] of (await mails()).entries()) {
    if (n % 2 === 1) continue;
    await handleCommand(
      w.deps,
      {
        tenantId: OPERATOR_TENANT_ID,
        actor: { userId: 'system', role: 'system' },
        commandId: `mail-sent:${id}`,
      },
      {
        streamId: mailStreamId(id),
        decider: mailDecider,
        command: (now) => ({ type: 'MarkMailSent' as const, now }),
      },
    );
  }
  await seedAccess(w.deps, tag, { customerId: ids[0]!, adminId: ops.userId }, caughtUp);
  await seedSales(w, tag, ids[0]!, ops.userId);
  await seedServiceLife(w.store, Buffer.alloc(32, 7), OPERATOR_TENANT_ID, ids[0]!, ops.userId, tag);
  // A renewal invoiced for a running service's next period.
  const renewing = await seedService(w.store, Buffer.alloc(32, 7), OPERATOR_TENANT_ID, ids[0]!, {
    status: 'DEPLOYED',
    hostname: `renew-${tag}.example.com`,
    staffId: ops.userId,
  });
  const s = (await w.store.readStream(serviceStreamId(renewing.serviceId))).reduce(
    (state, e) => serviceDecider.evolve(state, e as unknown as ServiceEvent),
    serviceDecider.initialState,
  );
  const renewalInvoiceId = randomUUID();
  await handleCommand(
    w.deps,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: 'automation', role: 'system' },
      commandId: `renew:${tag}`,
    },
    {
      streamId: serviceStreamId(renewing.serviceId),
      decider: serviceDecider,
      command: (now) => ({
        type: 'InvoiceRenewal' as const,
        invoiceId: renewalInvoiceId,
        periodStart: s.nextDueDate,
        periodEnd: addMonthsAnchored(s.nextDueDate, s.months, s.anchorDay),
        replaces: null,
        now,
      }),
    },
  );
  // Billing automation: a settings change, a run, and a customer's auto-pay choice.
  await seedSettings(w.store, OPERATOR_TENANT_ID, ops.userId, { renewalDaysBefore: 10 });
  await seedRun(w.store, OPERATOR_TENANT_ID, ops.userId, [ids[0]!]);
  await setAutoPay(
    w.deps,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: ids[0]!, role: 'customer' },
      commandId: `auto-pay:${tag}`,
      accountId: ids[0]!,
      accountPermissions: ['account.billing'],
    },
    { enabled: false },
  );
  await seedTicket(w, tag, ids[0]!, ops.userId);
  await caughtUp(await w.store.headPosition());
  return { customers: ids, adminId: ops.userId };
}

/** A support ticket's life through the real commands: opened with a screenshot, answered, noted, closed; the desk changed. */
async function seedTicket(w: World, tag: string, customerId: string, adminId: string) {
  const deps = {
    ...w.deps,
    ownerOf: async () => null,
    isCustomer: async () => true,
    isStaff: async () => true,
  };
  const as = (commandId: string, userId: string, role: string) => ({
    tenantId: OPERATOR_TENANT_ID,
    actor: { userId, role },
    commandId: `${commandId}:${tag}`,
    ...(role === 'customer'
      ? { accountId: userId, accountPermissions: ['account.view' as const] }
      : { permissions: ['tickets.read', 'tickets.manage'] }),
  });
  const { ticketId } = await openTicket(deps, as('ticket-open', customerId, 'customer'), {
    departmentId: 'technical',
    priority: 'HIGH',
    subject: 'Server does not boot',
    message: 'Since this morning the VPS is down. See https://status.example.com',
    attachments: [{ fileName: 'console.png', contentType: 'image/png', base64: DEMO_PROOF_PNG }],
  });
  await replyToTicket(deps, as('ticket-reply', adminId, 'admin'), {
    ticketId,
    message: 'We restarted the host.',
  });
  await addTicketNote(deps, as('ticket-note', adminId, 'admin'), {
    ticketId,
    note: 'Bridge flap on kvm-12.',
  });
  await closeTicket(deps, as('ticket-close', customerId, 'customer'), { ticketId });
  // The desk: a default department renamed, a canned reply, the auto-close days changed.
  await saveTicketDepartment(deps, as('ticket-dept', adminId, 'admin'), {
    id: 'technical',
    name: 'Technical support',
    active: true,
  });
  await saveCannedReply(deps, as('ticket-canned', adminId, 'admin'), {
    title: 'Restarted',
    body: 'We restarted the host; please check again.',
  });
  await changeTicketSettings(deps, as('ticket-settings', adminId, 'admin'), { autoCloseDays: 5 });
}

/**
 * The catalog, and one customer's sales through the real commands: an order paid from the
 * wallet (a numbered tax invoice with a payment) and credited in part, another cancelled unpaid.
 */
async function seedSales(w: World, tag: string, customerId: string, adminId: string) {
  const shop = await seedCatalog(w.deps, OPERATOR_TENANT_ID, {
    mumbai: true,
    prefix: `test:${tag}:catalog`,
  });
  // The billing profile the invoice's place of supply comes from (the profile command needs the
  // account keys this world does not build; the event is the same).
  const at = new Date().toISOString();
  await w.store.append(
    userStreamId(customerId),
    [
      {
        id: randomUUID(),
        type: 'ProfileUpdated',
        data: {
          userId: customerId,
          name: 'Customer 0',
          company: null,
          phone: null,
          address: {
            line1: '12 MG Road',
            line2: null,
            city: 'Pune',
            stateCode: '27',
            postalCode: '411001',
            country: 'IN',
          },
          gstin: null,
          at,
        },
        metadata: {
          tenantId: OPERATOR_TENANT_ID,
          actor: { userId: customerId, role: 'customer' },
          commandId: `${tag}:profile`,
          correlationId: `${tag}:profile`,
          causationId: `${tag}:profile`,
          occurredAt: at,
          schemaVersion: 1,
        },
      },
    ],
    'stream_exists',
  );
  const items = (hostname: string) => [
    {
      planId: shop.plans['shared-starter']!,
      cycle: 'MONTHLY' as const,
      operatingSystemId: shop.operatingSystems['alma']!,
      dataCentreId: shop.dataCentres['mumbai']!,
      hostname,
      addons: [],
    },
  ];
  const paid = await placeOrder(w.deps, customer(customerId, `${tag}:order-1`), {
    items: items(`site1-${tag}.example.in`),
    pay: 'WALLET',
  });
  await issueCreditNote(w.deps, admin(adminId, `${tag}:credit-1`), {
    invoiceId: paid.invoiceId,
    reason: 'Service credit for an outage',
    destination: 'WALLET',
    scope: { kind: 'amount', taxableValue: '100.00' },
  });
  const unpaid = await placeOrder(w.deps, customer(customerId, `${tag}:order-2`), {
    items: items(`site2-${tag}.example.in`),
    pay: 'LATER',
  });
  await cancelOrder(w.deps, customer(customerId, `${tag}:cancel-2`), { orderId: unpaid.orderId });
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let from = START; ;) {
    const batch = await store.readAll({ from, maxCount: 500 });
    if (batch.length === 0) return all;
    all.push(...batch);
    from = batch[batch.length - 1]!.position;
  }
}

/** Every table of a projector in `schema`, as its rows' JSON in the projector's total order. */
async function dump(sql: Sql, p: Projector, schema: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of p.tables) {
    const rows = await sql.unsafe(
      `select to_jsonb(t)::text as row from "${schema}"."${t.name}" t order by ${t.orderBy}`,
    );
    out[t.name] = rows.map((r) => r.row as string);
  }
  return out;
}

const chunks = <T>(xs: T[], n: number) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Holds a projector's lock in a transaction of its own until `release()` (or the test ends). */
async function holdLock(sql: Sql, name: string) {
  const release = deferred();
  const held = deferred();
  const done = sql.begin(async (tx) => {
    await lockProjector(tx, name);
    held.resolve();
    await release.promise;
  });
  cleanups.push(async () => {
    release.resolve();
    await done.catch(() => {});
  });
  await held.promise;
  return async () => {
    release.resolve();
    await done;
  };
}

const MONEY = new Set(['TopUpApproved', 'WalletDebited', 'WalletDebitReversed', 'WalletCredited']);

describe('projections on a real database', () => {
  it('every projector is idempotent: the same events applied again change no row', async () => {
    const w = await openWorld();
    const live = await goLive(w);
    await seed(w, 'idem', 3, live.caughtUp);
    await live.stop();
    const events = await readEverything(w.store);
    for (const p of allProjectors) {
      const schema = `idem_${p.name}`;
      await createProjectionSchema(w.sql, p, schema);
      for (const batch of chunks(events, 7))
        await w.sql.begin((tx) => applyToSchema(tx, p, schema, batch));
      const once = await dump(w.sql, p, schema);
      for (const [table, rows] of Object.entries(once))
        expect(rows.length, `${p.name}.${table} has rows`).toBeGreaterThan(0);
      // Batching must not matter either: the runner applied other batches to the live schema.
      expect(once).toEqual(await dump(w.sql, p, liveSchema(p)));

      const handled = events.filter((e) => p.handles.has(e.type));
      const again = (batch: RecordedEvent[]) =>
        w.sql.begin(async (tx) => {
          await tx.unsafe(`set local search_path to "${schema}"`);
          await p.apply(tx, batch);
        });
      await again(handled);
      expect(await dump(w.sql, p, schema), `${p.name}: all events again in one batch`).toEqual(
        once,
      );
      for (const batch of chunks(handled, 5)) await again(batch);
      expect(await dump(w.sql, p, schema), `${p.name}: all events again in small batches`).toEqual(
        once,
      );
    }
  });

  it('a rebuild from the log equals the read models the runner kept live', async () => {
    const w = await openWorld();
    const live = await goLive(w);
    const { customers } = await seed(w, 'live', 4, live.caughtUp);
    for (const p of allProjectors) {
      const report = await verifyProjection(w.sql, w.store, p);
      expect(report.differences, p.name).toEqual([]);
      expect(report.rows, p.name).toBeGreaterThan(0);
    }
    for (const p of allProjectors) {
      const before = await dump(w.sql, p, liveSchema(p));
      await rebuildProjection(w.sql, w.store, p);
      expect(await dump(w.sql, p, liveSchema(p)), p.name).toEqual(before);
    }
    // The runner keeps following the swapped schemas.
    const paid = await debitWallet(w.deps, customer(customers[0]!, 'live:after-swap'), {
      customerId: customers[0]!,
      amount: '1.00',
      description: 'After the swap',
    });
    expect(await live.runner.waitFor(paid.position!, 20_000)).toBe(true);
    const [wallet] =
      await w.sql`select balance::text from rm_wallet.wallets where customer_id = ${customers[0]!}`;
    expect(wallet!.balance).toBe(paid.events[0]!.data.balanceAfter);
  });

  it('verify reports a row changed or lost outside the projector', async () => {
    const w = await openWorld();
    const live = await goLive(w);
    const { customers } = await seed(w, 'drift', 2, live.caughtUp);
    const [row] =
      await w.sql`update rm_wallet.wallets set balance = balance + 1 where customer_id = ${customers[1]!} returning balance::text`;
    const [lost] =
      await w.sql`delete from rm_wallet.ledger_entries where event_id = (select event_id from rm_wallet.ledger_entries order by event_id limit 1) returning event_id::text`;

    const report = await verifyProjection(w.sql, w.store, walletProjector);
    expect(report.differences.map((d) => d.table).sort()).toEqual(['ledger_entries', 'wallets']);
    const wallets = report.differences.find((d) => d.table === 'wallets')!;
    expect(wallets.onlyLive.map((r) => JSON.parse(r))).toMatchObject([
      { customer_id: customers[1], balance: Number(row!.balance) },
    ]);
    expect(wallets.onlyRebuilt.map((r) => JSON.parse(r))).toMatchObject([
      { customer_id: customers[1], balance: Number(row!.balance) - 1 },
    ]);
    const ledger = report.differences.find((d) => d.table === 'ledger_entries')!;
    expect(ledger.onlyLive).toEqual([]);
    expect(ledger.onlyRebuilt.map((r) => JSON.parse(r).event_id)).toEqual([lost!.event_id]);
    for (const p of allProjectors.filter((x) => x !== walletProjector))
      expect((await verifyProjection(w.sql, w.store, p)).differences).toEqual([]);
  });

  it('a new projector version rebuilds into a shadow schema and swaps it in on start', async () => {
    const w = await openWorld();
    const v1 = await goLive(w);
    const { customers } = await seed(w, 'bump', 2, v1.caughtUp);
    await v1.stop();
    const before = Object.fromEntries(
      await Promise.all(
        allProjectors.map(async (p) => [p.name, await dump(w.sql, p, liveSchema(p))] as const),
      ),
    );

    const walletV2: Projector = {
      ...walletProjector,
      version: walletProjector.version + 1,
      async migrate(tx) {
        await walletProjector.migrate(tx);
        await tx.unsafe(`comment on table wallets is 'wallet v2'`);
      },
    };
    const logs: string[] = [];
    const v2 = await goLive(w, {
      projectors: allProjectors.map((p) => (p === walletProjector ? walletV2 : p)),
      logs,
    });
    expect(
      logs.some((l) => l.includes(`version ${walletProjector.version} → ${walletV2.version}`)),
    ).toBe(true);
    expect((await readCheckpoint(w.sql, 'rm_wallet'))!.version).toBe(walletV2.version);
    expect((await readCheckpoint(w.sql, 'rm_identity'))!.version).toBe(identityProjector.version);
    const [comment] = await w.sql`select obj_description('rm_wallet.wallets'::regclass) as c`;
    expect(comment!.c).toBe('wallet v2');
    const [leftovers] =
      await w.sql`select count(*)::int as n from information_schema.schemata where schema_name like 'rm\\_wallet\\_\\_%'`;
    expect(leftovers!.n).toBe(0);
    for (const p of allProjectors)
      expect(await dump(w.sql, p, liveSchema(p)), p.name).toEqual(before[p.name]);

    const paid = await debitWallet(w.deps, customer(customers[1]!, 'bump:after'), {
      customerId: customers[1]!,
      amount: '5.00',
      description: 'On v2',
    });
    expect(await v2.runner.waitFor(paid.position!, 20_000)).toBe(true);
    expect((await verifyProjection(w.sql, w.store, walletV2)).differences).toEqual([]);
  });

  it('waitFor resolves true once the read models include a position, false on timeout or stop', async () => {
    const w = await openWorld();
    const live = await goLive(w);
    const boot = await bootstrap(w.deps, {
      adminEmail: 'admin@akashone.test',
      adminPassword: 'correct horse battery staple',
    });
    const last = boot.positions[boot.positions.length - 1]!;
    expect(await live.runner.waitFor(last, 20_000)).toBe(true);
    const [user] = await w.sql`select email from rm_identity.users`;
    expect(user!.email).toBe('admin@akashone.test');
    expect(await live.runner.waitFor(last, 0)).toBe(true); // already there: no wait at all

    const far = { commit: 1n << 60n, prepare: 1n << 60n };
    expect(await live.runner.waitFor(far, 200)).toBe(false);
    const pending = live.runner.waitFor(far, 60_000);
    await live.runner.stop();
    expect(await pending).toBe(false);
  });

  it('a runner follows a rebuild swapped in under it: nothing doubled, nothing missing', async () => {
    const w = await openWorld();
    const logs: string[] = [];
    const live = await goLive(w, { logs });
    const { customers, adminId } = await seed(w, 'swap', 3, live.caughtUp);
    const [c0, c1, c2] = customers as [string, string, string];

    // Hold the first projector's lock: the runner reads the next batch but cannot apply it anywhere.
    const release = await holdLock(w.sql, allProjectors[0]!.name);
    const pay = await debitWallet(w.deps, customer(c0, 'swap:pay-a'), {
      customerId: c0,
      amount: '10.00',
      description: 'Before the swap',
    });
    await debitWallet(w.deps, customer(c1, 'swap:pay-b'), {
      customerId: c1,
      amount: '20.00',
      description: 'Before the swap',
    });
    // The rebuild catches up past the runner's position and swaps the wallet schema under it.
    await rebuildProjection(w.sql, w.store, walletProjector);
    await reverseDebit(w.deps, admin(adminId, 'swap:reverse-a'), {
      customerId: c0,
      paymentId: pay.paymentId,
      reason: 'Order cancelled',
    });
    await release();
    await debitWallet(w.deps, customer(c2, 'swap:pay-c'), {
      customerId: c2,
      amount: '30.00',
      description: 'After the swap',
    });

    expect(await live.runner.waitFor(await w.store.headPosition(), 30_000)).toBe(true);
    expect(logs.some((l) => l.includes('resubscribing'))).toBe(true);
    for (const p of allProjectors)
      expect((await verifyProjection(w.sql, w.store, p)).differences, p.name).toEqual([]);

    const events = await readEverything(w.store);
    const moves = events.filter((e) => MONEY.has(e.type));
    const ledger = await w.sql<
      { event_id: string }[]
    >`select event_id::text from rm_wallet.ledger_entries order by event_id`;
    expect(ledger.map((r) => r.event_id)).toEqual(moves.map((e) => e.id).sort());
    const lastBalance = new Map(
      moves.map((e) => [e.data.customerId as string, e.data.balanceAfter as string]),
    );
    const wallets = await w.sql<
      { customer_id: string; balance: string }[]
    >`select customer_id::text, balance::text from rm_wallet.wallets`;
    expect(new Map(wallets.map((r) => [r.customer_id, r.balance]))).toEqual(lastBalance);
  });

  it('read-your-writes holds when a swap moved every checkpoint past the runner', async () => {
    const w = await openWorld();
    const logs: string[] = [];
    const live = await goLive(w, { projectors: [walletProjector], logs, mails: false });
    await bootstrap(w.deps, {
      adminEmail: 'admin@akashone.test',
      adminPassword: 'correct horse battery staple',
    });
    const c = (await ensureUser(w.deps, 'test:quiet:customer', {
      email: 'quiet@example.test',
      name: 'Quiet',
      role: 'customer',
      password: 'a long enough password',
    }))!;
    const asked = await requestTopUp(w.deps, customer(c.userId, 'quiet:topup'), {
      amount: '500.00',
      method: 'BANK_TRANSFER',
      reference: 'NEFT-QUIET',
      proof,
    });
    w.owners.set(asked.topUpId, c.userId);
    await live.caughtUp(asked.position!);
    const waiting = async (n: number) => {
      const [r] =
        await w.sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`;
      return r!.n === n;
    };
    // Queue a rebuild on the wallet lock first and the runner's next batch behind it: the swap
    // lands first and moves the runner's only checkpoint to the head of the log.
    const release = await holdLock(w.sql, 'wallet');
    const rebuilding = rebuildProjection(w.sql, w.store, walletProjector);
    rebuilding.catch(() => {}); // awaited below; this only keeps a failed test from leaving it unhandled
    await eventually('the rebuild to wait for the lock', () => waiting(1));
    const rejected = await rejectTopUp(w.deps, admin('ops', 'quiet:reject'), {
      topUpId: asked.topUpId,
      reason: 'No such transfer',
    });
    // As a mutation does: wait for its own position, before the runner has seen it.
    const seen = live.runner.waitFor(rejected.position!, 10_000);
    await eventually('the runner to wait for the lock', () => waiting(2));
    await release();
    await rebuilding;
    expect(await seen).toBe(true);
    expect(logs.some((l) => l.includes('resubscribing'))).toBe(true);
    const [topUp] = await w.sql`select status from rm_wallet.top_ups where id = ${asked.topUpId}`;
    expect(topUp!.status).toBe('REJECTED');
  });
});
