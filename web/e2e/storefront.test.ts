import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { request as httpRequest } from 'node:http';
import { shotsAtTwoSizes, signInAs, startResellerDemo, type ResellerDemo } from './harness.ts';
import { axeFindings, describeFindings, type Finding } from './axe.ts';
import { linkInMailbox } from '../../server/testing/mailbox.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/*
 * Issue 20's browser test: an anonymous visitor of the KloudNests host sees its store (server-
 * rendered in its brand), compares plans by cycle and by the GST of their state, picks one,
 * registers, confirms the address from the local mailbox, signs in and arrives in the order
 * flow at the configure step with that plan and cycle; the operator's host shows the operator's
 * plans only. First contentful paint is measured at 4× CPU throttling (reported, not asserted);
 * axe-core finds nothing serious on the store, a plan and the contact page.
 */

const KN = 'kloudnests.localhost';
const AK = 'akashone.localhost';
const PERSON = { name: 'Meera Iyer', email: 'meera@example.com', password: 'filter coffee at six' };

let server: RunningPlatform;
let browser: Browser;
let at: ResellerDemo['at'];
let reseller: ResellerDemo['reseller'];
let port: string;

const both = shotsAtTwoSizes('storefront', { settle: 200, back: 100 });

/** The public plan ids of a host's catalog, as its anonymous visitors are answered. */
async function publicPlans(host: string): Promise<{ id: string; name: string; kind: string }[]> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { host, 'content-type': 'application/json' },
    payload: JSON.stringify({ query: '{ catalog { plans { id name kind } } }' }),
  });
  return (
    res.json() as { data: { catalog: { plans: { id: string; name: string; kind: string }[] } } }
  ).data.catalog.plans;
}

/** The HTML the server sends for `path` on `host` (what a link preview or a crawler reads). */
function serverHtml(
  host: string,
  path: string,
): Promise<{ status: number; html: string; csp: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: Number(port), path, headers: { host: `${host}:${port}` } },
      (res) => {
        let html = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (html += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            html,
            csp: String(res.headers['content-security-policy'] ?? ''),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The page's meta description as the server sent it. */
const metaDescription = (html: string) =>
  /<meta name="description" content="([^"]*)"/.exec(html)?.[1] ?? null;

/** The plan ids shown on a host's store, every kind tab visited. */
async function storePlanIds(page: Page, host: string): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of ['VPS', 'SHARED', 'VDS', 'DEDICATED']) {
    await page.goto(at(host, `/store?kind=${kind}`));
    await page.getByTestId('store-shell').waitFor();
    for (const card of await page.getByTestId('store-plan').all())
      ids.push((await card.getAttribute('data-plan-id'))!);
  }
  return ids;
}

