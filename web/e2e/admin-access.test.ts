import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkInMailbox } from '../../server/testing/mailbox.ts';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, shot, startServer, signInAs, seedCustomer } from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';

const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };
const CUSTOMER = {
  email: 'asha@example.com',
  password: 'e2e-customer-password-1',
  name: 'Asha Verma',
};

let server: RunningPlatform;
let browser: Browser;
let base: string;

const signIn = (page: Page, who: { email: string; password: string }) => signInAs(page, base, who);

const newPage = async () =>
  (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  base = server.url;
  await seedCustomer(server, 'e2e:asha', CUSTOMER);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('admin over users, roles and teams in the browser', () => {
  it('finds a customer, logs in as them under a banner, and every action shows both in their activity', async () => {
    const admin = await newPage();
    await signIn(admin, ADMIN);
    await admin.getByTestId('nav-admin-users').first().click();
    await admin.getByTestId('users-search').fill('asha');
    await admin.getByTestId('users-search-submit').click();
    await expect.poll(() => admin.getByTestId('user-row').count()).toBe(1);
    await shot(admin, 'access-01-users');
    await admin.getByTestId('user-link').click();
    await admin.getByTestId('user-profile').waitFor();
    await shot(admin, 'access-02-user-detail');

    await admin.getByTestId('impersonate').click();
    await admin.getByTestId('impersonation-banner').waitFor();
    expect(await admin.getByTestId('impersonation-banner').textContent()).toContain(
      'Administrator',
    );
    expect(await admin.getByTestId('sign-out').count()).toBe(0);
    await shot(admin, 'access-03-impersonating');
    await admin.goto(`${base}/account/activity`);
    const row = admin.locator('[data-testid="activity-row"][data-kind="ImpersonationStarted"]');
    await row.waitFor();
    expect(await row.getAttribute('data-impersonated')).toBe('true');
    await shot(admin, 'access-04-customer-activity');

    await admin.getByTestId('stop-impersonating').click();
    await admin.getByTestId('user-profile').waitFor();
    await admin.locator('[data-testid="activity-row"][data-kind="ImpersonationEnded"]').waitFor();
    expect(await admin.getByTestId('impersonation-banner').count()).toBe(0);

    await admin.getByTestId('suspend').click();
    await admin.getByTestId('suspend-reason').fill('Chargeback under investigation');
    await admin.getByTestId('suspend-confirm').click();
    await expect
      .poll(() => admin.getByTestId('user-status').getAttribute('data-status'))
      .toBe('SUSPENDED');
    await shot(admin, 'access-05-suspended');
    await admin.getByTestId('reactivate').click();
    await expect
      .poll(() => admin.getByTestId('user-status').getAttribute('data-status'))
      .toBe('ACTIVE');
  });

  it('makes a custom role from permissions', async () => {
    const admin = await newPage();
    await signIn(admin, ADMIN);
    await admin.goto(`${base}/admin/roles`);
    await admin.getByTestId('role-new').click();
    await admin.getByTestId('role-name').fill('Collections');
    await admin.getByTestId('role-permission-wallet.view').check();
    await admin.getByTestId('role-permission-wallet.approve').check();
    await admin.getByTestId('role-save').click();
    await admin.locator('[data-testid="role-card"][data-role="Collections"]').waitFor();
    await shot(admin, 'access-06-roles');
  });

  it('a customer invites a team member, who joins from the mailed link and works on the account', async () => {
    const admin = await newPage();
    await signIn(admin, ADMIN);
    await admin.goto(`${base}/admin/settings`);
    await admin.getByTestId('feature-toggle-team-accounts').check();
    await expect
      .poll(() => admin.getByTestId('feature-team-accounts').getAttribute('data-enabled'))
      .toBe('true');

    const customer = await newPage();
    await signIn(customer, CUSTOMER);
    await customer.getByTestId('nav-account-team').first().click();
    await customer.getByTestId('team-invite').click();
    await customer.getByTestId('invite-name').fill('Ravi Kumar');
    await customer.getByTestId('invite-email').fill('ravi@example.com');
    await customer.getByTestId('invite-role').selectOption('billing');
    await customer.getByTestId('invite-submit').click();
    await customer
      .locator('[data-testid="team-invitation"][data-email="ravi@example.com"]')
      .waitFor();
    await shot(customer, 'access-07-team-invited');

    const link = await linkInMailbox(
      server.platform.mail.mailbox!,
      'ravi@example.com',
      /(https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+)/,
    );
    const member = await newPage();
    await member.goto(link.replace(/^https?:\/\/[^/]+/, base));
    await member.getByTestId('invite-password').fill('ravi-team-password-1');
    await member.getByTestId('invite-password-repeat').fill('ravi-team-password-1');
    await shot(member, 'access-08-invitation');
    await member.getByTestId('invite-accept').click();
    await member.getByTestId('invite-sign-in').waitFor();
    await signIn(member, { email: 'ravi@example.com', password: 'ravi-team-password-1' });
    expect(await member.getByTestId('current-user').textContent()).toContain('Team member');
    expect(await member.getByTestId('sidebar').getByTestId('nav-wallet-add-funds').count()).toBe(1);
    expect(await member.getByTestId('sidebar').getByTestId('nav-account-team').count()).toBe(0);
    await shot(member, 'access-09-member');

    await customer.reload();
    await customer.locator('[data-testid="team-member"][data-email="ravi@example.com"]').waitFor();
    await shot(customer, 'access-10-team');
  });
});
