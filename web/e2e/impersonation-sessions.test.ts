import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { launchBrowser, seedCustomer, shot, signInAs, startServer } from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/** The admin's security page lists a "log in as customer" session they started (issue 9, item 2). */
const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };
const CUSTOMER = {
  email: 'farah@example.com',
  password: 'a customer passphrase',
  name: 'Farah Khan',
};

let server: RunningPlatform;
let browser: Browser;
let customerId: string;

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  customerId = await seedCustomer(server, 'e2e:farah', CUSTOMER);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("impersonation in the admin's sessions", () => {
  for (const [label, viewport] of [
    ['desktop', { width: 1366, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`shows "Impersonating <customer>" and signs it out (${label})`, async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      // Signed in at desktop width (the user menu signInAs waits for is hidden on a phone).
      await signInAs(page, server.url, ADMIN);
      await page.setViewportSize(viewport);
      // Another tab of this admin starts acting as the customer (from this browser's session).
      const sid = (await context.cookies()).find((c) => c.name === 'sid')!.value;
      const started = await server.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', cookie: `sid=${sid}` },
        payload: JSON.stringify({
          query:
            'mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }',
          variables: { input: { commandId: randomUUID(), customerId } },
        }),
      });
      expect(started.json().errors).toBeUndefined();
      await page.goto(`${server.url}/account/security`);
      const badge = page.getByTestId('session-impersonating');
      await badge.waitFor();
      expect(await badge.textContent()).toMatch(/Impersonating Farah Khan/);
      await shot(page, `impersonation-sessions-01-listed-${label}`);
      await page
        .getByTestId('session-row')
        .filter({ has: badge })
        .getByTestId('session-sign-out')
        .click();
      await badge.waitFor({ state: 'detached' });
      await shot(page, `impersonation-sessions-02-ended-${label}`);
      await context.close();
    });
  }
});
