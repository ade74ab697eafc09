import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  DESKTOP,
  openPage,
  shot,
  sidewaysOverflow,
  signInAs,
  spillingTables,
} from './harness.ts';
import { allocateVpsPro, useShop } from './commerce.ts';
import { placeOrder } from '../../commands/orders/place-order.ts';
import { requestTopUp } from '../../commands/wallet/top-ups.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';

/*
 * Issue 15 §1 and §6 ("Done when"): on a 390 × 844 phone the admin top-up list, the customer's
 * wallet (ledger and statement), and the orders, invoices and services lists of the customer and
 * of the admin have every action within the screen and nothing scrolls sideways; Approve works
 * from the phone. The wallet lists newest first, offers oldest first (kept in the URL), words
 * its events, and shows the statement's totals as plain figures. Every page is shot at 390 px
 * and at 1366 px (phone-*.png).
 */

const PHONE = { width: 390, height: 844 };
const CUSTOMER = {
  email: 'kavya@example.com',
  password: 'e2e-customer-password-1',
  name: 'Kavya Rao',
};

const shop = useShop(
  {
    customer: CUSTOMER,
    commandId: 'e2e:phone:customer',
    topUp: { amount: '20000.00', reference: 'UTR-E2E-PHONE-01' },
  },
  60_000,
);

/** A pending bank-transfer request by the customer, readable once this returns. */
async function pendingTopUp(reference: string, amount: string): Promise<string> {
  const r = await requestTopUp(
    shop.server.platform.wallet,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: shop.customerId, role: 'customer' },
      commandId: `e2e:phone:${reference}`,
    },
    {
      amount,
      method: 'BANK_TRANSFER',
      reference,
      proof: { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG },
    },
  );
  await shop.server.platform.projections.waitFor(r.position!, 10_000);
  return r.topUpId;
}

beforeAll(async () => {
  // An unpaid order with its invoice (to pay or cancel), and a server staff allocated, paid
  // from the wallet (a debit, an invoice and a service).
  const placed = await placeOrder(
    shop.server.platform.wallet,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: shop.customerId, role: 'customer' },
      commandId: 'e2e:phone:order',
    },
    {
      items: [
        {
          planId: shop.catalog.plans['vps-pro'],
          cycle: 'MONTHLY',
          dataCentreId: shop.catalog.dataCentres['us-east'],
          operatingSystemId: shop.catalog.operatingSystems['ubuntu'],
          hostname: 'phone-order-with-a-rather-long-hostname-01.example.in',
          addons: [],
        },
      ],
      pay: 'LATER',
    },
  );
  if (placed.position) await shop.server.platform.projections.waitFor(placed.position, 10_000);
  await allocateVpsPro(shop, {
    commandId: 'e2e:phone:allocate',
    hostname: 'phone-test-01',
    ipAddress: '203.0.113.61',
    sshPassword: 'e2e-phone-ssh-password',
  });
  await pendingTopUp('UTR-E2E-PHONE-PENDING-A', '1500.00');
  await pendingTopUp('UTR-E2E-PHONE-PENDING-B-WITH-A-LONG-REFERENCE-0042', '2750.50');
}, 60_000);

/**
 * What does not fit a phone: every visible button, link and form control whose box leaves
 * 0..width, and how far the document scrolls sideways. A string: it runs in the page.
 */
async function offScreen(page: Page) {
  const outside = await page.evaluate<{ what: string; left: number; right: number }[]>(`
    [...document.querySelectorAll('main a[href], main button, main select, main input, main [role="button"]')]
      .filter((e) => e.checkVisibility({ visibilityProperty: true }) && !e.closest('.sr-only'))
      .map((e) => ({ e, box: e.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.left < 0 || box.right > window.innerWidth + 0.5))
      .map(({ e, box }) => ({
        what: (e.getAttribute('data-testid') || e.tagName) + ' ' + (e.textContent || '').trim().slice(0, 40),
        left: Math.round(box.left),
        right: Math.round(box.right),
      }))`);
  return { outside, overflow: await sidewaysOverflow(page) };
}

