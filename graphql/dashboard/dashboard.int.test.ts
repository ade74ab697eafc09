import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  ADMIN,
  must,
  startTestPlatform,
  type TestPlatform,
} from '../../server/testing/platform.ts';
import { ensureUser } from '../../server/bootstrap.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { gqlAt, openReseller, signInAt } from '../access/testing.ts';
import { seedCommerce } from '../invoices/testing.ts';
import { ALLOCATE, allocationInput } from './testing.ts';

/**
 * The admin dashboard's figures on a history written month by month with the platform's clock
 * (platform.wallet.now, which every command here reads) moved from January to April 2027 (IST).
 * Every expected figure is worked out by hand in the comments: 18 % GST on round amounts.
 */

const A = 'akashone.localhost';
const B = 'kloudnests.localhost';
const cmd = () => randomUUID();
/** An IST wall-clock time. */
const ist = (local: string) => new Date(`${local}+05:30`);

let t: TestPlatform;
let admin: string;
let billingClerk: string;
let customerCookie: string;
let adminB: string;
let seededOutstanding: string;
let seededDecember: { revenue: string; gst: string };

const FIGURES = `{ adminDashboard { month lastMonth timeZone
  billing { revenueThisMonth revenueLastMonth gstThisMonth outstanding unpaidInvoices
    byMonth { month revenue gst creditedRevenue creditedGst } }
  wallet { balancesHeld topUpsWaiting topUpsWaitingAmount }
  services { active { kind count } activeTotal pendingProvisioning failed suspended overdue
    activeByMonth { month total byKind { kind count } } }
  customers { newThisMonth newLastMonth }
  tickets { open awaitingStaff } } }`;

const at = (instant: Date) => {
  t.running.platform.wallet.now = () => instant;
};

async function customer(email: string, registered: Date, tenantId = 'akashone') {
  const made = await ensureUser(
    { store: t.running.platform.store, now: () => registered, bcryptCost: 4 },
    `test:${email}`,
    { email, name: email.split('@')[0]!, role: 'customer', password: `pw-${email}-long-enough` },
    tenantId,
  );
  await t.running.platform.projections.waitFor(made!.position, 10_000);
  return { id: made!.userId, password: `pw-${email}-long-enough` };
}

/** A server staff allocate by hand, paid outside the platform: a tax invoice at once. */
async function allocate(
  host: string,
  cookie: string,
  customerId: string,
  planKind: string,
  amount: string,
) {
  const input = allocationInput(customerId, planKind, amount);
  const r = await must(gqlAt(t, host, ALLOCATE, { input }, cookie));
  return {
    serviceId: r.allocateServer.service.id as string,
    invoiceId: r.allocateServer.invoice.id as string,
  };
}

const service = (field: 'suspendService' | 'unsuspendService', serviceId: string) =>
  must(
    gqlAt(
      t,
      A,
      `mutation($input: ServiceReasonInput!) { ${field}(input: $input) { id status } }`,
      { input: { commandId: cmd(), serviceId, reason: 'Dashboard test' } },
      admin,
    ),
  );

