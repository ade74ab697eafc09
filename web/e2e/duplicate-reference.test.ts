import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, shot, startServer, signInAs, seedCustomer } from './harness.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { approveTopUp, requestTopUp } from '../../commands/wallet/top-ups.ts';
import type { RunningPlatform } from '../../server/platform.ts';

const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };
const proof = { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };

let server: RunningPlatform;
let browser: Browser;
let adminId: string;

/** A request by `customerId` (as that customer), readable once this returns. */
async function topUp(customerId: string, commandId: string, reference: string, amount: string) {
  const ctx = {
    tenantId: 'akashone',
    actor: { userId: customerId, role: 'customer' },
    commandId,
    accountId: customerId,
    accountPermissions: ['account.billing'],
  };
  const r = await requestTopUp(server.platform.wallet, ctx, {
    amount,
    method: 'BANK_TRANSFER',
    reference,
    proof,
  });
  await server.platform.projections.waitFor(r.position!, 10_000);
  return r.topUpId;
}

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const asha = await seedCustomer(server, 'e2e:dup:asha', {
    email: 'asha@example.com',
    password: 'e2e-customer-password-1',
    name: 'Asha Verma',
  });
  const ravi = await seedCustomer(server, 'e2e:dup:ravi', {
    email: 'ravi@example.com',
    password: 'e2e-customer-password-2',
    name: 'Ravi Kumar',
  });
  const [admin] = await server.platform
    .sql`select id from rm_identity.users where email = ${ADMIN.email}`;
  adminId = admin!.id;
  const first = await topUp(asha, 'e2e:dup:first', 'UTR 4471002', '2500.00');
  const approved = await approveTopUp(
    server.platform.wallet,
    {
      tenantId: 'akashone',
      actor: { userId: adminId, role: 'admin' },
      commandId: 'e2e:dup:approve',
      permissions: ['wallet.approve'],
    },
    { topUpId: first },
  );
  await server.platform.projections.waitFor(approved.position!, 10_000);
  await topUp(ravi, 'e2e:dup:repeat', 'utr4471002', '2500.00');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a repeated top-up reference in the admin list', () => {
  for (const [label, viewport] of [
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1366, height: 900 }],
  ] as const) {
    it(`is flagged, and approving it asks to confirm the earlier request (${label})`, async () => {
      // Signed in at desktop width (the header shows the user there), then looked at in `viewport`.
      const page = await (
        await browser.newContext({ viewport: { width: 1366, height: 900 } })
      ).newPage();
      await signInAs(page, server.url, ADMIN);
      await page.setViewportSize(viewport);
      await page.goto(`${server.url}/admin/top-ups`);
      const repeat = page.getByTestId('admin-topup-row').filter({ hasText: 'utr4471002' });
      await repeat.waitFor();
      await repeat
        .getByTestId(label === 'phone' ? 'admin-topup-duplicate-compact' : 'admin-topup-duplicate')
        .waitFor();
      expect(await repeat.getByTestId('admin-topup-duplicate-of').textContent()).toContain(
        'Asha Verma',
      );
      // The first request of the reference is not flagged.
      const first = page.getByTestId('admin-topup-row').filter({ hasText: 'UTR 4471002' });
      expect(await first.getByTestId('admin-topup-duplicate').count()).toBe(0);
      await shot(page, `duplicate-reference-01-list-${label}`);

      await repeat.getByTestId('admin-topup-approve').click();
      const warning = page.getByTestId('approve-duplicate-warning');
      await warning.waitFor();
      expect(await warning.getByTestId('approve-duplicate-of').textContent()).toMatch(
        /approved request of ₹2,500\.00 by\s+Asha Verma/,
      );
      expect(await page.getByTestId('approve-confirm').isDisabled()).toBe(true);
      await page.getByTestId('approve-duplicate-confirm').check();
      expect(await page.getByTestId('approve-confirm').isDisabled()).toBe(false);
      await shot(page, `duplicate-reference-02-confirm-${label}`);
      if (label === 'phone') {
        // Only looked at here; the desktop run approves it.
        await page.keyboard.press('Escape');
        return;
      }
      await page.getByTestId('approve-confirm').click();
      await page.getByTestId('action-success').waitFor();
      await expect.poll(() => repeat.getAttribute('data-status')).toBe('APPROVED');
      await shot(page, `duplicate-reference-03-approved-${label}`);
    });
  }
});