/** Checks the page fits the phone, and shoots it there and at the desktop size. */
async function fitsPhone(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  const fit = await offScreen(page);
  await shot(page, `phone-${name}`);
  expect(fit.outside, `${name}: actions off the screen at 390 px`).toEqual([]);
  expect(fit.overflow, `${name}: scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  const buttons = await page.evaluate<number[]>(`
    [...document.querySelectorAll('main td[data-card="actions"] :is(a, button)')]
      .filter((e) => e.checkVisibility())
      .map((e) => e.getBoundingClientRect().height)`);
  for (const h of buttons)
    expect(h, `${name}: a row action is too small to tap`).toBeGreaterThanOrEqual(44);
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(150);
  expect(await spillingTables(page), `${name}: a table spills out of its box at 1366 px`).toBe(0);
  await shot(page, `phone-${name}-1366`);
}

interface Entry {
  kind: string;
  amount: string;
  balance: string;
}

/** The lines of a ledger table (`ledger` or `statement`) as listed, top to bottom. */
const entriesOf = (page: Page, testid: string): Promise<Entry[]> =>
  page.evaluate<Entry[]>(`
    [...document.querySelectorAll('[data-testid="${testid}-row"]')].map((row) => ({
      kind: row.dataset.kind,
      amount: row.querySelector('[data-testid="${testid}-amount"]').dataset.value,
      balance: row.querySelector('[data-testid="${testid}-balance-after"]').dataset.value,
    }))`);

/** Whether each line's balance is the one below it plus (credit) or minus (debit) its amount. */
const runsNewestFirst = (entries: Entry[]): boolean =>
  entries.every((e, i) => {
    const below = entries[i + 1];
    if (!below) return true;
    const cents = (v: string) => Math.round(Number(v) * 100);
    const moved = e.kind === 'CREDIT' ? cents(e.amount) : -cents(e.amount);
    return cents(below.balance) + moved === cents(e.balance);
  });

/** A page at the desktop size, signed in as `who` (the header shows the user there). */
async function signedIn(who: { email: string; password: string }): Promise<Page> {
  const page = await openPage(shop.browser, DESKTOP);
  await signInAs(page, shop.base, who);
  return page;
}

describe('the portal on a phone', () => {
  it('fits the admin top-up list, and Approve works from the phone', async () => {
    const admin = await signedIn(ADMIN);
    await admin.goto(`${shop.base}/admin/top-ups?status=PENDING`);
    const rows = admin.getByTestId('admin-topup-row');
    await expect.poll(() => rows.count()).toBe(2);
    await fitsPhone(admin, 'admin-top-ups');

    // Desktop: the actions of a row sit side by side, the status on one line.
    const row = rows.filter({ hasText: 'UTR-E2E-PHONE-PENDING-A' });
    const [proof, approve, reject] = await Promise.all(
      ['admin-topup-proof', 'admin-topup-approve', 'admin-topup-reject'].map((id) =>
        row.getByTestId(id).boundingBox(),
      ),
    );
    expect(approve!.y).toBe(proof!.y);
    expect(reject!.y).toBe(approve!.y);
    expect(approve!.x).toBeGreaterThan(proof!.x);
    expect(reject!.x).toBeGreaterThan(approve!.x);

    await admin.setViewportSize(PHONE);
    // The card names each value after its column, from the table's header.
    const amountCell = row.locator('td', { has: admin.getByTestId('admin-topup-amount') });
    expect(await amountCell.getAttribute('data-column-label')).toBe('Amount');
    expect(await row.locator('td[data-card="actions"]').count()).toBe(1);
    const approveOnPhone = row.getByTestId('admin-topup-approve');
    const box = (await approveOnPhone.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await approveOnPhone.click();
    await admin.getByTestId('approve-confirm').click();
    await admin.getByTestId('action-success').waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    await shot(admin, 'phone-admin-top-ups-approved');

    // Every status at once (decided rows show when and by whom): still within its box at 1366.
    await admin.goto(`${shop.base}/admin/top-ups`);
    await expect.poll(() => rows.count()).toBe(3);
    await fitsPhone(admin, 'admin-top-ups-all');

    // An empty list says so in full, on the screen.
    await admin.setViewportSize(PHONE);
    await admin.goto(`${shop.base}/admin/top-ups?status=REJECTED`);
    const empty = admin.getByTestId('admin-topups-empty');
    await empty.waitFor();
    const cut = await admin.evaluate<{ right: number; clipped: boolean }>(`(() => {
      const e = document.querySelector('[data-testid="admin-topups-empty"]');
      return { right: e.getBoundingClientRect().right, clipped: e.scrollWidth > e.clientWidth };
    })()`);
    expect(cut.right).toBeLessThanOrEqual(PHONE.width);
    expect(cut.clipped).toBe(false);
    await fitsPhone(admin, 'admin-top-ups-empty');
    await admin.context().close();
  });

  it('fits the wallet, newest first with oldest first kept in the URL, in words', async () => {
    const customer = await signedIn(CUSTOMER);
    await customer.goto(`${shop.base}/wallet`);
    const ledger = customer.getByTestId('ledger-row');
    // The first top-up, the server paid from the wallet, and the top-up approved above (when
    // that test ran first).
    await expect.poll(() => ledger.count()).toBeGreaterThanOrEqual(2);
    const newest = await entriesOf(customer, 'ledger');
    expect(runsNewestFirst(newest), JSON.stringify(newest)).toBe(true);
    expect(newest.at(-1)).toEqual({ kind: 'CREDIT', amount: '20000.00', balance: '20000.00' });
    const events = (await customer.getByTestId('ledger-event').allTextContents()).map((t) =>
      t.trim(),
    );
    expect(events).toContain('Paid from the wallet');
    expect(events.at(-1)).toBe('Top-up approved');
    expect(await customer.locator('main').textContent()).not.toMatch(/TopUpApproved|WalletDebited/);

    await customer.getByTestId('statement-submit').click();
    const statement = customer.getByTestId('statement-row');
    await expect.poll(() => statement.count()).toBe(newest.length);
    expect(await entriesOf(customer, 'statement')).toEqual(newest);
    // The field shows the chosen moment in the portal's words over the browser's own format,
    // and the balance is "at" that moment.
    const shown = (await customer.getByTestId('date-input-shown').textContent())!.trim();
    expect(shown).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d{2} [ap]m$/);
    expect(await customer.getByTestId('statement').textContent()).toContain(`Balance at ${shown}`);
    // Totals are figures, not warnings: neither red nor green.
    expect(await customer.getByTestId('statement-debits').getAttribute('data-value')).not.toBe(
      '0.00',
    );
    const colours = await customer.evaluate<string[]>(`
      ['statement-debits', 'statement-credits', 'statement-balance'].map((id) => {
        const e = document.querySelector('[data-testid="' + id + '"]');
        return getComputedStyle(e).color === getComputedStyle(e.parentElement).color ? 'plain' : id;
      })`);
    expect(colours).toEqual(['plain', 'plain', 'plain']);
    await fitsPhone(customer, 'wallet');

    // Oldest first, for both lists, kept across a reload; back to newest first.
    const oldest = [...newest].reverse();
    await customer.getByTestId('ledger-order-oldest').click();
    await expect.poll(() => customer.url()).toContain('order=oldest');
    await expect.poll(() => entriesOf(customer, 'ledger')).toEqual(oldest);
    expect(await entriesOf(customer, 'statement')).toEqual(oldest);
    expect(await customer.getByTestId('statement-order').getAttribute('data-order')).toBe('oldest');
    await shot(customer, 'phone-wallet-oldest-first-1366');
    await customer.reload();
    await expect.poll(() => entriesOf(customer, 'ledger')).toEqual(oldest);
    await customer.getByTestId('ledger-order-newest').click();
    await expect.poll(() => customer.url()).not.toContain('order=');
    await expect.poll(() => entriesOf(customer, 'ledger')).toEqual(newest);
    // Typing into the picker shows the browser's fields instead.
    await customer.getByTestId('statement-asof').focus();
    await expect.poll(() => customer.getByTestId('date-input-shown').isVisible()).toBe(false);
    await customer.context().close();
  });

  it("fits the customer's orders, invoices and services", async () => {
    const customer = await signedIn(CUSTOMER);
    for (const [path, testid] of [
      ['/orders', 'order-row'],
      ['/billing', 'invoice-row'],
      ['/services', 'service-row'],
    ] as const) {
      await customer.goto(`${shop.base}${path}`);
      await customer.getByTestId(testid).first().waitFor();
      await fitsPhone(customer, `customer${path.replace('/', '-')}`);
    }
    await customer.context().close();
  });

  it("fits the admin's orders, invoices and servers", async () => {
    const admin = await signedIn(ADMIN);
    for (const [path, testid] of [
      ['/admin/orders', 'admin-order-row'],
      ['/admin/billing', 'admin-invoice-row'],
      ['/admin/servers', 'admin-server-row'],
      ['/admin/users', 'user-row'],
      ['/admin/outbox', 'outbox-row'],
    ] as const) {
      await admin.goto(`${shop.base}${path}`);
      await admin.getByTestId(testid).first().waitFor();
      await fitsPhone(admin, `admin${path.replace('/admin/', '-')}`);
    }
    await admin.context().close();
  });
});
