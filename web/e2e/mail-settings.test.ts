import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shotsAtTwoSizes, signInAs, startResellerDemo, type ResellerDemo } from './harness.ts';
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startSmtpCatcher,
  type SmtpCatcher,
} from '../../server/testing/smtp-catcher.ts';

/*
 * Admin → Settings → Mail on the KloudNests host: its admin points the tenant's mails at its own
 * SMTP server (a real one started here), sends a test mail and sees it accepted; the password is
 * never shown again; a wrong password gives the server's refusal; bad input is refused by field.
 * Then a customer's password-reset mail leaves through that server as KloudNests.
 */

const KN = 'kloudnests.localhost';
let demo: ResellerDemo;
let own: SmtpCatcher;
let page: Page;
const at = (p: string) => demo.at(KN, p);
const shots = shotsAtTwoSizes('mail-settings');

beforeAll(async () => {
  own = await startSmtpCatcher();
  demo = await startResellerDemo([KN]);
  page = await (
    await demo.browser.newContext({ viewport: { width: 1366, height: 900 } })
  ).newPage();
  await signInAs(page, at(''), demo.reseller);
});

afterAll(async () => {
  await demo?.browser.close();
  await demo?.server.close();
  await own?.close();
});

async function fillSmtp(password: string) {
  await page.getByTestId('mail-transport').selectOption('SMTP');
  await page.getByTestId('mail-host').fill('127.0.0.1');
  await page.getByTestId('mail-port').fill(String(own.port));
  await page.getByTestId('mail-tls').selectOption('NONE');
  await page.getByTestId('mail-user').fill(SMTP_USER);
  await page.getByTestId('mail-password').fill(password);
}

describe('Admin → Settings → Mail', () => {
  it('refuses bad input next to its field and keeps the platform service', async () => {
    await page.goto(at('/admin/settings/mail'));
    await page.getByTestId('mail-settings-form').waitFor();
    await page.getByTestId('mail-transport').selectOption('SMTP');
    await page.getByTestId('mail-host').fill('');
    await page.getByTestId('mail-port').fill('70000');
    await page.getByTestId('mail-settings-save').click();
    await page.getByTestId('mail-settings-error').waitFor();
    await page.locator('#mail-host-error').waitFor();
    await page.locator('#mail-port-error').waitFor();
    await shots(page, '01-refused');
    await page.reload();
    await page.getByTestId('mail-settings-form').waitFor();
    expect(await page.getByTestId('mail-transport').inputValue()).toBe('OPERATOR');
  });

  it('saves its own SMTP server, sends a test mail that arrives, and never shows the password again', async () => {
    await fillSmtp(SMTP_PASSWORD);
    await page.getByTestId('mail-settings-save').click();
    await page.getByTestId('mail-settings-saved').waitFor();
    expect(await page.getByTestId('mail-password').inputValue()).toBe('');
    expect(await page.content()).not.toContain(SMTP_PASSWORD);

    await page.getByTestId('mail-test-to').fill('owner@kloudnests.example');
    await page.getByTestId('mail-test-send').click();
    await expect
      .poll(() => page.getByTestId('mail-test-result').textContent())
      .toContain('Accepted');
    const [mail] = await own.mailsTo('owner@kloudnests.example');
    expect(mail!.from).toContain('KloudNests');
    await shots(page, '02-saved-test-accepted');
  });

  it('a wrong password gives the server’s refusal, in words', async () => {
    await fillSmtp('not-the-password');
    await page.getByTestId('mail-settings-save').click();
    await page.getByTestId('mail-settings-saved').waitFor();
    await page.getByTestId('mail-test-to').fill('owner@kloudnests.example');
    await page.getByTestId('mail-test-send').click();
    await expect
      .poll(() => page.getByTestId('mail-test-result').textContent())
      .toContain('Not sent');
    expect(await page.getByTestId('mail-test-result').textContent()).toMatch(/535|auth/i);
    await shots(page, '03-test-refused');
    // Back to the right password for the next step.
    await fillSmtp(SMTP_PASSWORD);
    await page.getByTestId('mail-settings-save').click();
    await page.getByTestId('mail-settings-saved').waitFor();
  });

  it("a customer's mail leaves through the tenant's own server", async () => {
    const before = own.mails.length;
    const email = 'demo@kloudnests.com'; // the demo's KloudNests customer
    const other = await demo.browser.newPage();
    await other.goto(at('/forgot-password'));
    await other.getByTestId('forgot-email').fill(email);
    await other.getByTestId('forgot-submit').click();
    await other.getByTestId('forgot-done').waitFor();
    const mails = await own.mailsTo(email);
    expect(own.mails.length).toBeGreaterThan(before);
    expect(mails.at(-1)!.text).toMatch(/reset-password\?token=/);
    await other.close();
  });
});
