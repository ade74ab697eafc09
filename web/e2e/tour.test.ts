import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { axeFindings, describeFindings, scan, type Finding } from './axe.ts';
import { ADMIN, ARTIFACTS, signInAs, startResellerDemo, type ResellerDemo } from './harness.ts';
import { linkInMailbox } from '../../server/testing/mailbox.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/*
 * Issue 15's tour: every page of the portal (every +page.svelte under web/src/routes), reached
 * the way a person would (anonymous, the demo customer, the operator's admin, KloudNests' admin
 * and customer, with the demo's real ids), photographed at 1440×900 and 390×844 and scanned
 * with axe-core in the dark and the light theme. A route without a recipe fails the first test:
 * a new page is toured (and scanned) from the day it is added. Then the structure of issue 15
 * §7: the skip link, the login page's heading and landmark and honest copy, the 404's frame.
 */

const ROUTES_DIR = path.resolve(import.meta.dirname, '../src/routes');
const KN = 'kloudnests.localhost';
const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

type Who = 'anonymous' | 'customer' | 'admin' | 'kn-anonymous' | 'kn-customer' | 'kn-admin';

/** The demo's ids the recipes use, looked up (or made) before the tour. */
interface Ids {
  invoice: string;
  order: string;
  service: string;
  ticket: string;
  run: string;
  customer: string;
  knPlan: string;
  invite: string;
}

/** One visit: who, where; `as` names a second visit of the same route (e.g. on KloudNests). */
interface Visit {
  who: Who;
  path: (ids: Ids) => string;
  as?: string;
}

const at = (who: Who, p: string | ((ids: Ids) => string), as?: string): Visit => ({
  who,
  path: typeof p === 'string' ? () => p : p,
  as,
});

/** How to reach each route: the route id (as SvelteKit names it) → its visits. */
const RECIPES: Record<string, Visit[]> = {
  '/(app)/(customer)': [at('customer', '/'), at('kn-customer', '/', 'kloudnests')],
  '/(app)/(customer)/account/activity': [at('customer', '/account/activity')],
  '/(app)/(customer)/account/team': [at('kn-customer', '/account/team')],
  '/(app)/(customer)/billing': [at('customer', '/billing')],
  '/(app)/(customer)/billing/[id]': [at('customer', (i) => `/billing/${i.invoice}`)],
  '/(app)/(customer)/order': [at('customer', '/order')],
  '/(app)/(customer)/orders': [at('customer', '/orders')],
  '/(app)/(customer)/orders/[id]': [at('customer', (i) => `/orders/${i.order}`)],
  '/(app)/(customer)/services': [at('customer', '/services')],
  '/(app)/(customer)/services/[id]': [at('customer', (i) => `/services/${i.service}`)],
  '/(app)/(customer)/tickets': [at('customer', '/tickets')],
  '/(app)/(customer)/tickets/[id]': [at('customer', (i) => `/tickets/${i.ticket}`)],
  '/(app)/(customer)/tickets/new': [at('customer', '/tickets/new')],
  '/(app)/(customer)/wallet': [at('customer', '/wallet')],
  '/(app)/(customer)/wallet/add-funds': [
    at('customer', '/wallet/add-funds'),
    at('kn-customer', '/wallet/add-funds', 'kloudnests'),
  ],
  '/(app)/account/profile': [at('customer', '/account/profile')],
  '/(app)/account/security': [at('admin', '/account/security')],
  '/(app)/admin': [at('admin', '/admin'), at('kn-admin', '/admin', 'kloudnests')],
  '/(app)/admin/addons': [at('admin', '/admin/addons')],
  '/(app)/admin/automation': [at('admin', '/admin/automation')],
  '/(app)/admin/automation/runs/[id]': [at('admin', (i) => `/admin/automation/runs/${i.run}`)],
  '/(app)/admin/billing': [at('admin', '/admin/billing')],
  '/(app)/admin/billing/[id]': [at('admin', (i) => `/admin/billing/${i.invoice}`)],
  '/(app)/admin/datacenters': [at('admin', '/admin/datacenters')],
  '/(app)/admin/operating-systems': [at('admin', '/admin/operating-systems')],
  '/(app)/admin/orders': [at('admin', '/admin/orders')],
  '/(app)/admin/orders/[id]': [at('admin', (i) => `/admin/orders/${i.order}`)],
  '/(app)/admin/outbox': [at('admin', '/admin/outbox')],
  '/(app)/admin/plans': [at('admin', '/admin/plans')],
  '/(app)/admin/roles': [at('admin', '/admin/roles')],
  '/(app)/admin/servers': [at('admin', '/admin/servers')],
  '/(app)/admin/servers/[id]': [at('admin', (i) => `/admin/servers/${i.service}`)],
  '/(app)/admin/servers/allocate': [at('admin', '/admin/servers/allocate')],
  '/(app)/admin/settings': [
    at('admin', '/admin/settings'),
    at('kn-admin', '/admin/settings', 'kloudnests'),
  ],
  '/(app)/admin/settings/mail-templates': [at('admin', '/admin/settings/mail-templates')],
  '/(app)/admin/settings/mail': [at('admin', '/admin/settings/mail')],
  '/(app)/admin/tenants': [at('admin', '/admin/tenants')],
  '/(app)/admin/tickets': [at('admin', '/admin/tickets')],
  '/(app)/admin/tickets/[id]': [at('admin', (i) => `/admin/tickets/${i.ticket}`)],
  '/(app)/admin/tickets/settings': [at('admin', '/admin/tickets/settings')],
  '/(app)/admin/top-ups': [
    at('admin', '/admin/top-ups'),
    at('kn-admin', '/admin/top-ups', 'kloudnests'),
  ],
  '/(app)/admin/users': [at('admin', '/admin/users')],
  '/(app)/admin/users/[id]': [at('admin', (i) => `/admin/users/${i.customer}`)],
  '/(store)/contact': [at('kn-anonymous', '/contact')],
  '/(store)/store': [at('anonymous', '/store'), at('kn-anonymous', '/store', 'kloudnests')],
  '/(store)/store/[planId]': [at('kn-anonymous', (i) => `/store/${i.knPlan}`)],
  '/forgot-password': [at('anonymous', '/forgot-password')],
  '/invite/[token]': [at('kn-anonymous', (i) => `/invite/${i.invite}`)],
  '/login': [at('anonymous', '/login'), at('kn-anonymous', '/login', 'kloudnests')],
  '/register': [at('kn-anonymous', '/register')],
  '/reset-password': [at('anonymous', '/reset-password?token=expired-or-made-up')],
  '/verify-email': [at('anonymous', '/verify-email?token=expired-or-made-up')],
};

/** Every route id of the portal, from the files: web/src/routes/a/(g)/[id]/+page.svelte → /a/(g)/[id]. */
async function routeIds(): Promise<string[]> {
  const files = await readdir(ROUTES_DIR, { recursive: true });
  return files
    .filter((f) => path.basename(f) === '+page.svelte')
    .map((f) => `/${path.dirname(f).split(path.sep).join('/')}`.replace(/^\/\.$/, '/'))
    .sort();
}

/** The screenshot name of a route: /(app)/admin/orders/[id] → admin-orders-id, / pages named. */
export const slugOf = (route: string, as?: string): string => {
  const plain = route
    .split('/')
    .filter((s) => s && !s.startsWith('('))
    .map((s) => s.replace(/^\[(.+)\]$/, '$1'))
    .join('-');
  const name = plain || (route.includes('(customer)') ? 'dashboard' : 'home');
  return as ? `${name}-${as}` : name;
};

let server: RunningPlatform;
let browser: Browser;
let url: ResellerDemo['at'];
let reseller: ResellerDemo['reseller'];
const contexts = new Map<Who, BrowserContext>();
const pages = new Map<Who, Page>();
let ids: Ids;

/** The origin of whom: KloudNests' host, or the operator's (its development host 127.0.0.1). */
const originOf = (who: Who) => url(who.startsWith('kn-') ? KN : '127.0.0.1', '');

/** GraphQL on `host` with a browser context's session, as that browser would send it. */
async function gqlAs(who: Who, query: string, variables: Record<string, unknown> = {}) {
  const cookies = await contexts.get(who)!.cookies();
  const sid = cookies.find((c) => c.name === 'sid');
  const res = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: {
      host: new URL(originOf(who)).host,
      'content-type': 'application/json',
      ...(sid ? { cookie: `sid=${sid.value}` } : {}),
    },
    payload: JSON.stringify({ query, variables }),
  });
  const body = res.json() as { data: any; errors?: { message: string }[] };
  if (body.errors) throw new Error(`${who}: ${body.errors[0]!.message}`);
  return body.data;
}

