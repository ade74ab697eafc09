import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import path from 'node:path';
import {
  ADMIN,
  ARTIFACTS,
  DESKTOP,
  shot,
  signInAs,
  startResellerDemo,
  type ResellerDemo,
} from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/**
 * A reseller's new host name waits for the operator (issue 9 item 8): the reseller reads
 * "waiting for approval" beside it, the host serves no site until then (issue 15), and the
 * operator approves or rejects it (with a reason) from Admin → Tenants.
 */
const SHOP = 'shop.example.net';
const BAD = 'bad.example.net';

let server: RunningPlatform;
let browser: Browser;
let reseller: ResellerDemo['reseller'];
let at: ResellerDemo['at'];

/** What a phone shows around the host list (a full-page shot of the long settings page is unreadable). */
async function phoneShot(page: Page, name: string) {
  await page.getByTestId('host-states').waitFor();
  await page.evaluate(
    "document.querySelector('[data-testid=host-states]').scrollIntoView({ block: 'center' })",
  );
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
const PHONE = { width: 390, height: 844 };

const signIn = (page: Page, host: string, who: { email: string; password: string }) =>
  signInAs(page, at(host, ''), who);

/** The brand a host serves, as its login page shows it ("No such site" where none does). */
async function brandAt(context: BrowserContext, host: string): Promise<string> {
  const page = await context.newPage();
  await page.goto(at(host, '/login'));
  if ((await page.title()) === 'No such site') {
    await page.close();
    return 'No such site';
  }
  const name = (await page.getByTestId('brand-name').first().textContent())?.trim() ?? '';
  await page.close();
  return name;
}

beforeAll(async () => {
  ({ server, browser, reseller, at } = await startResellerDemo(['*.localhost', '*.example.net']));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a reseller’s new host names wait for the operator', () => {
  it('pending beside the host, no site until approved; a rejected host shows why', async () => {
    const resellerContext = await browser.newContext({ viewport: DESKTOP });
    const page = await resellerContext.newPage();
    await signIn(page, 'kloudnests.localhost', reseller);
    await page.goto(at('kloudnests.localhost', '/admin/settings'));
    await page.getByTestId('brand-domains').fill(`kloudnests.localhost\n${SHOP}\n${BAD}`);
    await page.getByTestId('settings-brand-save').click();
    await page.getByTestId('settings-brand-saved').waitFor();
    const shop = page.locator(`[data-testid="host-state"][data-host="${SHOP}"]`);
    await expect.poll(() => shop.getAttribute('data-status')).toBe('PENDING');
    expect(await shop.textContent()).toContain('Waiting for approval');
    expect(
      await page
        .locator(`[data-testid="host-state"][data-host="kloudnests.localhost"]`)
        .textContent(),
    ).toContain('Serving');
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'hosts-01-reseller-pending-desktop');
    await page.setViewportSize(PHONE);
    await phoneShot(page, 'hosts-02-reseller-pending-phone');

    // Until the operator decides, the new host serves no site (issue 15: no fallback brand).
    const visitor = await browser.newContext({ viewport: DESKTOP });
    expect(await brandAt(visitor, SHOP)).toBe('No such site');

    const operatorContext = await browser.newContext({ viewport: DESKTOP });
    const op = await operatorContext.newPage();
    await signIn(op, 'akashone.localhost', ADMIN);
    await op.goto(at('akashone.localhost', '/admin/tenants'));
    await op.getByTestId('pending-hosts').waitFor();
    await expect.poll(() => op.getByTestId('pending-host').count()).toBe(2);
    expect(await op.locator('[data-tenant="kloudnests"]').textContent()).toContain(
      `${SHOP} (waiting for approval)`,
    );
    await shot(op, 'hosts-03-operator-pending-desktop');

    // Reject one, with a reason; the dialog refuses an empty reason.
    await op
      .locator(`[data-testid="pending-host"][data-host="${BAD}"]`)
      .getByTestId('host-reject')
      .click();
    await op.getByTestId('host-reject-dialog').waitFor();
    await op.getByTestId('host-reject-confirm').click();
    await op.getByTestId('host-reject-reason-error').waitFor();
    await op.getByTestId('host-reject-reason').fill('This domain belongs to another company.');
    await shot(op, 'hosts-04-operator-reject-dialog-desktop');
    await op.getByTestId('host-reject-confirm').click();
    await expect.poll(() => op.getByTestId('pending-host').count()).toBe(1);

    // Approve the other: from now on it serves the reseller.
    await op.setViewportSize(PHONE);
    await shot(op, 'hosts-05-operator-pending-phone');
    await op
      .locator(`[data-testid="pending-host"][data-host="${SHOP}"]`)
      .getByTestId('host-approve')
      .click();
    await expect.poll(() => op.getByTestId('pending-hosts').count()).toBe(0);
    expect(await op.locator('[data-tenant="kloudnests"]').textContent()).toContain(SHOP);
    await op.setViewportSize(DESKTOP);
    await shot(op, 'hosts-06-operator-decided-desktop');
    await expect.poll(() => brandAt(visitor, SHOP)).toBe('KloudNests');
    expect(await brandAt(visitor, BAD)).toBe('No such site');

    // The reseller reads both decisions.
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await expect.poll(() => shop.getAttribute('data-status')).toBe('APPROVED');
    const bad = page.locator(`[data-testid="host-state"][data-host="${BAD}"]`);
    expect(await bad.getAttribute('data-status')).toBe('REJECTED');
    expect(await bad.textContent()).toContain('This domain belongs to another company.');
    expect(await page.getByTestId('brand-domains').inputValue()).toBe(
      `kloudnests.localhost\n${SHOP}`,
    );
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'hosts-07-reseller-decided-desktop');
    await page.setViewportSize(PHONE);
    await phoneShot(page, 'hosts-08-reseller-decided-phone');
    await Promise.all([resellerContext.close(), operatorContext.close(), visitor.close()]);
  });
});
