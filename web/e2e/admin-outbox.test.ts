import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, seedCustomer, shot, signInAs, startServer } from './harness.ts';
import { linkInMailbox } from '../../server/testing/mailbox.ts';
import type { RunningPlatform } from '../../server/platform.ts';

const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };
const CUSTOMER = {
  email: 'farah@example.com',
  password: 'tea gardens in munnar',
  name: 'Farah Khan',
};

let server: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  await seedCustomer(server, 'e2e:farah', CUSTOMER);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Admin → Outbox', () => {
  it('shows recipient, subject, template and delivery state; the reset link is hidden (it is only in the .eml)', async () => {
    await server.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        query: 'mutation($e:String!){ requestPasswordReset(email:$e){ email } }',
        variables: { e: CUSTOMER.email },
      }),
    });
    const token = await linkInMailbox(
      server.platform.mail.mailbox!,
      CUSTOMER.email,
      /reset-password\?token=([A-Za-z0-9_-]+)/,
    );

    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 } })
    ).newPage();
    await signInAs(page, server.url, ADMIN);
    for (const [width, name] of [
      [1366, 'desktop'],
      [390, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/admin/outbox`);
      const row = page
        .locator('[data-testid="outbox-row"]')
        .filter({ hasText: CUSTOMER.email })
        .filter({ hasText: 'reset your password' });
      await expect
        .poll(
          async () => {
            await page.reload();
            return row.getByTestId('outbox-status').textContent();
          },
          { timeout: 10_000 },
        )
        .toBe('SENT');
      await shot(page, `outbox-01-list-${name}`);
      await row.getByTestId('outbox-view').click();
      const text = (await page.getByTestId('outbox-text').textContent())!;
      expect(text).toContain('[link hidden]');
      expect(text).not.toContain(token);
      expect(await page.getByTestId('outbox-dialog-kind').textContent()).toBe('Reset password');
      expect(await page.getByTestId('outbox-delivery').textContent()).toContain(
        'Local mailbox on the server',
      );
      expect(await page.content()).not.toContain(token);
      await shot(page, `outbox-02-read-${name}`);
    }
  });
});