const PROOF = { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
const REQUEST_TOP_UP = `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`;

async function topUp(cookie: string, amount: string, approve: boolean) {
  const reference = `UTR-${randomUUID().slice(0, 8)}`;
  const input = { commandId: cmd(), amount, method: 'BANK_TRANSFER', reference, proof: PROOF };
  const r = await must(gqlAt(t, A, REQUEST_TOP_UP, { input }, cookie));
  if (approve)
    await must(
      gqlAt(
        t,
        A,
        `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }`,
        { input: { commandId: cmd(), topUpId: r.requestTopUp.id } },
        admin,
      ),
    );
}

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await signInAt(t, A, ADMIN.email, ADMIN.password);
  const clerk = await ensureUser(
    { store: t.running.platform.store, now: () => new Date(), bcryptCost: 4 },
    'test:clerk',
    {
      email: 'clerk@akashone.com',
      name: 'Clerk',
      role: 'admin',
      staffRole: 'billing',
      password: 'clerk-password-long',
    },
  );
  await t.running.platform.projections.waitFor(clerk!.position, 10_000);
  billingClerk = await signInAt(t, A, 'clerk@akashone.com', 'clerk-password-long');

  // January: Asha registers, tops up ₹1,500 (approved), and gets a VPS at ₹1,000 + ₹180 GST.
  const asha = await customer('asha@example.com', ist('2027-01-05T10:00:00'));
  customerCookie = await signInAt(t, A, 'asha@example.com', asha.password);
  at(ist('2027-01-06T10:00:00'));
  await topUp(customerCookie, '1500.00', true);
  at(ist('2027-01-20T12:00:00'));
  const s1 = await allocate(A, admin, asha.id, 'VPS', '1000.00');
  // February: the VPS is suspended (nothing active at February's end, no revenue).
  at(ist('2027-02-10T12:00:00'));
  await service('suspendService', s1.serviceId);
  // March: it runs again; Ravi (new in March) gets a dedicated server at ₹5,000 + ₹900 at
  // 23:00 IST on the 31st (17:30 UTC): March's, in India.
  at(ist('2027-03-05T12:00:00'));
  await service('unsuspendService', s1.serviceId);
  const ravi = await customer('ravi@example.com', ist('2027-03-20T09:00:00'));
  at(ist('2027-03-31T23:00:00'));
  await allocate(A, admin, ravi.id, 'DEDICATED', '5000.00');
  // 00:30 IST on 1 April is still 31 March in UTC: April's. Shared hosting, ₹250 + ₹45.
  at(ist('2027-04-01T00:30:00'));
  await allocate(A, admin, ravi.id, 'SHARED', '250.00');
  // April: Meera registers and gets a VDS at ₹2,000 + ₹360, suspended at once; a credit note
  // of ₹100 + ₹18 against January's VPS invoice comes off April, not January.
  const meera = await customer('meera@example.com', ist('2027-04-02T09:00:00'));
  at(ist('2027-04-03T12:00:00'));
  const s4 = await allocate(A, admin, meera.id, 'VDS', '2000.00');
  await service('suspendService', s4.serviceId);
  at(ist('2027-04-05T12:00:00'));
  await must(
    gqlAt(
      t,
      A,
      `mutation($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { id } }`,
      {
        input: {
          commandId: cmd(),
          invoiceId: s1.invoiceId,
          reason: 'Downtime',
          destination: 'REFUNDED_OUTSIDE',
          taxableValue: '100.00',
        },
      },
      admin,
    ),
  );
  // A ticket Asha opened waits for staff; one she opened and closed is not counted.
  for (const subject of ['Reverse DNS', 'Invoice copy']) {
    const input = {
      commandId: cmd(),
      departmentId: 'technical',
      priority: 'LOW',
      subject,
      message: 'Please help.',
    };
    const opened = await must(
      gqlAt(
        t,
        A,
        'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }',
        { input },
        customerCookie,
      ),
    );
    if (subject === 'Invoice copy')
      await must(
        gqlAt(
          t,
          A,
          'mutation($id: ID!, $c: ID!) { closeTicket(ticketId: $id, commandId: $c) { id } }',
          { id: opened.openTicket.id, c: cmd() },
          customerCookie,
        ),
      );
  }
  // A top-up of ₹999 waits for a decision.
  const meeraCookie = await signInAt(t, A, 'meera@example.com', meera.password);
  await topUp(meeraCookie, '999.00', false);
  // An unpaid proforma (and a tax invoice paid today, December 2026, with a ₹10 credit note).
  const seeded = await seedCommerce(
    t.running.platform.store,
    'akashone',
    { id: asha.id, name: 'Asha' },
    'DASH/1',
  );
  await t.running.platform.projections.waitFor(seeded.position, 10_000);
  const inv = await must(
    gqlAt(
      t,
      A,
      `query($a: ID!, $b: ID!) { a: invoice(id: $a) { amountDue }
        b: invoice(id: $b) { issueDate document { totals { taxableValue tax } } } }`,
      { a: seeded.invoiceId, b: seeded.taxInvoiceId },
      admin,
    ),
  );
  seededOutstanding = inv.a.amountDue;
  const totals = inv.b.document.totals;
  // Its ₹10 credit note carries 18 % GST: ₹1.80.
  seededDecember = {
    revenue: (Number(totals.taxableValue) - 10).toFixed(2),
    gst: (Number(totals.tax) - 1.8).toFixed(2),
  };

  // Another tenant's sale in April, which A's figures never include.
  const reseller = await openReseller(t, admin, 'kloudnests', B);
  adminB = reseller.admin;
  const zed = await customer('zed@example.com', ist('2027-04-02T09:00:00'), 'kloudnests');
  at(ist('2027-04-06T12:00:00'));
  await allocate(B, adminB, zed.id, 'VPS', '7777.00');

  at(ist('2027-04-10T12:00:00'));
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('admin dashboard figures', () => {
  it('sums paid invoices by IST month, net of credit notes in the month they were issued', async () => {
    const d = (await must(gqlAt(t, A, FIGURES, {}, admin))).adminDashboard;
    expect([d.month, d.lastMonth, d.timeZone]).toEqual(['2027-04', '2027-03', 'Asia/Kolkata']);
    // April: 250 + 2000 − 100 (credit note) = 2150; GST 45 + 360 − 18 = 387.
    expect(d.billing).toMatchObject({
      revenueThisMonth: '2150.00',
      revenueLastMonth: '5000.00',
      gstThisMonth: '387.00',
      outstanding: seededOutstanding,
      unpaidInvoices: 1,
    });
    const months = d.billing.byMonth;
    expect(months.map((m: { month: string }) => m.month)).toEqual([
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
    ]);
    const of = (m: string) => months.find((r: { month: string }) => r.month === m);
    expect(of('2027-01')).toEqual({
      month: '2027-01',
      revenue: '1000.00',
      gst: '180.00',
      creditedRevenue: '0.00',
      creditedGst: '0.00',
    });
    expect(of('2027-02')).toMatchObject({ revenue: '0.00', gst: '0.00' });
    expect(of('2027-03')).toMatchObject({ revenue: '5000.00', gst: '900.00' });
    expect(of('2027-04')).toMatchObject({
      revenue: '2150.00',
      gst: '387.00',
      creditedRevenue: '100.00',
      creditedGst: '18.00',
    });
    expect(of('2026-12')).toMatchObject(seededDecember);
    expect(of('2026-05')).toMatchObject({ revenue: '0.00', gst: '0.00' });
  });

  it('counts wallets, top-ups, services and customers of the tenant only', async () => {
    const d = (await must(gqlAt(t, A, FIGURES, {}, admin))).adminDashboard;
    expect(d.wallet).toEqual({
      balancesHeld: '1500.00',
      topUpsWaiting: 1,
      topUpsWaitingAmount: '999.00',
    });
    // The VDS is suspended; the VPS (due 20 February, not renewed) is overdue.
    expect(d.services).toMatchObject({
      active: [
        { kind: 'VPS', count: 1 },
        { kind: 'SHARED', count: 1 },
        { kind: 'VDS', count: 0 },
        { kind: 'DEDICATED', count: 1 },
      ],
      activeTotal: 3,
      pendingProvisioning: 0,
      failed: 0,
      suspended: 1,
      overdue: 1,
    });
    const byMonth = Object.fromEntries(
      d.services.activeByMonth.map((m: { month: string; total: number }) => [m.month, m.total]),
    );
    // January the VPS; February none (suspended); March the VPS again and the dedicated server
    // (23:00 IST on the 31st); April those and the shared hosting, not the suspended VDS.
    expect(byMonth).toMatchObject({
      '2026-12': 0,
      '2027-01': 1,
      '2027-02': 0,
      '2027-03': 2,
      '2027-04': 3,
    });
    const march = d.services.activeByMonth.find((m: { month: string }) => m.month === '2027-03');
    expect(march.byKind).toEqual([
      { kind: 'VPS', count: 1 },
      { kind: 'SHARED', count: 0 },
      { kind: 'VDS', count: 0 },
      { kind: 'DEDICATED', count: 1 },
    ]);
    // Meera in April, Ravi in March (Asha in January; zed is the other tenant's).
    expect(d.customers).toEqual({ newThisMonth: 1, newLastMonth: 1 });
    expect(d.tickets).toEqual({ open: 1, awaitingStaff: 1 });
  });

  it('gives the other tenant its own figures only', async () => {
    const d = (await must(gqlAt(t, B, FIGURES, {}, adminB))).adminDashboard;
    // ₹7,777 in April, nothing else: none of A's sales, wallets or servers.
    expect(d.billing).toMatchObject({
      revenueThisMonth: '7777.00',
      revenueLastMonth: '0.00',
      gstThisMonth: '1399.86',
      outstanding: '0.00',
    });
    expect(d.wallet).toMatchObject({ balancesHeld: '0.00', topUpsWaiting: 0 });
    expect(d.services.activeTotal).toBe(1);
    expect(d.customers.newThisMonth).toBe(1);
  });

  it('shows staff the parts their permissions open, and refuses customers', async () => {
    const clerk = (await must(gqlAt(t, A, FIGURES, {}, billingClerk))).adminDashboard;
    // A billing clerk reads invoices, wallets and servers but not the users list.
    expect(clerk.billing.revenueThisMonth).toBe('2150.00');
    expect(clerk.wallet.topUpsWaiting).toBe(1);
    expect(clerk.customers).toBeNull();
    const asCustomer = await gqlAt(t, A, FIGURES, {}, customerCookie);
    expect(asCustomer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gqlAt(t, A, FIGURES, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
