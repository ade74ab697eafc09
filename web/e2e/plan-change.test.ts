import { describe, expect, it } from 'vitest';
import { ADMIN, openPage, shotsAtTwoSizes, signInAs } from './harness.ts';
import { allocateVpsPro, useShop, walletBalanceOf } from './commerce.ts';

/*
 * Issue 13's plan changes in the portal: a customer's VPS Pro (allocated by staff, a manual
 * server) is upgraded from its service page (the options with their price, the quote for the
 * days left with GST, paid from the wallet); the module cannot resize a manual server, so the
 * admin applies it by hand from the server's page. Then the customer downgrades: the quote
 * shows the credit, the wallet is credited by a credit note. Desktop and 390 px shots of the
 * dialog, the quotes and both pages; nothing scrolls sideways on the phone.
 */

const CUSTOMER = {
  email: 'ravi.planchange@example.com',
  password: 'e2e-customer-password-1',
  name: 'Ravi Kulkarni',
};

const shop = useShop(
  {
    customer: CUSTOMER,
    commandId: 'e2e:plan-change:customer',
    topUp: { amount: '30000.00', reference: 'UTR-E2E-PLANCHANGE-01' },
  },
  60_000,
);

const both = shotsAtTwoSizes('plan-change');
const balance = () => walletBalanceOf(shop.server, shop.customerId);
const newPage = () => openPage(shop.browser, { width: 1280, height: 900 });

describe('plan changes', () => {
  it('upgrade paid from the wallet and applied by hand by staff; downgrade credited to the wallet', async () => {
    const serviceId = await allocateVpsPro(shop, {
      commandId: 'e2e:plan-change:allocate',
      hostname: 'app.ravi.example.in',
      ipAddress: '192.0.2.80',
      sshPassword: 'Plan-Change-Pass-7',
    });

    const customer = await newPage();
    await signInAs(customer, shop.base, CUSTOMER);
    await customer.goto(`${shop.base}/services/${serviceId}`);
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
    await signInAs(admin, shop.base, ADMIN);
    await admin.goto(`${shop.base}/admin/servers/${serviceId}`);
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
