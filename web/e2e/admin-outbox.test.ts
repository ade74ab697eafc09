import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  seedCustomer,
  shot,
  sidewaysOverflow,
  signInAs,
  startServer,
} from './harness.ts';
import { linkInMailbox } from '../../server/testing/mailbox.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../server/testing/smtp-catcher.ts';
import type { RunningPlatform } from '../../server/platform.ts';

const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };
const RAVI = { email: 'ravi@example.com', password: 'backwaters of alleppey', name: 'Ravi Menon' };
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

const requestReset = (on: RunningPlatform, email: string) =>
  on.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      query: 'mutation($e:String!){ requestPasswordReset(email:$e){ email } }',
      variables: { e: email },
    }),
  });

describe('Admin → Outbox', () => {
  it('shows recipient, subject, template and delivery state; the reset link is hidden (it is only in the .eml)', async () => {
    await requestReset(server, CUSTOMER.email);
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
        .toBe('Sent');
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

/*
 * A mail service that refuses: the platform sends through a real SMTP server (MAIL_SMTP_URL)
 * that answers 550 for Farah's address until told to accept, so her mail is FAILED with the
 * server's words, and 451 (try later) for Ravi's, so his is Retrying. The admin reads the error,
 * resends Farah's, and once the server accepts it is Sent.
 */
describe('Admin → Outbox, a mail the service refused', () => {
  let smtp: SmtpCatcher;
  let failing: RunningPlatform;
  /** While true, RCPT TO Farah is refused for good (550), as for an unknown mailbox. */
  let refusing = true;

  beforeAll(async () => {
    smtp = await startSmtpCatcher({
      onRcptTo(address, _session, callback) {
        if (refusing && address.address === CUSTOMER.email)
          callback(
            Object.assign(new Error('Mailbox farah@example.com is disabled'), {
              responseCode: 550,
            }),
          );
        else if (address.address === RAVI.email)
          callback(Object.assign(new Error('Mailbox is over quota'), { responseCode: 451 }));
        else callback();
      },
    });
    failing = await startServer({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      MAIL_SMTP_URL: smtp.url,
    });
    await seedCustomer(failing, 'e2e:farah', CUSTOMER);
    await seedCustomer(failing, 'e2e:ravi', RAVI);
  });
  afterAll(async () => {
    await failing?.close();
    await smtp?.close();
  });

  /** Farah's reset mail's row on the page as it is now (reloaded until `label`). */
  async function rowShows(page: Page, label: string, timeout = 10_000, to = CUSTOMER.email) {
    const row = page
      .locator('[data-testid="outbox-row"]')
      .filter({ hasText: to })
      .filter({ hasText: 'reset your password' });
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await row.count()) ? row.getByTestId('outbox-status').textContent() : null;
        },
        { timeout, interval: 1_000 },
      )
      .toBe(label);
    return row;
  }

  it('shows the mail Failed with the server’s error; Resend delivers it once the server accepts', async () => {
    await requestReset(failing, CUSTOMER.email);
    await requestReset(failing, RAVI.email);
    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 } })
    ).newPage();
    await signInAs(page, failing.url, ADMIN);

    // Ravi's: refused for now, tried again in a minute.
    await page.goto(`${failing.url}/admin/outbox?status=retrying`);
    const retrying = await rowShows(page, 'Retrying', 10_000, RAVI.email);
    expect(await retrying.getByTestId('outbox-retry').first().textContent()).toMatch(
      /^\s*Attempt 2 at /,
    );
    expect(await retrying.getByTestId('outbox-error').textContent()).toContain('451');
    await shot(page, 'outbox-06-retrying-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    expect(await retrying.getByTestId('outbox-status-compact').isVisible()).toBe(true);
    await shot(page, 'outbox-06-retrying-phone');
    await retrying.getByTestId('outbox-view').click();
    const dialog = page.getByTestId('outbox-dialog');
    expect(await dialog.getByTestId('outbox-dialog-status').textContent()).toBe('Retrying');
    expect(await dialog.getByTestId('outbox-dialog-error').textContent()).toContain(
      'Mailbox is over quota',
    );
    expect(await dialog.getByTestId('outbox-delivery').textContent()).toContain(
      '1 failed attempt; next try',
    );
    // Being delivered: the sender's, not staff's, to send again.
    expect(await dialog.getByTestId('outbox-resend').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1366, height: 900 });

    // The failed ones, by the filter in the URL.
    await page.goto(`${failing.url}/admin/outbox?status=failed`);
    const row = await rowShows(page, 'Failed');
    expect(await page.getByTestId('outbox-filter-failed').getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await row.getByTestId('outbox-error').textContent()).toContain('disabled');
    await shot(page, 'outbox-03-failed-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    expect(
      await sidewaysOverflow(page),
      'the outbox scrolls sideways at 390 px',
    ).toBeLessThanOrEqual(0);
    expect(await row.getByTestId('outbox-error').isVisible()).toBe(true);
    await shot(page, 'outbox-03-failed-phone');

    // The dialog says why, and offers the resend (reachable on the phone too).
    await row.getByTestId('outbox-view').click();
    expect(await dialog.getByTestId('outbox-dialog-status').textContent()).toBe('Failed');
    const error = (await dialog.getByTestId('outbox-dialog-error').textContent())!;
    expect(error).toContain('550');
    expect(error).toContain('Mailbox farah@example.com is disabled');
    expect(await dialog.getByTestId('outbox-delivery').textContent()).toContain(
      'Given up after 1 failed attempt',
    );
    await dialog.getByTestId('outbox-resend').click();
    expect(await dialog.getByTestId('outbox-resend-confirm').textContent()).toContain(
      `Send this mail to ${CUSTOMER.email} again?`,
    );
    expect(await dialog.getByTestId('outbox-resend-confirm').isVisible()).toBe(true);
    await shot(page, 'outbox-04-resend-phone');
    await page.setViewportSize({ width: 1366, height: 900 });
    await shot(page, 'outbox-04-resend-desktop');

    // The service accepts from now on; the admin confirms.
    refusing = false;
    await dialog.getByTestId('outbox-resend-confirm-button').click();
    await page.getByTestId('outbox-notice').waitFor();
    expect(await page.getByTestId('outbox-notice').textContent()).toContain(
      `The mail to ${CUSTOMER.email} is queued again`,
    );
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // The failed list no longer has it: it is being delivered again (or has left already).
    await expect
      .poll(() =>
        page
          .locator('[data-testid="outbox-row"]')
          .filter({ hasText: 'reset your password' })
          .count(),
      )
      .toBe(0);

    // The platform's sender delivers the resend as soon as it is asked for.
    await page.goto(`${failing.url}/admin/outbox`);
    const sent = await rowShows(page, 'Sent', 20_000);
    const [caught] = await smtp.mailsTo(CUSTOMER.email);
    expect(caught!.subject.toLowerCase()).toContain('reset your password');
    expect(await sent.getByTestId('outbox-error').count()).toBe(0);
    await sent.getByTestId('outbox-view').click();
    expect(await dialog.getByTestId('outbox-dialog-status').textContent()).toBe('Sent');
    expect(await dialog.getByTestId('outbox-dialog-error').count()).toBe(0);
    await shot(page, 'outbox-05-sent-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.keyboard.press('Escape');
    await page.waitForTimeout(200);
    await shot(page, 'outbox-05-sent-phone');
  }, 90_000);
});
