import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, openPage, shotsAtTwoSizes, signInAs } from './harness.ts';
import { allocateVpsPro, useShop, walletBalanceOf } from './commerce.ts';
import { changeServiceDueDate } from '../../commands/services/details.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { firstAdminId } from '../../projections/identity/queries.ts';
import { serviceById } from '../../projections/services/queries.ts';

/*
 * Issue 13's Automation page: staff preview the work as of the day a renewal invoice is due
 * (7 days before a customer's server's due date) and see its renewal invoice and auto-payment,
 * run "Generate renewal invoices" as of that day (the confirmation shows the preview first),
 * find the run in the history and open it (each effect with its command id and links). The
 * customer then sees the renewal invoice, paid from the wallet, in Billing (period and due
 * date), and the debit in Wallet, with the auto-pay switch. The settings form shows the
 * server's refusal under its field. Desktop and 390 px shots; nothing scrolls sideways.
 */

const CUSTOMER = {
  email: 'meera.renewals@example.com',
  password: 'e2e-customer-password-1',
  name: 'Meera Iyer',
};

const shop = useShop(
  {
    customer: CUSTOMER,
    commandId: 'e2e:automation:customer',
    topUp: { amount: '30000.00', reference: 'UTR-E2E-AUTOMATION-01' },
  },
  60_000,
);

const both = shotsAtTwoSizes('automation');
const balance = () => walletBalanceOf(shop.server, shop.customerId);
const newPage = () => openPage(shop.browser, { width: 1280, height: 900 });

/** Today's 'YYYY-MM-DD' in India (the days automation counts). */
const todayInIndia = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Kolkata',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/** 'YYYY-MM-DD' moved by whole days. */
function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The text of the first element with this test id (fails the test when there is none). */
async function text(page: Page, testid: string): Promise<string> {
  return (await page.getByTestId(testid).first().textContent()) ?? '';
}

