import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  seedCustomer,
  shot,
  sidewaysOverflow,
  signInAs,
  spillingTables,
  startServer,
} from './harness.ts';
import { approveTopUp, requestTopUp } from '../../commands/wallet/top-ups.ts';
import { allocateServer } from '../../commands/services/allocate.ts';
import { seedCatalog, type CatalogSeed } from '../../server/demo-catalog.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { firstAdminId } from '../../projections/identity/queries.ts';
import { walletBalance } from '../../projections/wallet/queries.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/*
 * Issue 13's plan changes in the portal: a customer's VPS Pro (allocated by staff, a manual
 * server) is upgraded from its service page (the options with their price, the quote for the
 * days left with GST, paid from the wallet); the module cannot resize a manual server, so the
 * admin applies it by hand from the server's page. Then the customer downgrades: the quote
 * shows the credit, the wallet is credited by a credit note. Desktop and 390 px shots of the
 * dialog, the quotes and both pages; nothing scrolls sideways on the phone.
 */

const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };
const CUSTOMER = {
  email: 'ravi.planchange@example.com',
  password: 'e2e-customer-password-1',
  name: 'Ravi Kulkarni',
};

let server: RunningPlatform;
let browser: Browser;
let base: string;
let customerId: string;
let catalog: CatalogSeed;

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  base = server.url;
  customerId = await seedCustomer(server, 'e2e:plan-change:customer', CUSTOMER);
  catalog = await seedCatalog(server.platform.wallet, OPERATOR_TENANT_ID, {
    prefix: 'e2e:catalog',
  });
  for (const p of catalog.positions) await server.platform.projections.waitFor(p, 10_000);
  await topUp('30000.00', 'UTR-E2E-PLANCHANGE-01');
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function both(page: Page, name: string) {
  expect(await spillingTables(page), `${name}: a table spills out of its box`).toBe(0);
  await shot(page, `plan-change-${name}`);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const overflow = await sidewaysOverflow(page);
  await shot(page, `plan-change-${name}-390`);
  await page.setViewportSize(size);
  await page.waitForTimeout(100);
  expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
}

async function topUp(amount: string, reference: string) {
  const deps = server.platform.wallet;
  const req = await requestTopUp(
    deps,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: customerId, role: 'customer' },
      commandId: `e2e:${reference}`,
    },
    {
      amount,
      method: 'BANK_TRANSFER',
      reference,
      proof: { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG },
    },
  );
  await server.platform.projections.waitFor(req.position!, 10_000);
  const adminId = (await firstAdminId(server.platform.sql, OPERATOR_TENANT_ID))!;
  const ok = await approveTopUp(
    deps,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: adminId, role: 'admin' },
      commandId: `e2e:approve:${reference}`,
      permissions: ['wallet.approve'],
    },
    { topUpId: req.topUpId },
  );
  await server.platform.projections.waitFor(ok.position!, 10_000);
}

const balance = async () =>
  (await server.platform.sql.begin((tx) => walletBalance(tx, customerId))) ?? '0.00';