beforeAll(async () => {
  ({ server, browser, at, reseller } = await startResellerDemo(['*.localhost']));
  port = new URL(server.url).port;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the public storefront', () => {
  it('is server-rendered in the host brand, with the plans, the brand colour and Open Graph tags', async () => {
    const { status, html, csp } = await serverHtml(KN, '/store');
    expect(status).toBe(200);
    // SvelteKit's policy, with the hash of the start-up script that carries the rendered data.
    expect(csp).toMatch(/script-src 'self'[^;]*'sha256-/);
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe('Plans &amp; prices · KloudNests');
    expect(html.match(/<title>/g)?.length).toBe(1);
    expect(
      html.includes('<meta name="theme-color" content="#0d9488"'),
      '<meta name="theme-color" content="#0d9488"',
    ).toBe(true);
    expect(
      html.includes('<meta property="og:site_name" content="KloudNests"'),
      '<meta property="og:site_name" content="KloudNests"',
    ).toBe(true);
    expect(metaDescription(html)).toMatch(/from ₹[\d,.]+\/month\. Prices exclude GST at 18 %\.$/);
    expect(html.includes('data-plan-name="VPS Pro"'), 'data-plan-name="VPS Pro"').toBe(true);
    expect(html.includes('Prices exclude GST at 18 %'), 'Prices exclude GST at 18 %').toBe(true);
    expect(html.includes('VPS Partner 6'), 'VPS Partner 6').toBe(false); // hidden

    // An anonymous root leads to the store.
    const root = await serverHtml(KN, '/');
    expect(root.status).toBe(307);
  });

  it('an anonymous visitor compares plans, orders one, registers, confirms and lands in the order flow', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));

    await page.goto(at(KN, '/'));
    await page.getByTestId('store-plans').waitFor();
    expect(new URL(page.url()).pathname).toBe('/store');
    expect(await page.title()).toContain('KloudNests');
    expect(await page.getByTestId('gst-note').textContent()).toContain('exclude GST at 18 %');
    expect(await page.getByTestId('footer-email').textContent()).toContain(
      'support@kloudnests.com',
    );
    await both(page, '01-kloudnests-store');

    // Cycle switch: annual prices, each with its saving against monthly.
    const pro = page.locator('[data-testid="store-plan"][data-plan-name="VPS Pro"]');
    const monthly = await pro.getByTestId('store-plan-monthly').getAttribute('data-value');
    await page.getByTestId('store-cycle').selectOption('ANNUAL');
    await expect.poll(() => page.url()).toContain('cycle=ANNUAL');
    await expect.poll(() => pro.getByTestId('store-plan-saving').textContent()).toBe('Save 10%');
    expect(await pro.getByTestId('store-plan-monthly').getAttribute('data-value')).not.toBe(
      monthly,
    );

    // The state: Karnataka is KloudNests' own (CGST + SGST), Maharashtra another (IGST).
    await page.getByTestId('store-state').selectOption('29');
    await expect
      .poll(() => pro.getByTestId('plan-gst').getAttribute('data-intra-state'))
      .toBe('true');
    expect(await pro.getByTestId('plan-gst-head').allTextContents()).toEqual([
      'CGST 9%',
      'SGST 9%',
    ]);
    await both(page, '02-annual-karnataka');
    await page.getByTestId('store-state').selectOption('27');
    await expect
      .poll(() => pro.getByTestId('plan-gst').getAttribute('data-intra-state'))
      .toBe('false');
    expect(await pro.getByTestId('plan-gst-head').allTextContents()).toEqual(['IGST 18%']);

    // Other kinds are a tab away.
    await page.getByTestId('store-kind-DEDICATED').click();
    await expect.poll(() => page.url()).toContain('kind=DEDICATED');
    await page.locator('[data-testid="store-plan"]').first().waitFor();
    await page.getByTestId('store-kind-VPS').click();
    await expect.poll(() => page.url()).toContain('kind=VPS');

    // The plan's page: every cycle, data centres, systems, add-ons and the first invoice's GST.
    await pro.getByTestId('store-plan-link').click();
    await page.getByTestId('store-plan-page').waitFor();
    const planId = (await page.getByTestId('store-plan-page').getAttribute('data-plan-id'))!;
    expect(await page.title()).toBe('VPS Pro · KloudNests');
    expect(await page.getByTestId('store-cycle-row').count()).toBeGreaterThan(1);
    await expect
      .poll(() => page.getByTestId('store-quote').getAttribute('data-intra-state'))
      .toBe('false');
    expect(await page.getByTestId('store-quote-head').allTextContents()).toEqual(['IGST @ 18%']);
    expect(await page.getByTestId('store-quote-place').textContent()).toContain('Maharashtra');
    expect(await page.getByTestId('store-plan-addons').textContent()).toContain('Daily Backup');
    await both(page, '03-plan-page');

    // Order: registration first, the choice carried along.
    await page.getByTestId('store-order').click();
    await page.getByTestId('register-form').waitFor();
    const next = new URL(page.url()).searchParams.get('next')!;
    expect(next).toContain(`plan=${planId}`);
    expect(next).toContain('cycle=ANNUAL');
    expect(await page.getByText('Your order is kept').count()).toBe(1);
    await page.getByTestId('register-name').fill(PERSON.name);
    await page.getByTestId('register-email').fill(PERSON.email);
    await page.getByTestId('register-password').fill(PERSON.password);
    await both(page, '04-register');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-done').waitFor();

    // The mailed link (opened as a new visit), then sign in: into the order flow.
    const link = await linkInMailbox(
      server.platform.mail.mailbox!,
      PERSON.email,
      /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/,
    );
    const mailed = new URL(link);
    expect(mailed.hostname).toBe(KN);
    await page.goto(at(KN, mailed.pathname + mailed.search));
    await page.getByTestId('verify-done').waitFor();
    await page.getByTestId('verify-sign-in').click();
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe(next);
    await page.getByTestId('login-email').fill(PERSON.email);
    await page.getByTestId('login-password').fill(PERSON.password);
    await page.getByTestId('login-submit').click();

    await page.getByTestId('configure-form').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/order');
    expect(url.searchParams.get('plan')).toBe(planId);
    expect(await page.getByTestId('order-flow').getAttribute('data-step')).toBe('configure');
    expect(await page.getByTestId('order-step-title').textContent()).toContain('VPS Pro');
    expect(await page.getByTestId('cycle-ANNUAL').isChecked()).toBe(true);
    await both(page, '05-order-configure');

    // Signed in, the store offers the order flow directly and the account.
    await page.goto(at(KN, '/store'));
    await page.getByTestId('store-dashboard').waitFor();
    expect(await page.getByTestId('store-plan-order').first().getAttribute('href')).toMatch(
      /^\/order\?step=configure/,
    );
    expect(errors.filter((e) => !/status of 40[13]/.test(e))).toEqual([]);
    await context.close();
  });

  it('the contact page and footer show the tenant settings, as its admin changes them', async () => {
    // KloudNests' admin gives a support phone and a store description in the settings.
    const admin = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const adminPage = await admin.newPage();
    await signInAs(adminPage, at(KN, ''), reseller);
    await adminPage.goto(at(KN, '/admin/settings'));
    await adminPage.getByTestId('brand-phone').fill('+91 80 4000 5678');
    await adminPage
      .getByTestId('brand-store-description')
      .fill('Cloud servers from Bengaluru, billed with GST.');
    await adminPage.getByTestId('settings-brand-save').click();
    await adminPage.getByTestId('settings-brand-saved').waitFor();
    await admin.close();

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(at(KN, '/contact'));
    await page.getByTestId('contact-page').waitFor();
    expect(await page.title()).toBe('Contact · KloudNests');
    expect(await page.getByTestId('contact-email').textContent()).toBe('support@kloudnests.com');
    expect(await page.getByTestId('contact-legal-name').textContent()).toBe(
      'KloudNests Cloud Services Pvt Ltd',
    );
    expect(await page.getByTestId('contact-gstin').textContent()).toBe('29AAKCK4021N1Z6');
    expect(await page.getByTestId('contact-address').textContent()).toContain('Bengaluru');
    expect(await page.getByTestId('footer-gstin').textContent()).toBe('29AAKCK4021N1Z6');
    expect(await page.getByTestId('contact-phone').textContent()).toBe('+91 80 4000 5678');
    expect(await page.getByTestId('contact-phone').getAttribute('href')).toBe('tel:+918040005678');
    expect(await page.getByTestId('footer-phone').textContent()).toContain('+91 80 4000 5678');
    const { html } = await serverHtml(KN, '/store');
    expect(metaDescription(html)).toMatch(
      /^Cloud servers from Bengaluru, billed with GST\. VPS, .* from ₹[\d,.]+\/month\. Prices exclude GST at 18 %\.$/,
    );
    await both(page, '06-contact');
    await context.close();
  });

  it("the operator's host shows the operator's plans only", async () => {
    const [akashone, kloudnests] = await Promise.all([publicPlans(AK), publicPlans(KN)]);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const shown = await storePlanIds(page, AK);
    expect(await page.title()).toContain('AkashOne');
    expect(shown.sort()).toEqual(akashone.map((p) => p.id).sort());
    expect(shown.filter((id) => kloudnests.some((p) => p.id === id))).toEqual([]);
    await page.goto(at(AK, '/store'));
    await page.getByTestId('store-plans').waitFor();
    await both(page, '07-akashone-store');
    // KloudNests' store, likewise, has none of the operator's.
    const theirs = await storePlanIds(page, KN);
    expect(theirs.sort()).toEqual(kloudnests.map((p) => p.id).sort());
    // A KloudNests plan's page on the operator's host is not found.
    await page.goto(at(AK, `/store/${kloudnests[0]!.id}`));
    await page.getByTestId('store-error').waitFor();
    await context.close();
  });

  it('first paint at 4× CPU throttling (reported) and axe-core finds nothing serious', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(at(KN, '/store'), { waitUntil: 'load' });
    // The plans are in the HTML the server sent (server-rendered), before any script runs.
    await page.getByTestId('store-plans').waitFor({ state: 'visible' });
    // The paint entry may come well after the load event under throttling on a busy machine
    // (CI once saw none within 10 s): wait for it (buffered), and report when there is none.
    const fcp = await page.evaluate<number>(`new Promise((resolve) => {
      new PerformanceObserver((list) => {
        const e = list.getEntriesByName('first-contentful-paint')[0];
        if (e) resolve(e.startTime);
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(-1), 30000);
    })`);
    console.log(
      fcp > 0
        ? `storefront FCP (loopback, 4x CPU throttling, 390 px): ${fcp.toFixed(0)} ms`
        : 'storefront FCP (loopback, 4x CPU throttling, 390 px): no paint entry within 30 s',
    );
    await context.close();

    const scan = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const p = await scan.newPage();
    const found: Finding[] = [];
    for (const path of ['/store?state=27', '/contact']) {
      await p.goto(at(KN, path));
      await p.getByTestId('store-shell').waitFor();
      found.push(...(await axeFindings(p, `storefront-axe${path.replace(/\W+/g, '-')}`)));
    }
    await p.goto(at(KN, '/store'));
    await p.getByTestId('store-plan-link').first().click();
    await p.getByTestId('store-plan-page').waitFor();
    found.push(...(await axeFindings(p, 'storefront-axe-plan')));
    await p.goto(at(AK, '/store'));
    await p.getByTestId('store-plans').waitFor();
    found.push(...(await axeFindings(p, 'storefront-axe-akashone')));
    expect(found.length, describeFindings('storefront', found)).toBe(0);
    await scan.close();
  });
});
