import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  gql,
  openPage,
  seedCustomer,
  shotsAtTwoSizes,
  signInAs,
  startResellerDemo,
  type ResellerDemo,
} from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/*
 * Issue 15 §3 and §4, honest copy: the admin pages say things in words (a state by its name,
 * permissions and features by what they do), and offer only what exists (no Kubernetes switch);
 * the store says only what is true on that tenant. Screenshots at 1440 and 390 px of each page,
 * on the operator (127.0.0.1) and on KloudNests.
 */

let server: RunningPlatform;
let browser: Browser;
let reseller: ResellerDemo['reseller'];
let at: ResellerDemo['at'];
let customerId: string;
const KN = 'kloudnests.localhost';
const CUSTOMER = { email: 'asha@copy.test', password: 'copy-test-password-1', name: 'Asha Rao' };

const shots = shotsAtTwoSizes('copy');
const WIDE = { width: 1440, height: 900 };

/** A page of its own, signed in on `base` as `who`. */
async function signedIn(base: string, who: { email: string; password: string }) {
  const page = await openPage(browser, WIDE);
  await signInAs(page, base, who);
  return page;
}
const mainText = (page: Page) => page.locator('main').innerText();

beforeAll(async () => {
  ({ server, browser, reseller, at } = await startResellerDemo(['*.localhost']));
  customerId = await seedCustomer(server, 'copy-test-customer', CUSTOMER);
  const { cookie } = await gql(
    server,
    'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename } }',
    { e: CUSTOMER.email, p: CUSTOMER.password },
  );
  await gql(
    server,
    'mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { __typename } }',
    {
      input: {
        commandId: 'copy-test-profile',
        name: CUSTOMER.name,
        address: {
          line1: '12 MG Road',
          city: 'Bengaluru',
          stateCode: '29',
          postalCode: '560001',
          country: 'IN',
        },
      },
    },
    cookie,
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('copy that says only what is true, in words', () => {
  it('the operator admin: no switch for a feature that does not exist, permissions and features in words, the state by its name', async () => {
    const page = await signedIn(server.url, ADMIN);

    await page.goto(`${server.url}/admin/settings`);
    await page.getByTestId('feature-switches').waitFor();
    const switches = await page.getByTestId('feature-switches').innerText();
    expect(switches).toContain('Wallet and top-ups');
    expect(switches).toContain('Support tickets');
    expect(switches).not.toMatch(/kubernetes/i);
    expect(await page.getByTestId('feature-kubernetes').count()).toBe(0);
    await shots(page, 'operator-settings');

    const { data } = await gql(
      server,
      'query { permissionCatalog { key description } }',
      {},
      (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; '),
    );
    const catalog = data.permissionCatalog as { key: string; description: string }[];
    expect(catalog.length).toBeGreaterThan(5);
    await page.goto(`${server.url}/admin/roles`);
    await page.getByText('Approve or reject top-up requests', { exact: false }).first().waitFor();
    const roles = await mainText(page);
    expect(roles).toContain('Approve or reject top-up requests (moves money)');
    for (const { key } of catalog) expect(roles, key).not.toContain(key);
    await shots(page, 'operator-roles');

    await page.goto(`${server.url}/admin/tenants`);
    await page.getByTestId('tenants-table').waitFor();
    const tenants = await page.getByTestId('tenants-table').innerText();
    expect(tenants).toContain('Wallet and top-ups');
    expect(tenants).not.toMatch(/\bcrypto-topups\b|\bteam-accounts\b|kubernetes/i);
    await shots(page, 'operator-tenants');

    await page.goto(`${server.url}/admin/users`);
    await page.getByTestId('users-table').waitFor();
    await shots(page, 'operator-users');

    await page.goto(`${server.url}/admin/users/${customerId}`);
    await page.getByText('Billing address').waitFor();
    const user = await mainText(page);
    expect(user).toContain('12 MG Road, Bengaluru 560001, Karnataka, India');
    expect(user).not.toMatch(/\(state \d+\)/);
    await shots(page, 'operator-user');
    await page.context().close();
  });

  it('the customer: the profile names the state; the store on both tenants says what is on sale', async () => {
    const page = await signedIn(server.url, CUSTOMER);
    await page.goto(`${server.url}/account/profile`);
    await page.getByTestId('profile-state').waitFor();
    expect(await page.getByTestId('profile-state').inputValue()).toBe('29');
    expect(
      await page.locator('[data-testid="profile-state"] option:checked').innerText(),
    ).toContain('Karnataka');
    await shots(page, 'operator-profile');
    await page.context().close();

    const store = await openPage(browser, WIDE);
    for (const [name, base] of [
      ['operator', server.url],
      ['kloudnests', at(KN, '')],
    ] as const) {
      await store.goto(`${base}/store`);
      await store.locator('main h1').waitFor();
      const text = await mainText(store);
      const onSale = await store.getByTestId('store-plans').count();
      // "Pick a plan" and the GST note only over plans that are on sale.
      if (onSale === 0) {
        expect(text, name).not.toContain('Pick a plan');
        expect(text, name).toContain('No plans are on sale right now.');
      } else expect(text, name).toContain('Prices exclude GST at 18 %.');
      expect(text, name).not.toMatch(/every rupee|GST-compliant invoices/i);
      await shots(store, `${name}-store`);
    }
    await store.context().close();
  });

  it('KloudNests admin: its settings, roles and users in words too', async () => {
    const page = await signedIn(at(KN, ''), reseller);
    await page.goto(at(KN, '/admin/settings'));
    await page.getByTestId('feature-switches').waitFor();
    expect(await page.getByTestId('feature-switches').innerText()).not.toMatch(/kubernetes/i);
    await shots(page, 'kloudnests-settings');
    await page.goto(at(KN, '/admin/roles'));
    await page.getByText('Approve or reject top-up requests', { exact: false }).first().waitFor();
    expect(await mainText(page)).not.toMatch(/\bwallet\.approve\b|\bsettings\.manage\b/);
    await shots(page, 'kloudnests-roles');
    await page.goto(at(KN, '/admin/users'));
    await page.getByTestId('users-table').waitFor();
    await shots(page, 'kloudnests-users');
    await page.context().close();
  });
});