async function newPage(): Promise<Page> {
  return (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
}

describe('plan changes', () => {
  it('upgrade paid from the wallet and applied by hand by staff; downgrade credited to the wallet', async () => {
    const adminId = (await firstAdminId(server.platform.sql, OPERATOR_TENANT_ID))!;
    const allocated = await allocateServer(
      { ...server.platform.wallet, sealKey: server.platform.services.sealKey },
      {
        tenantId: OPERATOR_TENANT_ID,
        actor: { userId: adminId, role: 'admin' },
        commandId: 'e2e:plan-change:allocate',
        permissions: ['services.manage', 'billing.manage'],
      },
      {
        customerId,
        planId: catalog.plans['vps-pro'],
        cycle: 'MONTHLY',
        dataCentreId: catalog.dataCentres['mumbai'],
        operatingSystemId: catalog.operatingSystems['ubuntu'],
        hostname: 'app.ravi.example.in',
        ipAddresses: ['192.0.2.80'],
        ssh: { username: 'root', password: 'Plan-Change-Pass-7', port: 22 },
        payment: 'WALLET',
        sendEmail: false,
      },
    );
    await server.platform.projections.waitFor(allocated.position!, 10_000);
    const serviceId = allocated.serviceId;

    const customer = await newPage();
    await signInAs(customer, base, CUSTOMER);
    await customer.goto(`${base}/services/${serviceId}`);
    await customer.getByTestId('service-plan-card').waitFor();
    expect(await customer.getByTestId('plan-name').textContent()).toContain('VPS Pro');
    await both(customer, 'service-page');

    // The options: the other VPS plans offered monthly, with their price and direction.
    await customer.getByTestId('change-plan').click();
    await customer.getByTestId('plan-change-dialog').waitFor();
    await customer.getByTestId('plan-option').first().waitFor();
    const names = await customer.getByTestId('plan-option').allTextContents();
    expect(names.join(' | ')).toMatch(/VPS Starter.*Downgrade/);
    expect(names.join(' | ')).toMatch(/VPS Business.*Upgrade/);
    expect(names.join(' | ')).not.toMatch(/Shared/);
    await both(customer, 'options');

    // The upgrade's quote: days left, the proration line, GST; pay from the wallet.
    await customer
      .locator('[data-testid="plan-option"][data-plan-id]', { hasText: 'VPS Business' })
      .click();
    const quote = customer.getByTestId('plan-change-quote');
    await quote.waitFor();
    expect(await quote.getAttribute('data-direction')).toBe('UPGRADE');
    expect(await customer.getByTestId('plan-change-days').textContent()).toMatch(
      /\d+ of (28|29|30|31) days left/,
    );
    expect(await customer.getByTestId('plan-change-doc').textContent()).toMatch(/CGST|IGST/);
    await both(customer, 'upgrade-quote');
    const before = await balance();
    await customer.getByTestId('plan-change-wallet').click();
    await customer
      .locator('[data-testid="service-notice"], [data-testid="plan-change-error"]')
      .first()
      .waitFor();
    expect(
      await customer.getByTestId('plan-change-error').count(),
      await customer
        .getByTestId('plan-change-error')
        .allTextContents()
        .then((t) => t.join(' ')),
    ).toBe(0);
    expect(await customer.getByTestId('service-notice').textContent()).toMatch(
      /Paid; the upgrade to VPS Business is applied by our team/,
    );
    expect(Number(await balance())).toBeLessThan(Number(before));
    const pending = customer.getByTestId('pending-plan-change');
    await pending.waitFor();
    expect(await pending.getAttribute('data-status')).toBe('AWAITING_STAFF');
    await both(customer, 'upgrade-pending');

    // Staff: the manual server is resized by hand, then the change applied.
    const admin = await newPage();
    await signInAs(admin, base, ADMIN);
    await admin.goto(`${base}/admin/servers/${serviceId}`);
    await admin.getByTestId('apply-plan-change').waitFor();
    await both(admin, 'admin-awaiting-staff');
    await admin.getByTestId('apply-plan-change').click();
    await admin.getByTestId('service-command-dialog').waitFor();
    await both(admin, 'admin-apply-dialog');
    await admin.getByTestId('service-command-confirm').click();
    await admin.getByTestId('action-success').waitFor();
    expect(await admin.getByTestId('action-success').textContent()).toContain(
      'Changed to VPS Business',
    );
    await admin.getByTestId('pending-plan-change').waitFor({ state: 'detached' });
    // The page reloads its service after the change: the new plan shows once it has.
    await admin
      .getByTestId('plan-name')
      .filter({ hasText: 'VPS Business' })
      .waitFor({ timeout: 10_000 });

    // The customer downgrades: the quote shows the credit, the wallet is credited.
    await customer.reload();
    await customer.getByTestId('change-plan').click();
    await customer.getByTestId('plan-option').first().waitFor();
    await customer.locator('[data-testid="plan-option"]', { hasText: 'VPS Starter' }).click();
    await customer.getByTestId('plan-change-credit').waitFor();
    expect(await quote.getAttribute('data-direction')).toBe('DOWNGRADE');
    await both(customer, 'downgrade-quote');
    const beforeCredit = await balance();
    await customer.getByTestId('plan-change-confirm').click();
    await customer.getByTestId('service-notice').waitFor();
    await customer.waitForFunction(
      `!!document.querySelector('[data-testid="service-notice"]')?.textContent?.includes('Credited')
        || !!document.querySelector('[data-testid="service-notice"]')?.textContent?.includes('credited')`,
    );
    expect(Number(await balance())).toBeGreaterThan(Number(beforeCredit));
    await both(customer, 'downgraded');
  }, 120_000);
});
