import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ADMIN, gql, openPage, seedCustomer, shotsAtTwoSizes, signInAs } from './harness.ts';
import { useShop } from './commerce.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { ALLOCATE, allocationInput } from '../../graphql/dashboard/testing.ts';

/*
 * Issue 15's dashboards in the browser. A history is written with the platform's clock moved
 * back (platform.wallet.now, which the commands read): servers allocated and paid 5, 3 and 1
 * months ago and this month, one suspended, a credit note this month against the first one's
 * invoice; an order waiting for payment, a top-up waiting for review and an open ticket. The
 * admin's figures are read off the page and checked against the sums worked out by hand; the
 * customer pays the waiting invoice from the dashboard; a customer with nothing yet sees the
 * three steps to a first order. Each page at 1366 and 390 px, dark and light.
 */

const CUSTOMER = {
  email: 'asha@example.com',
  password: 'e2e-customer-password-1',
  name: 'Asha Rao',
};
const NEWCOMER = { email: 'ravi@example.com', password: 'e2e-customer-password-2', name: 'Ravi K' };

const shop = useShop(
  {
    customer: CUSTOMER,
    commandId: 'e2e:dashboards:asha',
    topUp: { amount: '20000.00', reference: 'UTR-DASH-1' },
  },
  120_000,
);
const both = shotsAtTwoSizes('dashboard', { settle: 400, back: 300 });

/** Noon IST on the 5th, `n` months before the current IST month. */
function monthsAgo(n: number): Date {
  const ist = new Date(Date.now() + 5.5 * 3600_000);
  const d = new Date(Date.UTC(ist.getUTCFullYear(), ist.getUTCMonth() - n, 5, 6, 30));
  return d;
}

async function signInGql(who: { email: string; password: string }): Promise<string> {
  const r = await gql(
    shop.server,
    'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }',
    { e: who.email, p: who.password },
  );
  return r.cookie!;
}

async function allocate(admin: string, kind: string, amount: string, at: Date) {
  shop.server.platform.wallet.now = () => at;
  try {
    const input = allocationInput(shop.customerId, kind, amount);
    const r = await gql(shop.server, ALLOCATE, { input }, admin);
    return r.data.allocateServer as { service: { id: string }; invoice: { id: string } };
  } finally {
    shop.server.platform.wallet.now = () => new Date();
  }
}

/** The exact amount (data-value) of the figure `testid` holds, or is. */
const valueOf = (page: Page, testid: string) =>
  page.getByTestId(testid).locator('[data-value]').getAttribute('data-value');
const dueOf = (page: Page) =>
  page.getByTestId('dashboard-amount-due-value').getAttribute('data-value');

async function setTheme(page: Page, theme: 'dark' | 'light') {
  await page.evaluate(`localStorage.setItem('theme', '${theme}')`);
  await page.reload();
}