describe('the Automation page', () => {
  it('previews as of a day, runs the renewals, shows the run; the customer sees it paid', async () => {
    const adminId = (await firstAdminId(shop.server.platform.sql, OPERATOR_TENANT_ID))!;
    const serviceId = await allocateVpsPro(shop, {
      commandId: 'e2e:automation:allocate',
      hostname: 'web.meera.example.in',
      ipAddress: '192.0.2.91',
      sshPassword: 'Automation-Pass-7',
    });
    const service = (await shop.server.platform.sql.begin((tx) => serviceById(tx, serviceId)))!;
    const dueDate = service.next_due_date;
    const renewalDay = addDays(dueDate, -7);

    // Staff: the page, then the preview as of the renewal day (nothing changes).
    const admin = await newPage();
    await signInAs(admin, shop.base, ADMIN);
    await admin.goto(`${shop.base}/admin/automation`);
    await admin.getByTestId('automation-preview').waitFor();
    await admin.getByTestId('automation-settings').waitFor();
    expect(await admin.getByTestId('automation-runs-empty').count()).toBe(1);
    await both(admin, 'page');

    await admin.getByTestId('automation-preview-day').fill(renewalDay);
    await admin.locator(`[data-testid="automation-preview"][data-day="${renewalDay}"]`).waitFor();
    const planned = admin.locator(
      `[data-testid="automation-preview-items-table"] [data-testid="automation-item"][data-service-id="${serviceId}"]`,
    );
    await planned.first().waitFor();
    const plannedKinds = await planned.evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('data-kind')),
    );
    expect(plannedKinds).toContain('RENEWAL_INVOICE');
    expect(plannedKinds).toContain('AUTO_PAY');
    expect(await planned.first().textContent()).toContain(CUSTOMER.name);
    expect(
      await admin
        .locator('[data-testid="automation-preview-counts"] [data-kind="RENEWAL_INVOICE"]')
        .getAttribute('data-count'),
    ).toBe('1');
    // A later day is only previewed: a run acts now.
    expect(await text(admin, 'automation-as-of-notice')).toMatch(/only previewed/);
    await both(admin, 'preview');
    // A preview writes nothing: the balance is as it was, no run in the history.
    const before = await balance();
    await admin.reload();
    await admin.getByTestId('automation-preview').waitFor();
    expect(await admin.getByTestId('automation-runs-empty').count()).toBe(1);
    expect(await balance()).toBe(before);

    // Staff bring the due date forward to 7 days from today: its renewal is due now.
    const today = todayInIndia();
    const moved = await changeServiceDueDate(
      shop.server.platform.wallet,
      {
        tenantId: OPERATOR_TENANT_ID,
        actor: { userId: adminId, role: 'admin' },
        commandId: 'e2e:automation:due-date',
        permissions: ['services.manage'],
      },
      { serviceId, nextDueDate: addDays(today, 7), reason: 'Billing day aligned for the test' },
    );
    await shop.server.platform.projections.waitFor(moved.position!, 10_000);
    await admin.getByTestId('automation-preview-today').click();
    await admin.locator(`[data-testid="automation-preview"][data-day="${today}"]`).waitFor();
    await planned.first().waitFor();
    expect(await admin.getByTestId('automation-as-of-notice').count()).toBe(0);

    // "Generate renewal invoices": the confirmation shows the preview of the job first.
    await admin.getByTestId('run-renewals').click();
    await admin.getByTestId('automation-run-dialog').waitFor();
    const confirm = admin.getByTestId('automation-run-preview');
    await confirm.waitFor();
    expect(await confirm.getAttribute('data-total')).not.toBe('0');
    expect(
      await admin.locator('[data-testid="automation-run-counts"] [data-kind]').allTextContents(),
    ).toEqual(expect.arrayContaining(['1 renewal invoice', '1 auto-payment']));
    await both(admin, 'run-confirm');
    await admin.getByTestId('automation-run-confirm').click();
    await admin
      .locator('[data-testid="automation-run-notice"], [data-testid="automation-run-error"]')
      .first()
      .waitFor();
    expect(
      await admin.getByTestId('automation-run-error').count(),
      await admin
        .getByTestId('automation-run-error')
        .allTextContents()
        .then((t) => t.join(' ')),
    ).toBe(0);
    expect(await text(admin, 'automation-run-notice')).toMatch(
      /Done: 1 renewal invoice, 1 auto-payment/,
    );

    // The history: by the admin, the renewals job, its counts.
    const row = admin.locator('[data-testid="automation-run-row"][data-job="RENEWALS"]');
    await row.waitFor();
    expect(await row.getAttribute('data-trigger')).toBe('STAFF');
    expect(await row.getByTestId('automation-run-by').textContent()).not.toMatch(/Schedule/);
    expect(
      await row
        .locator('[data-testid="automation-history-counts"] [data-kind="RENEWAL_INVOICE"]')
        .getAttribute('data-count'),
    ).toBe('1');
    expect(Number(await balance())).toBeLessThan(Number(before));
    await both(admin, 'history');

    // The run's page: each effect done, with its command id and a link to its service/invoice.
    await row.getByTestId('automation-run-open').click();
    await admin.getByTestId('automation-run').waitFor();
    const effects = admin.locator(
      '[data-testid="automation-run-items-table"] [data-testid="automation-item"]',
    );
    await effects.first().waitFor();
    const renewal = admin.locator(
      '[data-testid="automation-run-items-table"] [data-testid="automation-item"][data-kind="RENEWAL_INVOICE"]',
    );
    expect(await renewal.getAttribute('data-outcome')).toBe('DONE');
    expect(await renewal.getByTestId('automation-command-id').textContent()).toContain(serviceId);
    const invoiceId = await renewal.getAttribute('data-invoice-id');
    expect(invoiceId).toBeTruthy();
    expect(await renewal.getByTestId('automation-item-link-service').getAttribute('href')).toBe(
      `/admin/servers/${serviceId}`,
    );
    const autoPay = admin.locator(
      '[data-testid="automation-run-items-table"] [data-testid="automation-item"][data-kind="AUTO_PAY"]',
    );
    expect(await autoPay.getAttribute('data-outcome')).toBe('DONE');
    const paid = await autoPay.locator('[data-value]').first().getAttribute('data-value');
    expect(Number(paid)).toBeGreaterThan(0);
    await both(admin, 'run');

    // The invoice link leads to the invoice's events.
    await renewal.getByTestId('automation-item-link-invoice').click();
    await admin.getByTestId('invoice-view').waitFor();
    expect(await admin.getByTestId('invoice-view').getAttribute('data-invoice-id')).toBe(invoiceId);

    // The preview of today again: the renewal is done, nothing planned twice.
    await admin.goto(`${shop.base}/admin/automation`);
    await admin.getByTestId('automation-preview').waitFor();
    expect(
      await admin
        .locator(
          `[data-testid="automation-preview-items-table"] [data-kind="RENEWAL_INVOICE"][data-service-id="${serviceId}"]`,
        )
        .count(),
    ).toBe(0);

    // The customer: the renewal invoice in Billing, paid from the wallet; the debit in Wallet.
    const customer = await newPage();
    await signInAs(customer, shop.base, CUSTOMER);
    await customer.goto(`${shop.base}/billing`);
    const renewalRow = customer.locator(
      `[data-testid="renewal-invoice"][data-invoice-id="${invoiceId}"]`,
    );
    await renewalRow.waitFor();
    expect(await renewalRow.textContent()).toContain('web.meera.example.in');
    expect(await renewalRow.getByTestId('renewal-wallet-payment').count()).toBe(1);
    expect(await renewalRow.getAttribute('data-status')).not.toBe('PROFORMA');
    await both(customer, 'billing');

    await renewalRow.locator('a').first().click();
    await customer.getByTestId('invoice-renewal').waitFor();
    expect(await customer.getByTestId('invoice-renewal').getAttribute('data-kind')).toBe('RENEWAL');
    expect(await text(customer, 'invoice-renewal-period')).toMatch(/\d{4} – \d/);
    expect(await customer.getByTestId('invoice-due-date').count()).toBe(1);
    const payment = customer.getByTestId('invoice-payment');
    expect(await payment.count()).toBe(1);
    expect(await payment.first().textContent()).toMatch(/wallet/i);
    await both(customer, 'invoice');

    await customer.goto(`${shop.base}/wallet`);
    await customer.getByTestId('auto-pay').waitFor();
    expect(await customer.getByTestId('auto-pay').getAttribute('data-enabled')).toBe('true');
    // Newest first: the renewal's auto-payment, leaving the balance as it is now.
    const newest = customer.getByTestId('ledger-row').first();
    expect(await newest.getAttribute('data-kind')).toBe('DEBIT');
    expect(await newest.getByTestId('ledger-amount').getAttribute('data-value')).toBe(paid);
    expect(await newest.getByTestId('ledger-balance-after').getAttribute('data-value')).toBe(
      await balance(),
    );
    await both(customer, 'wallet');

    // The switch: off, and it stays off on reload.
    await customer.getByTestId('auto-pay-switch').click();
    await customer.locator('[data-testid="auto-pay"][data-enabled="false"]').waitFor();
    await customer.reload();
    await customer.locator('[data-testid="auto-pay"][data-enabled="false"]').waitFor();
    await customer.getByTestId('auto-pay-switch').click();
    await customer.locator('[data-testid="auto-pay"][data-enabled="true"]').waitFor();

    // Settings: the server's refusal under its field, then a change saved.
    await admin.getByTestId('automation-reminderDaysBefore').fill('10');
    await admin.getByTestId('automation-settings-save').click();
    await admin.getByTestId('automation-reminderDaysBefore-error').waitFor();
    expect(await text(admin, 'automation-reminderDaysBefore-error')).toMatch(
      /cannot come before the renewal invoice/,
    );
    await admin.getByTestId('automation-reminderDaysBefore').fill('2');
    await admin.getByTestId('automation-overdueNoticeDays').fill('1, 5');
    await admin.getByTestId('automation-settings-save').click();
    await admin.getByTestId('automation-settings-saved').waitFor();
    await admin.reload();
    await admin.getByTestId('automation-settings').waitFor();
    expect(await admin.getByTestId('automation-reminderDaysBefore').inputValue()).toBe('2');
    expect(await admin.getByTestId('automation-overdueNoticeDays').inputValue()).toBe('1, 5');
    await admin.getByTestId('automation-settings').scrollIntoViewIfNeeded();
    await both(admin, 'settings');
  }, 150_000);
});
