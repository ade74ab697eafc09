import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ADMIN, ARTIFACTS, openPage, shot, shotsAtTwoSizes, signInAs } from './harness.ts';
import { topUp as topUpFor, useShop } from './commerce.ts';

/*
 * Issue 11's browser test: a customer orders a VPS with two add-ons, is asked for a billing
 * state, sees the GST on the review, is told the wallet is short (and by how much), tops up,
 * pays from the wallet, gets the tax invoice and its PDF; an admin finds the order and the
 * invoice and issues a partial credit note. Every step is shot at desktop and 390 px, and no
 * page may scroll sideways on the phone.
 */

const run = promisify(execFile);
const CUSTOMER = {
  email: 'ravi@example.com',
  password: 'e2e-customer-password-1',
  name: 'Ravi Kulkarni',
};

const shop = useShop({
  customer: CUSTOMER,
  commandId: 'e2e:order:customer',
});

const both = shotsAtTwoSizes('order', { settle: 150, back: 0 });
const topUp = (amount: string, reference: string) =>
  topUpFor(shop.server, shop.customerId, amount, reference);

describe('Order Server in the browser', () => {
  it('customer orders a VPS with two add-ons and pays from the wallet; admin credits part of it', async () => {
    const customer = await openPage(shop.browser);
    await signInAs(customer, shop.base, CUSTOMER);

    // Step 1: plans by kind.
    await customer.goto(`${shop.base}/order`);
    await customer.getByTestId('plan-card').first().waitFor();
    await both(customer, '01-plans');
    await customer.getByTestId('kind-tab-DEDICATED').click();
    await expect.poll(() => customer.url()).toContain('kind=DEDICATED');
    await customer.getByTestId('plan-card').first().waitFor();
    await customer.getByTestId('kind-tab-VPS').click();
    const pro = customer.locator('[data-testid="plan-card"][data-plan-name="VPS Pro"]');
    expect(await pro.getByTestId('plan-from-price').getAttribute('data-value')).toMatch(
      /^\d+\.\d{2}$/,
    );
    await pro.getByTestId('plan-select').click();

    // Step 2: cycle, OS, data centre, host name (with the inline RFC 1123 hint).
    await customer.getByTestId('configure-form').waitFor();
    await customer.getByTestId('cycle-ANNUAL').check({ force: true });
    await customer
      .locator('[data-testid="os-option"][data-os-name="Ubuntu 24.04 LTS"]')
      .check({ force: true });
    await customer
      .locator('[data-testid="dc-option"][data-dc-name="US East"]')
      .check({ force: true });
    await customer.getByTestId('hostname').fill('web_1.example.com');
    await expect
      .poll(() => customer.getByTestId('hostname-error').textContent())
      .toContain('underscores');
    await both(customer, '02-configure-bad-hostname');
    await customer.getByTestId('hostname').fill('web1.ravi.example.com');
    await customer.getByTestId('configure-next').click();

    // Step 3: two add-ons, one of them twice.
    await customer.getByTestId('addons-form').waitFor();
    const backup = customer.locator('[data-testid="addon-option"][data-addon-name="Daily Backup"]');
    const ipv4 = customer.locator('[data-testid="addon-option"][data-addon-name="Extra IPv4"]');
    await backup.getByTestId('addon-check').check();
    await ipv4.getByTestId('addon-check').check();
    await ipv4.getByTestId('addon-more').click();
    expect(await ipv4.getByTestId('addon-quantity').textContent()).toBe('2');
    await both(customer, '03-addons');
    await customer.getByTestId('addons-next').click();

    // Back and forward move between the steps with their choices.
    await customer
      .getByTestId('order-flow')
      .and(customer.locator('[data-step="review"]'))
      .waitFor();
    await customer.goBack();
    await customer.getByTestId('addons-form').waitFor();
    expect(await ipv4.getByTestId('addon-quantity').textContent()).toBe('2');
    await customer.goForward();

    // Step 4: no billing state yet → asked inline before the figures.
    await customer.getByTestId('billing-state-form').waitFor();
    await both(customer, '04-billing-state');
    await customer.getByTestId('billing-line1').fill('14 Law College Road');
    await customer.getByTestId('billing-city').fill('Pune');
    await customer.getByTestId('billing-pin').fill('411004');
    await customer.getByTestId('billing-state').selectOption('27');
    await customer.getByTestId('billing-state-save').click();

    // The review: the server's figures, CGST + SGST at 9 % each for Maharashtra.
    await customer.getByTestId('quote').waitFor();
    expect(await customer.getByTestId('quote-place-of-supply').textContent()).toContain(
      'Maharashtra',
    );
    expect(await customer.getByTestId('quote-head-cgst').textContent()).toContain('CGST @ 9%');
    expect(await customer.getByTestId('quote-head-sgst').textContent()).toContain('SGST @ 9%');
    expect(await customer.getByTestId('quote-line').count()).toBe(3);
    expect(await customer.getByTestId('quote-words').textContent()).toMatch(/rupees/i);
    const total = (await customer.getByTestId('quote-total').getAttribute('data-value'))!;
    const cgst = (await customer.getByTestId('quote-cgst').getAttribute('data-value'))!;
    expect(cgst).not.toBe('0.00');
    expect(await customer.getByTestId('quote-sgst').getAttribute('data-value')).toBe(cgst);

    // An empty wallet: "Insufficient balance" and a button to add exactly what is missing.
    await customer.getByTestId('insufficient-balance').waitFor();
    expect(await customer.getByTestId('review-balance-after').getAttribute('data-value')).toBe(
      total,
    );
    expect(await customer.getByTestId('pay-WALLET').isDisabled()).toBe(true);
    await both(customer, '05-review-insufficient');
    const reviewUrl = customer.url();
    await customer.getByTestId('add-missing-funds').click();
    await expect.poll(() => customer.getByTestId('topup-amount').inputValue()).toBe(total);
    await both(customer, '06-add-funds-prefilled');

    await topUp(total, 'UTR-E2E-ORDER-01');
    await customer.goto(reviewUrl);
    await customer.getByTestId('quote').waitFor();
    await expect
      .poll(() => customer.getByTestId('review-wallet-balance').getAttribute('data-value'))
      .toBe(total);
    expect(await customer.getByTestId('review-balance-after').getAttribute('data-value')).toBe(
      '0.00',
    );
    expect(await customer.getByTestId('insufficient-balance').count()).toBe(0);
    expect(await customer.getByTestId('pay-WALLET').isChecked()).toBe(true);
    await both(customer, '07-review-pay');
    await customer.getByTestId('place-order').click();

    // The confirmation: paid, with the tax invoice number.
    await customer.getByTestId('order-placed').waitFor();
    await expect
      .poll(() => customer.getByTestId('order-tax-invoice-number').textContent(), {
        timeout: 15_000,
      })
      .toMatch(/\S/);
    const invoiceNumber = (await customer
      .getByTestId('order-tax-invoice-number')
      .textContent())!.trim();
    expect(await customer.getByTestId('invoice-view').getAttribute('data-status')).toBe(
      'TAX_INVOICE',
    );
    expect(await customer.getByTestId('invoice-due').getAttribute('data-value')).toBe('0.00');
    await both(customer, '08-confirmation');

    // The tax invoice PDF, fetched with the session and looked at as a picture.
    const pdfUrl = (await customer.getByTestId('invoice-pdf').getAttribute('href'))!;
    const pdf = await customer.request.get(`${shop.base}${pdfUrl}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await mkdir(ARTIFACTS, { recursive: true });
    const pdfFile = path.join(ARTIFACTS, 'order-09-tax-invoice.pdf');
    await writeFile(pdfFile, await pdf.body());
    await run('pdftoppm', [
      '-png',
      '-r',
      '90',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdfFile,
      pdfFile.replace(/\.pdf$/, ''),
    ]);
    expect((await readFile(pdfFile.replace(/\.pdf$/, '.png'))).length).toBeGreaterThan(10_000);
    const { stdout: text } = await run('pdftotext', ['-layout', pdfFile, '-']);
    expect(text).toContain(invoiceNumber);
    expect(text).toContain('₹');

    // Billing lists it as a tax invoice; My orders as paid.
    await customer.goto(`${shop.base}/billing`);
    await customer.getByTestId('invoice-row').first().waitFor();
    expect(await customer.getByTestId('invoice-row').first().getAttribute('data-status')).toBe(
      'TAX_INVOICE',
    );
    await both(customer, '10-billing');
    await customer.goto(`${shop.base}/orders`);
    await customer.getByTestId('order-row').first().waitFor();
    await both(customer, '11-my-orders');

    // Admin: the order, the invoice, a partial credit note to the wallet.
    const admin = await openPage(shop.browser);
    await signInAs(admin, shop.base, ADMIN);
    await admin.goto(`${shop.base}/admin/orders`);
    const row = admin.getByTestId('admin-order-row').filter({ hasText: CUSTOMER.email });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('PAID');
    expect(await row.getByTestId('admin-order-payment').textContent()).toContain('Paid');
    expect(await row.textContent()).toContain('VPS Pro');
    await both(admin, '12-admin-orders');
    await row.getByTestId('admin-order-open').click();
    await admin.getByTestId('admin-order-detail').waitFor();
    await both(admin, '13-admin-order-detail');

    await admin.goto(`${shop.base}/admin/billing`);
    await admin.getByTestId('filter-search').fill(invoiceNumber);
    await expect.poll(() => admin.url()).toContain('q=');
    const inv = admin.getByTestId('admin-invoice-row').filter({ hasText: invoiceNumber });
    await inv.waitFor();
    await expect.poll(() => admin.getByTestId('admin-invoice-row').count()).toBe(1);
    await both(admin, '14-admin-billing');

    // CSV of the filtered list, made in the browser.
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByTestId('admin-invoices-csv').click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain(invoiceNumber);
    expect(csv).toContain(total);

    await inv.getByTestId('admin-invoice-credit').click();
    await admin.getByTestId('credit-note-dialog').waitFor();
    await admin.getByTestId('credit-scope-amount').check();
    await admin.getByTestId('credit-amount').fill('500');
    await admin.getByTestId('credit-reason').fill('Service credit for a 6-hour outage');
    await admin.getByTestId('credit-destination-WALLET').check();
    await shot(admin, 'order-15-admin-credit-note');
    await admin.getByTestId('credit-confirm').click();
    await admin.getByTestId('action-success').waitFor();
    expect(await admin.getByTestId('action-success').textContent()).toContain('Credit note');

    await inv.getByTestId('admin-invoice-open').click();
    await admin.getByTestId('invoice-credit-note').first().waitFor();
    const credited = await admin.getByTestId('invoice-credited').getAttribute('data-value');
    expect(credited).not.toBe('0.00');
    expect(credited).not.toBe(total);
    await both(admin, '16-admin-invoice-credited');

    // The customer sees the credit note, and the credit in the wallet.
    await customer.goto(`${shop.base}/billing`);
    await customer.getByTestId('credit-note-row').first().waitFor();
    await both(customer, '17-billing-credit-note');
    await customer.goto(`${shop.base}/wallet`);
    await expect
      .poll(() => customer.getByTestId('wallet-balance').getAttribute('data-value'))
      .toBe(credited);
  });
});