const credentials = (email: string) => {
  const c = server.created.find((x) => x.email === email);
  if (!c) throw new Error(`the demo did not create ${email}`);
  return { email, password: c.password };
};

/** The demo's ids; what the demo does not seed (a ticket, an automation run, an invitation) made here. */
async function demoIds(): Promise<Ids> {
  const first = (page: { items: { id: string }[] }, what: string) => {
    const id = page.items[0]?.id;
    if (!id) throw new Error(`the demo has no ${what}`);
    return id;
  };
  const { invoices, orders, services } = await gqlAs(
    'customer',
    '{ invoices { items { id } } orders { items { id } } services { items { id } } }',
  );
  const { ticketDepartments } = await gqlAs('customer', '{ ticketDepartments { id active } }');
  const { openTicket } = await gqlAs(
    'customer',
    'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }',
    {
      i: {
        commandId: 'tour:ticket',
        departmentId: ticketDepartments.find((d: { active: boolean }) => d.active).id,
        priority: 'MEDIUM',
        subject: 'Reverse DNS for app.ashaverma.in',
        message: 'Please set the PTR record of 203.0.113.25 to app.ashaverma.in.',
      },
    },
  );
  const { runAutomation } = await gqlAs(
    'admin',
    'mutation($i: RunAutomationInput!) { runAutomation(input: $i) { id } }',
    { i: { commandId: 'tour:run', job: 'REMINDERS' } },
  );
  const { users } = await gqlAs(
    'admin',
    '{ users(filter: { search: "demo@akashone.com" }) { items { id email } } }',
  );
  const plans = async (who: Who) =>
    (await gqlAs(who, '{ catalog { plans { id } } }')).catalog.plans as { id: string }[];
  await gqlAs(
    'kn-customer',
    'mutation($i: InviteTeamMemberInput!) { inviteTeamMember(input: $i) { id } }',
    {
      i: {
        commandId: 'tour:invite',
        email: 'ravi@example.com',
        name: 'Ravi Kumar',
        role: 'billing',
      },
    },
  );
  const invite = await linkInMailbox(
    server.platform.mail.mailbox!,
    'ravi@example.com',
    /\/invite\/([A-Za-z0-9_-]+)/,
  );
  return {
    invoice: first(invoices, 'invoice'),
    order: first(orders, 'order'),
    service: first(services, 'service'),
    ticket: openTicket.id,
    run: runAutomation.id,
    customer: users.items.find((u: { email: string }) => u.email === 'demo@akashone.com').id,
    knPlan: (await plans('kn-anonymous'))[0]!.id,
    invite,
  };
}