describe('dashboards', () => {
  let outstanding: string;

  it('seeds a history across months', async () => {
    const admin = await signInGql(ADMIN);
    const customer = await signInGql(CUSTOMER);
    // 5 months ago a VPS at ₹1,000 (+ ₹180 GST), 3 months ago a dedicated server at ₹5,000,
    // last month shared hosting at ₹250 (then suspended), this month a VPS at ₹2,000.
    const first = await allocate(admin, 'VPS', '1000.00', monthsAgo(5));
    await allocate(admin, 'DEDICATED', '5000.00', monthsAgo(3));
    const shared = await allocate(admin, 'SHARED', '250.00', monthsAgo(1));
    shop.server.platform.wallet.now = () => new Date(monthsAgo(1).getTime() + 86_400_000);
    await gql(
      shop.server,
      'mutation($input: ServiceReasonInput!) { suspendService(input: $input) { id } }',
      { input: { commandId: randomUUID(), serviceId: shared.service.id, reason: 'Abuse report' } },
      admin,
    );
    shop.server.platform.wallet.now = () => new Date();
    await allocate(admin, 'VPS', '2000.00', new Date());
    // This month: ₹100 + ₹18 credited on the first VPS's invoice.
    await gql(
      shop.server,
      'mutation($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) { id } }',
      {
        input: {
          commandId: randomUUID(),
          invoiceId: first.invoice.id,
          reason: 'Downtime',
          destination: 'REFUNDED_OUTSIDE',
          taxableValue: '100.00',
        },
      },
      admin,
    );
    // An order to pay later, a top-up to review, a ticket to answer.
    const placed = await gql(
      shop.server,
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { invoice { id amountDue } } }`,
      {
        input: {
          commandId: randomUUID(),
          pay: 'LATER',
          items: [
            {
              planId: shop.catalog.plans['vps-pro'],
              cycle: 'MONTHLY',
              operatingSystemId: shop.catalog.operatingSystems['ubuntu'],
              dataCentreId: shop.catalog.dataCentres['us-east'],
              hostname: 'shop.example.com',
              addons: [],
            },
          ],
        },
      },
      customer,
    );
    outstanding = placed.data.placeOrder.invoice.amountDue;
    await gql(
      shop.server,
      'mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }',
      {
        input: {
          commandId: randomUUID(),
          amount: '999.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR-DASH-2',
          proof: { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG },
        },
      },
      customer,
    );
    await gql(
      shop.server,
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }',
      {
        input: {
          commandId: randomUUID(),
          departmentId: 'technical',
          priority: 'MEDIUM',
          subject: 'Reverse DNS for my VPS',
          message: 'Please set the PTR record.',
        },
      },
      customer,
    );
    await seedCustomer(shop.server, 'e2e:dashboards:ravi', NEWCOMER);
  });

  it('shows the admin the figures, each linked to its list, and both charts', async () => {
    const page = await openPage(shop.browser);
    await signInAs(page, shop.base, ADMIN);
    await page.goto(`${shop.base}/admin`);
    await page.getByTestId('revenue-chart-canvas').waitFor();
    // This month: ₹2,000 − ₹100 credited = ₹1,900; GST ₹360 − ₹18 = ₹342. Last month ₹250.
    expect(await valueOf(page, 'admin-revenue-count')).toBe('1900.00');
    expect(await valueOf(page, 'admin-revenue-last-month-count')).toBe('250.00');
    expect(await valueOf(page, 'admin-gst-count')).toBe('342.00');
    expect(await valueOf(page, 'admin-outstanding-count')).toBe(outstanding);
    expect(await valueOf(page, 'admin-wallets-count')).toBe('20000.00');
    expect(await page.getByTestId('admin-pending-count').textContent()).toBe('1');
    // Two VPS and the dedicated server run; the shared hosting is suspended.
    expect(await page.getByTestId('admin-active-services-count').textContent()).toBe('3');
    expect(await page.getByTestId('admin-suspended-count').textContent()).toBe('1');
    // The VPS of 5 months ago and the dedicated server of 3 are past their due dates.
    expect(await page.getByTestId('admin-overdue-count').textContent()).toBe('2');
    expect(await page.getByTestId('admin-new-customers-count').textContent()).toBe('2');
    expect(await page.getByTestId('admin-open-tickets-count').textContent()).toBe('1');
    expect(await page.getByTestId('admin-stat-outstanding').getAttribute('href')).toBe(
      '/admin/billing?status=PROFORMA',
    );
    // The charts' text alternative: a summary, and the same figures as a table.
    const summary = await page.getByTestId('revenue-chart-canvas').getAttribute('aria-label');
    expect(summary).toContain('revenue this month ₹1,900.00, GST ₹342.00');
    // 12 months: ₹1,000 + ₹5,000 + ₹250 + ₹1,900 = ₹8,150; GST 180 + 900 + 45 + 342 = ₹1,467.
    expect(summary).toContain('revenue ₹8,150.00, GST ₹1,467.00');
    await page.getByTestId('revenue-chart-table').locator('summary').click();
    const rows = page.getByTestId('revenue-chart-table').locator('tbody tr');
    expect(await rows.count()).toBe(12);
    expect(await rows.last().locator('td').allTextContents()).toEqual(['₹1,900.00', '₹342.00']);
    await page.getByTestId('services-chart-table').locator('summary').click();
    const services = page.getByTestId('services-chart-table').locator('tbody tr');
    // This month: VPS 2, shared 0, VDS 0, dedicated 1; 5 months ago only the first VPS.
    expect(await services.last().locator('td').allTextContents()).toEqual(['2', '0', '0', '1']);
    expect(await services.nth(6).locator('td').allTextContents()).toEqual(['1', '0', '0', '0']);
    await both(page, 'admin-dark');
    await setTheme(page, 'light');
    await page.getByTestId('revenue-chart-canvas').waitFor();
    await both(page, 'admin-light');
    await page.getByTestId('admin-stat-pending').click();
    await page.waitForURL(/\/admin\/top-ups\?status=PENDING/);
  });

  it('shows the customer services, amount due with Pay, wallet and tickets', async () => {
    const page = await openPage(shop.browser);
    await signInAs(page, shop.base, CUSTOMER);
    await page.getByTestId('dashboard-amount-due').waitFor();
    expect(await dueOf(page)).toBe(outstanding);
    expect(await page.getByTestId('dashboard-service').count()).toBe(4);
    expect(await page.getByTestId('dashboard-ticket').count()).toBe(1);
    expect(await page.getByTestId('first-order').count()).toBe(0);
    expect(await page.getByTestId('wallet-balance').getAttribute('data-value')).toBe('20000.00');
    await both(page, 'customer-dark');
    await setTheme(page, 'light');
    await page.getByTestId('dashboard-amount-due').waitFor();
    await both(page, 'customer-light');
    await page.getByTestId('dashboard-pay').click();
    await page.getByTestId('pay-dialog-confirm').click();
    await expect.poll(() => dueOf(page), { timeout: 10_000 }).toBe('0.00');
    const left = (20000 - Number(outstanding)).toFixed(2);
    await expect
      .poll(() => page.getByTestId('wallet-balance').getAttribute('data-value'))
      .toBe(left);
  });

  it('shows a first-time customer the way to a first order', async () => {
    const page = await openPage(shop.browser);
    await signInAs(page, shop.base, NEWCOMER);
    await page.getByTestId('first-order').waitFor();
    expect(await page.getByTestId('first-order-step').count()).toBe(3);
    expect(await page.getByTestId('dashboard-services').count()).toBe(0);
    expect(await page.getByTestId('welcome').textContent()).toContain('Welcome, Ravi');
    await both(page, 'first-time-dark');
    await setTheme(page, 'light');
    await page.getByTestId('first-order').waitFor();
    await both(page, 'first-time-light');
    await page.getByTestId('dashboard-order-server').click();
    await page.waitForURL(/\/order/);
  });
});
