import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import path from 'node:path';
import {
  ARTIFACTS,
  launchBrowser,
  shot,
  sidewaysOverflow,
  signInAs,
  startServer,
} from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/**
 * Admin → Plans on the demo catalog: a plan is created with two cycles (a bad price is named
 * beside its field first, and nothing is saved), repriced and retired; customers then no longer
 * see it. Data centres, add-ons and systems pages list the demo's entries. Desktop and 390 px.
 */

const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };

let server: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DEMO: 'true',
  });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function publicPlans(): Promise<{ name: string; visibility: string }[]> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ query: '{ catalog { plans { name visibility } } }' }),
  });
  return (res.json() as { data: { catalog: { plans: { name: string; visibility: string }[] } } })
    .data.catalog.plans;
}

/** What the viewport shows (a full-page shot of a long list is too tall to look at). */
const screen = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

/** Nothing on the page is wider than the viewport (no sideways scrolling). */
async function fitsWidth(page: Page) {
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
}

const row = (page: Page, name: string) =>
  page
    .getByTestId('plan-row')
    .filter({ has: page.getByTestId('plan-row-name').getByText(name, { exact: true }) });

describe('Admin → Plans', () => {
  it('creates a plan with two cycles, reprices it and retires it', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 } })
    ).newPage();
    await signInAs(page, server.url, ADMIN);
    // The sidebar offers the catalog pages to the admin.
    for (const label of ['Plans', 'Data centres', 'Add-ons', 'Operating systems'])
      await page.getByRole('link', { name: label, exact: true }).first().waitFor();

    await page.goto(`${server.url}/admin/plans`);
    await page.getByTestId('plan-row').first().waitFor();
    expect(await page.getByTestId('plan-row').count()).toBeGreaterThanOrEqual(13);
    await expect
      .poll(() => row(page, 'VPS Pro').getByTestId('plan-row-monthly').textContent())
      .toBe('₹1,234.56');
    await page.getByTestId('plan-filter-DEDICATED').click();
    expect(await page.getByTestId('plan-row').count()).toBe(3);
    await page.getByTestId('plan-filter-ALL').click();
    await shot(page, 'admin-catalog-plans-desktop');

    await page.getByTestId('plan-new').click();
    const dialog = page.getByTestId('plan-dialog');
    await dialog.waitFor();
    await page.getByTestId('plan-name').fill('VPS Launch 3');
    await page.getByTestId('plan-description').fill('Three cores for a product launch');
    await page.getByTestId('plan-vCpu').fill('3');
    await page.getByTestId('plan-ramGb').fill('6');
    await page.getByTestId('plan-diskGb').fill('120');
    await page.getByTestId('plan-bandwidthTb').fill('3');
    await dialog.locator('[data-testid="plan-dcs-option"][data-label="US East"]').check();
    await dialog.locator('[data-testid="plan-dcs-option"][data-label="India West"]').check();
    await dialog.locator('[data-testid="plan-oses-option"][data-label="Ubuntu 24.04 LTS"]').check();
    await page.getByTestId('plan-offer-MONTHLY').check();
    await page.getByTestId('plan-price-MONTHLY').fill('649.00');
    await page.getByTestId('plan-offer-ANNUAL').check();
    await page.getByTestId('plan-price-ANNUAL').fill('7009.1234567');
    await page.getByTestId('plan-save').click();
    // The bad price is named beside its own field, and nothing was created.
    await page.getByTestId('plan-error-ANNUAL').waitFor();
    expect(await page.getByTestId('plan-error-ANNUAL').textContent()).toMatch(/decimal/i);
    expect(await page.getByTestId('plan-error-MONTHLY').count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 900 });
    await shot(page, 'admin-catalog-plan-dialog-error-phone');
    await page.getByTestId('plan-price-ANNUAL').scrollIntoViewIfNeeded();
    await screen(page, 'admin-catalog-plan-dialog-error-phone-view');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId('plan-price-ANNUAL').fill('7009.20');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('action-success').waitFor();
    expect(await page.getByTestId('action-success').textContent()).toContain(
      'VPS Launch 3 created',
    );
    const made = row(page, 'VPS Launch 3');
    await expect.poll(() => made.getByTestId('plan-row-monthly').textContent()).toBe('₹649.00');
    expect(await made.getByTestId('plan-row-cycles').textContent()).toBe('Monthly · Annual');
    expect(await made.getAttribute('data-visibility')).toBe('PUBLIC');
    expect((await publicPlans()).map((p) => p.name)).toContain('VPS Launch 3');

    await made.getByTestId('plan-reprice').click();
    await page.getByTestId('reprice-dialog').waitFor();
    await page.getByTestId('reprice-price-MONTHLY').fill('699.50');
    await page.getByTestId('reprice-save').click();
    await page.getByTestId('action-success').filter({ hasText: 'repriced' }).waitFor();
    await expect.poll(() => made.getByTestId('plan-row-monthly').textContent()).toBe('₹699.50');

    await made.getByTestId('plan-retire').click();
    await page.getByTestId('action-success').filter({ hasText: 'retired' }).waitFor();
    await expect.poll(() => made.getAttribute('data-visibility')).toBe('RETIRED');
    expect(await made.getByTestId('plan-visibility-badge').textContent()).toContain('Retired');
    expect((await publicPlans()).map((p) => p.name)).not.toContain('VPS Launch 3');
    await shot(page, 'admin-catalog-plans-retired-desktop');

    await page.setViewportSize({ width: 390, height: 900 });
    await page.reload();
    await page.getByTestId('plan-row').first().waitFor();
    await fitsWidth(page);
    await shot(page, 'admin-catalog-plans-phone');
    await screen(page, 'admin-catalog-plans-phone-view');
  });

  it('lists data centres, add-ons and systems; each page fits a phone', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 } })
    ).newPage();
    await signInAs(page, server.url, ADMIN);
    for (const [path, testid, count, name] of [
      ['datacenters', 'dc-row', 5, 'datacenters'],
      ['addons', 'addon-row', 7, 'addons'],
      ['operating-systems', 'os-row', 5, 'operating-systems'],
    ] as const) {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`${server.url}/admin/${path}`);
      await page.getByTestId(testid).first().waitFor();
      expect(await page.getByTestId(testid).count()).toBe(count);
      await shot(page, `admin-catalog-${name}-desktop`);
      await page.setViewportSize({ width: 390, height: 900 });
      await fitsWidth(page);
      await shot(page, `admin-catalog-${name}-phone`);
    }
    // A data centre with a bad country code: the error is beside the field.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${server.url}/admin/datacenters`);
    await page.getByTestId('dc-new').click();
    await page.getByTestId('dc-name').fill('India South');
    await page.getByTestId('dc-city').fill('Chennai');
    await page.getByTestId('dc-country').fill('1');
    await page.getByTestId('dc-save').click();
    await page.getByTestId('dc-country-error').waitFor();
    await page.getByTestId('dc-country').fill('IN');
    await page.getByTestId('dc-save').click();
    await page.getByTestId('action-success').waitFor();
    await expect.poll(() => page.getByTestId('dc-row').count()).toBe(6);
  });
});
