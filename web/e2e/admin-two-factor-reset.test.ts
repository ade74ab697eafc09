import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../commands/identity/totp.ts';
import {
  ADMIN,
  gql,
  launchBrowser,
  openPage,
  seedCustomer,
  shot,
  signInAs,
  startServer,
} from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';

const CUSTOMER = {
  email: 'nikhil@example.com',
  password: 'a phone left in a taxi',
  name: 'Nikhil Rao',
};

let server: RunningPlatform;
let browser: Browser;
let base: string;
let customerId: string;
let secret: string;

const newPage = () => openPage(browser);

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  base = server.url;
  customerId = await seedCustomer(server, 'e2e:nikhil', CUSTOMER);
  // The customer turned two-factor on earlier (the set-up pages have their own browser test).
  const { cookie } = await gql(
    server,
    'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next } }',
    { e: CUSTOMER.email, p: CUSTOMER.password },
  );
  secret = (await gql(server, 'mutation { startTwoFactorSetup { secret } }', {}, cookie)).data
    .startTwoFactorSetup.secret;
  await gql(
    server,
    'mutation($c:String!){ confirmTwoFactorSetup(code:$c){ recoveryCodes } }',
    { c: totpCode(secret, new Date()) },
    cookie,
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signInWithCode(page: Page) {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(CUSTOMER.email);
  await page.getByTestId('login-password').fill(CUSTOMER.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-code-form').waitFor();
  // The step that turned it on is used up: the next one (one step of drift is allowed).
  await page.getByTestId('login-code').fill(totpCode(secret, new Date(Date.now() + 30_000)));
  await page.getByTestId('login-code-submit').click();
  await page.getByTestId('current-user').waitFor();
}

describe('support resets a customer’s two-factor authentication (lost phone)', () => {
  it('asks for a reason, turns it off, ends the customer’s session and logs it; the customer signs in with the password alone', async () => {
    const customer = await newPage();
    await signInWithCode(customer);

    const admin = await newPage();
    await signInAs(admin, base, ADMIN);
    await admin.goto(`${base}/admin/users/${customerId}`);
    await admin.getByTestId('user-profile').waitFor();
    expect(await admin.getByTestId('user-two-factor').getAttribute('data-enabled')).toBe('true');
    await admin.getByTestId('reset-2fa').click();
    await admin.getByTestId('reset-2fa-dialog').waitFor();
    await admin.getByTestId('reset-2fa-confirm').click();
    await admin.getByTestId('reset-2fa-reason-error').waitFor();
    await shot(admin, 'reset-2fa-01-reason-required');
    await admin
      .getByTestId('reset-2fa-reason')
      .fill('Lost phone and recovery codes; identity checked on a call to the registered number');
    await shot(admin, 'reset-2fa-02-dialog');
    await admin.getByTestId('reset-2fa-confirm').click();

    await admin.getByTestId('user-notice').waitFor();
    expect(await admin.getByTestId('user-notice').textContent()).toContain(
      'Two-factor authentication is off for Nikhil Rao',
    );
    await expect
      .poll(() => admin.getByTestId('user-two-factor').getAttribute('data-enabled'))
      .toBe('false');
    expect(await admin.getByTestId('reset-2fa').count()).toBe(0);
    const row = admin.locator('[data-testid="activity-row"][data-kind="TwoFactorReset"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('identity checked on a call');
    expect(await row.getByTestId('activity-actor').textContent()).toBe('Administrator');
    await shot(admin, 'reset-2fa-03-done');

    const [mail] = await server.platform
      .sql`select subject from rm_mail.outbox where to_address = ${CUSTOMER.email} order by queued_at desc, id limit 1`;
    expect(mail!.subject).toBe('AkashOne.com: two-factor authentication was turned off by support');

    await customer.goto(`${base}/account/security`);
    await customer.getByTestId('login-form').waitFor();
    await signInAs(customer, base, CUSTOMER);
    await customer.goto(`${base}/account/security`);
    await expect.poll(() => customer.getByTestId('two-factor-status').textContent()).toBe('Off');
    await shot(customer, 'reset-2fa-04-customer-security');
  });
});