/** A context of its own for `who`, signed in when it is someone, at the wide size. */
async function contextFor(who: Who): Promise<void> {
  const context = await browser.newContext({ viewport: WIDE });
  const page = await context.newPage();
  contexts.set(who, context);
  pages.set(who, page);
  const base = originOf(who);
  if (who === 'customer') await signInAs(page, base, credentials('demo@akashone.com'));
  if (who === 'admin') await signInAs(page, base, ADMIN);
  if (who === 'kn-customer') await signInAs(page, base, credentials('demo@kloudnests.com'));
  if (who === 'kn-admin') await signInAs(page, base, reseller);
}

beforeAll(async () => {
  ({ server, browser, at: url, reseller } = await startResellerDemo([KN]));
  for (const who of [
    'anonymous',
    'customer',
    'admin',
    'kn-anonymous',
    'kn-customer',
    'kn-admin',
  ] as Who[])
    await contextFor(who);
  ids = await demoIds();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The route the page shows, once the portal has rendered it and its data has arrived. */
async function settle(page: Page, route: string): Promise<string | null> {
  await page
    .locator(`html[data-route="${route}"]`)
    .waitFor({ state: 'attached', timeout: 10_000 })
    .catch(() => undefined);
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  return page.evaluate<string | null>('document.documentElement.dataset.route ?? null');
}

describe('the tour of every page', () => {
  it('has a recipe for every route (a new page without one fails here)', async () => {
    const routes = await routeIds();
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((r) => !RECIPES[r]);
    const stale = Object.keys(RECIPES).filter((r) => !routes.includes(r));
    expect(missing, `routes without a tour recipe: ${missing.join(', ')}`).toEqual([]);
    expect(stale, `recipes for routes that no longer exist: ${stale.join(', ')}`).toEqual([]);
  });

  it('shows every page at 1440 and 390 px with no serious accessibility violation in either theme', async () => {
    const started = Date.now();
    const found: Finding[] = [];
    const wrong: string[] = [];
    const routes = (await routeIds()).filter((r) => RECIPES[r]);
    for (const route of routes) {
      for (const visit of RECIPES[route]!) {
        const page = pages.get(visit.who)!;
        const slug = slugOf(route, visit.as);
        await page.setViewportSize(WIDE);
        await page.goto(originOf(visit.who) + visit.path(ids));
        const shown = await settle(page, route);
        if (shown !== route) wrong.push(`${slug}: expected ${route}, shown ${shown}`);
        for (const [size, width] of [
          [WIDE, 1440],
          [PHONE, 390],
        ] as const) {
          if (width === 390) {
            await page.setViewportSize(size);
            await page.waitForTimeout(200);
          }
          await page.screenshot({
            path: path.join(ARTIFACTS, `tour-${slug}-${width}.png`),
            fullPage: true,
          });
          found.push(
            ...(await axeFindings(page, `tour-${slug}-${width}`)).map((f) => ({
              ...f,
              target: `${slug}@${width}: ${f.target}`,
            })),
          );
        }
      }
    }
    console.log(`tour: ${routes.length} routes in ${Math.round((Date.now() - started) / 1000)} s`);
    expect(wrong, `recipes that did not reach their route:\n${wrong.join('\n')}`).toEqual([]);
    expect(found.length, describeFindings('tour', found)).toBe(0);
  }, 400_000);
});

describe('the structure of the pages', () => {
  it('the login page has one h1, one main, the skip link first, and says only what the tenant offers', async () => {
    const page = await browser.newPage({ viewport: WIDE });
    try {
      await page.goto(url(KN, '/login'));
      await page.getByTestId('login-form').waitFor();
      expect(await page.locator('h1').allTextContents()).toEqual(['Sign in to KloudNests']);
      expect(await page.locator('main').count()).toBe(1);
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('Welcome back');
      // KloudNests has crypto off, and no claim the platform does not back.
      expect(text.toLowerCase()).not.toContain('crypto');
      expect(text).not.toContain('GST-compliant');
      expect(text).not.toContain('Rent servers');
      expect(await page.getByTestId('auth-highlights').innerText()).toContain('bank transfer');
      // The tagline once.
      expect(text.split('Enterprise Cloud Infrastructure Provider').length - 1).toBe(1);
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('skip-link');
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement?.id')).toBe('main');

      // Registering: its own h1 and main, and no promise the tenant has not made.
      await page.goto(url(KN, '/register'));
      await page.locator('main h1').waitFor();
      expect(await page.locator('h1').allTextContents()).toEqual(['Create your account']);
      expect(await page.locator('main').count()).toBe(1);
      expect(await page.locator('body').innerText()).not.toMatch(/Rent servers|GST-compliant/);

      // The operator offers crypto top-ups: its login says so.
      await page.goto(url('127.0.0.1', '/login'));
      await page.getByTestId('login-form').waitFor();
      expect(await page.getByTestId('auth-highlights').innerText()).toContain('crypto');
    } finally {
      await page.close();
    }
  });

  it('says "Welcome back" only to someone who signed in from this browser before', async () => {
    const page = await browser.newPage({ viewport: WIDE });
    try {
      const base = url('127.0.0.1', '');
      await page.goto(`${base}/login`);
      await page.getByTestId('login-form').waitFor();
      expect(await page.locator('h1').innerText()).toBe('Sign in to AkashOne.com');
      await signInAs(page, base, credentials('demo@akashone.com'));
      await page.getByTestId('sign-out').click();
      await page.getByTestId('login-form').waitFor();
      expect(await page.locator('h1').innerText()).toBe('Welcome back');
      expect(await page.locator('main').innerText()).toContain('Sign in to AkashOne.com.');
    } finally {
      await page.close();
    }
  });

  it('a signed-in 404 keeps the frame and offers the way home, not "Try again"', async () => {
    const page = pages.get('customer')!;
    await page.setViewportSize(WIDE);
    await page.goto(url('127.0.0.1', '/no-such-page'));
    await page.getByTestId('error-page').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    expect(await page.getByTestId('sidebar').isVisible()).toBe(true);
    expect(await page.getByTestId('current-user').isVisible()).toBe(true);
    expect(await page.getByTestId('error-home').getAttribute('href')).toBe('/');
    expect(await page.getByTestId('error-retry').count()).toBe(0);
    expect(await page.locator('main#main').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tour-404-signed-in.png') });
    await scan(page, 'tour-404-signed-in');

    // The skip link is the first stop of Tab in the frame, and leads into the page.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('skip-link');
    await page.goto(url('127.0.0.1', '/wallet'));
    await page
      .locator('html[data-route="/(app)/(customer)/wallet"]')
      .waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('skip-link');
    expect(await page.getByTestId('skip-link').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');

    // An admin's way home is their dashboard; someone signed out is offered the sign-in.
    const admin = pages.get('admin')!;
    await admin.goto(url('127.0.0.1', '/no-such-page'));
    await admin.getByTestId('error-page').waitFor();
    expect(await admin.getByTestId('error-home').getAttribute('href')).toBe('/admin');
    const anonymous = pages.get('anonymous')!;
    await anonymous.goto(url('127.0.0.1', '/no-such-page'));
    await anonymous.getByTestId('error-page').waitFor();
    expect(await anonymous.getByTestId('sidebar').count()).toBe(0);
    expect(await anonymous.getByTestId('error-home').innerText()).toBe('Go to sign in');
    expect(await anonymous.locator('main').count()).toBe(1);
    await scan(anonymous, 'tour-404-signed-out');
  });

  it('the navigation drawer of a phone is labelled, closes, and passes axe', async () => {
    const page = pages.get('customer')!;
    await page.setViewportSize(PHONE);
    await page.goto(url('127.0.0.1', '/services'));
    await page.getByTestId('nav-open').click();
    const drawer = page.getByRole('dialog', { name: 'Navigation' });
    await drawer.waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tour-nav-drawer-390.png') });
    await scan(page, 'tour-nav-drawer-390');
    await drawer.getByRole('button', { name: 'Close navigation' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.setViewportSize(WIDE);
  });
});
