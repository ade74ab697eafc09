import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import path from 'node:path';
import {
  ADMIN,
  ARTIFACTS,
  DESKTOP,
  launchBrowser,
  seedCustomer,
  shot,
  sidewaysOverflow,
  signInAs,
  startServer,
} from './harness.ts';
import { topUp } from './commerce.ts';
import { readMailbox } from '../../server/testing/mailbox.ts';
import type { RunningPlatform } from '../../server/platform.ts';

const CUSTOMER = { email: 'meera@example.com', password: 'monsoon over kochi', name: 'Meera Nair' };
const SUBJECT = '{{brand}}: {{amount}} is in your wallet, {{name}}';
const BODY = 'Dear {{name}},\n\nWe added {{amount}}. Not code: {{7*7}}.\n\nBalance: ';

let server: RunningPlatform;
let browser: Browser;
let customerId: string;

beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  customerId = await seedCustomer(server, 'e2e:meera', CUSTOMER);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The customer's approval mail for `amount` in the local mailbox (other top-up mails go there too). */
async function approvalMail(amount: string) {
  let found: Awaited<ReturnType<typeof readMailbox>>[number] | undefined;
  await expect
    .poll(
      async () =>
        (found = (await readMailbox(server.platform.mail.mailbox!)).find(
          (m) =>
            m.to === CUSTOMER.email &&
            m.subject.includes(amount) &&
            !/received your top-up/.test(m.subject),
        )),
      { timeout: 20_000 },
    )
    .toBeDefined();
  return found!;
}

async function openTopUpApproved(page: Page) {
  await page.getByTestId('template-kind-top-up-approved').click();
  await expect.poll(() => page.getByTestId('template-kind').textContent()).toBe('Top-up approved');
}

describe('Admin → Settings → Mail templates', () => {
  it('an admin edits the top-up-approved mail, previews it with samples ({{7*7}} stays literal), saves: the next approval mail says it; reset brings the file back', async () => {
    const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await signInAs(page, server.url, ADMIN);
    await page.goto(`${server.url}/admin/settings`);
    await page.getByTestId('settings-mail-templates-link').click();
    await page.getByTestId('template-kinds').waitFor();
    await expect.poll(() => page.getByRole('heading', { name: 'Wallet' }).count()).toBe(1);
    await shot(page, 'mail-templates-01-list-desktop');

    await openTopUpApproved(page);
    const defaultSubject = await page.getByTestId('template-subject').inputValue();
    expect(defaultSubject).toBe('{{brand}}: {{amount}} added to your wallet');
    await page.getByTestId('template-subject').fill(SUBJECT);
    await page.getByTestId('template-body').fill(BODY);
    // A variable clicked goes where the cursor is: at the end of the text here.
    await page.getByTestId('template-body').press('Control+End');
    await page.getByTestId('template-variable-balance').click();
    expect(await page.getByTestId('template-body').inputValue()).toBe(`${BODY}{{balance}}`);

    await page.getByTestId('template-preview-button').click();
    await page.getByTestId('template-preview').waitFor();
    expect(await page.getByTestId('template-preview-subject').textContent()).toMatch(
      /: ₹5,000\.00 is in your wallet, Asha Rao$/,
    );
    const text = await page.getByTestId('template-preview-text').textContent();
    expect(text).toContain('Dear Asha Rao,');
    expect(text).toContain('Not code: {{7*7}}.');
    expect(text).toContain('Balance: ₹7,500.00');
    const html = page.frameLocator('[data-testid="template-preview-html"]');
    await expect.poll(() => html.locator('body').textContent()).toContain('Not code: {{7*7}}.');
    await shot(page, 'mail-templates-02-preview-desktop');

    // A placeholder the mail does not have is refused on its field; nothing is saved.
    await page.getByTestId('template-subject').fill('{{amout}} for {{name}}');
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-error').waitFor();
    await expect
      .poll(() => page.getByText('Not a variable of this mail: {{amout}}.').count())
      .toBe(1);
    expect(await page.getByTestId('template-customized-top-up-approved').count()).toBe(0);

    await page.getByTestId('template-subject').fill(SUBJECT);
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-saved').waitFor();
    await page.getByTestId('template-customized-top-up-approved').waitFor();
    await shot(page, 'mail-templates-03-saved-desktop');

    // A real approval: the customer's mail has the tenant's subject and text.
    await topUp(server, customerId, '750.00', 'UTR-TPL-0001');
    const edited = await approvalMail('₹750.00');
    expect(edited.subject).toMatch(/^.+: ₹750\.00 is in your wallet, Meera Nair$/);
    expect(edited.text).toContain('Dear Meera Nair,');
    expect(edited.text).toContain('Not code: {{7*7}}.');
    expect(edited.text).toContain('Balance: ₹750.00');

    // After a reload the page still shows the saved text.
    await page.reload();
    await openTopUpApproved(page);
    expect(await page.getByTestId('template-subject').inputValue()).toBe(SUBJECT);

    // On a phone the kinds are a menu; the customized one says so.
    await page.setViewportSize({ width: 390, height: 900 });
    const menu = page.getByTestId('template-kind-select');
    expect(await menu.locator('option[value="top-up-approved"]').textContent()).toBe(
      'Top-up approved · Customized',
    );
    await menu.selectOption('top-up-rejected');
    await expect
      .poll(() => page.getByTestId('template-kind').textContent())
      .toBe('Top-up rejected');
    await menu.selectOption('top-up-approved');
    await expect
      .poll(() => page.getByTestId('template-kind').textContent())
      .toBe('Top-up approved');
    await page.getByTestId('template-preview-button').click();
    await page.getByTestId('template-preview').waitFor();
    await expect.poll(() => html.locator('body').textContent()).toContain('Not code: {{7*7}}.');
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'mail-templates-04-editor-phone');
    await page.getByTestId('template-preview').scrollIntoViewIfNeeded();
    await shot(page, 'mail-templates-05-preview-phone');
    // A full-page shot may leave a frame unpainted: the HTML part on its own, as the phone shows it.
    await page.getByTestId('template-preview-html').screenshot({
      path: path.join(ARTIFACTS, 'mail-templates-05-preview-html-phone.png'),
    });
    await page.setViewportSize(DESKTOP);

    await page.getByTestId('template-reset').click();
    await page.getByTestId('template-reset-dialog').waitFor();
    await shot(page, 'mail-templates-06-reset-confirm-desktop');
    await page.getByTestId('template-reset-confirm').click();
    await page.getByTestId('template-saved').waitFor();
    expect(await page.getByTestId('template-subject').inputValue()).toBe(defaultSubject);
    expect(await page.getByTestId('template-customized-top-up-approved').count()).toBe(0);

    await topUp(server, customerId, '250.00', 'UTR-TPL-0002');
    const latest = await approvalMail('₹250.00');
    expect(latest.subject).toMatch(/: ₹250\.00 added to your wallet$/);
    expect(latest.text).not.toContain('{{7*7}}');
  }, 120_000);
});
