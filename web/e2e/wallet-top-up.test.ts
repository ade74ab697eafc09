import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, shot, startServer, signInAs, seedCustomer } from './harness.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import type { RunningPlatform } from '../../server/platform.ts';

const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };
const CUSTOMER = {
  email: 'meera@example.com',
  password: 'e2e-customer-password-1',
  name: 'Meera Iyer',
};

let server: RunningPlatform;
let browser: Browser;
let base: string;

const signIn = (page: Page, who: { email: string; password: string }) => signInAs(page, base, who);

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  base = server.url;
  await seedCustomer(server, 'e2e:customer', CUSTOMER);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('wallet top-up in the browser', () => {
  it('customer requests a top-up with a proof, admin approves, customer sees the new balance', async () => {
    const proofFile = path.join(os.tmpdir(), 'neft-receipt.png');
    await writeFile(proofFile, Buffer.from(DEMO_PROOF_PNG, 'base64'));

    const customer = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 } })
    ).newPage();
    await signIn(customer, CUSTOMER);
    await expect
      .poll(() => customer.getByTestId('wallet-balance').getAttribute('data-value'))
      .toBe('0.00');
    await shot(customer, '01-customer-dashboard');

    await customer.goto(`${base}/wallet/add-funds`);
    await customer.getByTestId('topup-amount').fill('1500');
    await customer.getByTestId('topup-method-bank').check({ force: true });
    // The methods and their labels are served by the API (domain/wallet/payment-methods.ts).
    const step1 = customer.locator('form').filter({ has: customer.getByTestId('topup-amount') });
    await expect.poll(() => step1.textContent()).toContain('Bank transfer');
    await expect.poll(() => step1.textContent()).toContain('Crypto');
    await shot(customer, '02-add-funds-amount');
    await customer.getByTestId('topup-step1-next').click();
    await expect
      .poll(() => customer.getByTestId('pay-bank-ifsc').textContent())
      .toContain('HDFC0000123');
    await shot(customer, '03-add-funds-pay-to');
    await customer.getByTestId('topup-step2-next').click();
    await customer.getByTestId('topup-reference').fill('UTR-E2E-000777');
    await customer.getByTestId('topup-proof').setInputFiles(proofFile);
    await customer.getByTestId('topup-submit').click();
    await customer.getByTestId('topup-submitted').waitFor();
    expect(await customer.getByTestId('topup-submitted').textContent()).toContain('Bank transfer');
    await shot(customer, '04-add-funds-submitted');

    const admin = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 } })
    ).newPage();
    await signIn(admin, ADMIN);
    await admin.goto(`${base}/admin/top-ups`);
    const row = admin.getByTestId('admin-topup-row').filter({ hasText: 'UTR-E2E-000777' });
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status')).toBe('PENDING');
    expect(await row.textContent()).toContain('Bank transfer');
    const methodOptions = await admin
      .getByTestId('filter-method')
      .locator('option')
      .allTextContents();
    expect(methodOptions).toEqual(['All methods', 'Bank transfer', 'Crypto']);
    await admin.getByTestId('filter-method').selectOption('CRYPTO');
    await expect.poll(() => admin.url()).toContain('method=CRYPTO');
    await expect.poll(() => row.count()).toBe(0);
    await admin.getByTestId('filter-method').selectOption('');
    await row.waitFor();
    await admin.setViewportSize({ width: 390, height: 844 });
    await shot(admin, '05-admin-top-ups-phone');
    await admin.setViewportSize({ width: 1366, height: 900 });
    await row.getByTestId('admin-topup-proof').click();
    await admin.getByTestId('proof-image').waitFor();
    await shot(admin, '05-admin-proof');
    await admin.keyboard.press('Escape');
    await row.getByTestId('admin-topup-approve').click();
    await admin.getByTestId('approve-confirm').click();
    await admin.getByTestId('action-success').waitFor();
    await shot(admin, '06-admin-approved');

    await customer.goto(`${base}/wallet`);
    await expect
      .poll(() => customer.getByTestId('wallet-balance').getAttribute('data-value'))
      .toBe('1500.00');
    const entry = customer.getByTestId('ledger-row').first();
    await expect
      .poll(() => entry.getByTestId('ledger-balance-after').textContent())
      .toContain('1,500.00');
    await shot(customer, '07-customer-wallet-credited');
  });
});
