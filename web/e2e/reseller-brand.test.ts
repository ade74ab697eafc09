import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, shot, startResellerDemo, submitLogin, type ResellerDemo } from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';

let server: RunningPlatform;
let browser: Browser;
let reseller: ResellerDemo['reseller'];
let at: ResellerDemo['at'];

/** The brand colour the portal applied (a string expression: this file is compiled without the DOM types). */
const brandColour = (page: Page) =>
  page.evaluate<string>("document.documentElement.style.getPropertyValue('--brand')");

const signIn = (page: Page, host: string, who: { email: string; password: string }) =>
  submitLogin(page, at(host, ''), who);

beforeAll(async () => {
  ({ server, browser, reseller, at } = await startResellerDemo(['*.localhost']));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the reseller's brand on its host name", () => {
  it('each host serves its own brand; the reseller admin works in their own portal only', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();

    await page.goto(at('kloudnests.localhost', '/login'));
    await expect
      .poll(() => page.getByTestId('brand-name').first().textContent())
      .toBe('KloudNests');
    await expect.poll(() => page.title()).toContain('KloudNests');
    expect(
      await page.getByText('Enterprise Cloud Infrastructure Provider').first().isVisible(),
    ).toBe(true);
    await expect.poll(() => brandColour(page)).toBe('#0d9488');
    await shot(page, 'reseller-01-kloudnests-login');

    await page.goto(at('akashone.localhost', '/login'));
    await expect
      .poll(() => page.getByTestId('brand-name').first().textContent())
      .toBe('AkashOne.com');
    await expect.poll(() => brandColour(page)).toBe('#3b82f6');
    await shot(page, 'reseller-02-akashone-login');

    // The reseller's admin is unknown on the operator's host.
    await signIn(page, 'akashone.localhost', reseller);
    await page.getByTestId('login-error').waitFor();

    await signIn(page, 'kloudnests.localhost', reseller);
    await page.getByTestId('current-user').waitFor();
    const sidebar = page.getByTestId('sidebar');
    await expect.poll(() => sidebar.getByTestId('brand-name').textContent()).toBe('KloudNests');
    expect(await sidebar.textContent()).toContain('support@kloudnests.com');
    for (const link of [
      'nav-admin-users',
      'nav-admin-roles',
      'nav-admin-settings',
      'nav-admin-top-ups',
    ])
      expect(await sidebar.getByTestId(link).count(), link).toBe(1);
    expect(await sidebar.getByTestId('nav-admin-tenants').count()).toBe(0);
    await shot(page, 'reseller-03-kloudnests-admin');

    // Their users are their own: the operator's demo customer is not among them.
    await page.goto(at('kloudnests.localhost', '/admin/users'));
    await page.getByTestId('users-table').waitFor();
    await expect.poll(() => page.getByTestId('user-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('users-table').textContent()).toContain('demo@kloudnests.com');
    expect(await page.getByTestId('users-table').textContent()).not.toContain('demo@akashone.com');

    // A new colour is served on the reseller's host at once.
    await page.goto(at('kloudnests.localhost', '/admin/settings'));
    await page.getByTestId('brand-primary').fill('#7c3aed');
    await page.getByTestId('settings-brand-save').click();
    await page.getByTestId('settings-brand-saved').waitFor();
    await expect.poll(() => brandColour(page)).toBe('#7c3aed');
    await shot(page, 'reseller-04-kloudnests-settings');

    // Billing settings: partial payments on, unpaid orders wait 10 days; a bad number names its field.
    await page.getByTestId('billing-unpaid-days').fill('0');
    await page.getByTestId('settings-billing-save').click();
    await page.getByTestId('settings-billing-error').waitFor();
    expect(await page.locator('#billing-unpaid-days-error').textContent()).toMatch(/1 to 90/);
    await page.getByTestId('billing-partial').check();
    await page.getByTestId('billing-unpaid-days').fill('10');
    await page.getByTestId('settings-billing-save').click();
    await page.getByTestId('settings-billing-saved').waitFor();
    await page.reload();
    await page.getByTestId('billing-unpaid-days').waitFor();
    expect(await page.getByTestId('billing-unpaid-days').inputValue()).toBe('10');
    expect(await page.getByTestId('billing-partial').isChecked()).toBe(true);
    await page.getByTestId('settings-billing-save').scrollIntoViewIfNeeded();
    await shot(page, 'reseller-04b-billing-settings');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('settings-billing-save').scrollIntoViewIfNeeded();
    await shot(page, 'reseller-04b-billing-settings-390');
    await context.close();
  });

  it('the super admin sees every tenant; switching a feature off hides it from the reseller’s sidebar', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'akashone.localhost', ADMIN);
    await page.getByTestId('current-user').waitFor();
    await page.getByTestId('nav-admin-tenants').first().click();
    await page.getByTestId('tenants-table').waitFor();
    await expect.poll(() => page.getByTestId('tenant-row').count()).toBe(2);
    expect(await page.locator('[data-tenant="kloudnests"]').textContent()).toContain(
      'kloudnests.localhost',
    );
    await shot(page, 'reseller-05-operator-tenants');

    await page.goto(at('akashone.localhost', '/admin/settings?tenant=kloudnests'));
    const wallet = page.getByTestId('feature-toggle-wallet');
    await wallet.waitFor();
    expect(await wallet.isChecked()).toBe(true);
    await wallet.uncheck();
    await expect
      .poll(() => page.getByTestId('feature-wallet').getAttribute('data-enabled'))
      .toBe('false');

    const customer = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 } })
    ).newPage();
    const demo = server.created.find((c) => c.email === 'demo@kloudnests.com')!;
    await signIn(customer, 'kloudnests.localhost', demo);
    await customer.getByTestId('current-user').waitFor();
    // The dashboard leaves the wallet out rather than failing.
    await customer.getByTestId('welcome').waitFor();
    expect(await customer.getByTestId('error-page').count()).toBe(0);
    expect(await customer.getByTestId('dashboard-wallet-link').count()).toBe(0);
    expect(await customer.getByTestId('sidebar').getByTestId('nav-wallet').count()).toBe(0);
    expect(await customer.getByTestId('sidebar').getByTestId('nav-account-activity').count()).toBe(
      1,
    );
    await shot(customer, 'reseller-06-kloudnests-customer-without-wallet');
    await context.close();
  });
});
