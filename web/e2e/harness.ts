import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../server/config.ts';
import { startPlatform, type RunningPlatform } from '../../server/platform.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { ensureUser } from '../../server/bootstrap.ts';
import { firstSignInAt } from '../../graphql/access/testing.ts';
import { scan } from './axe.ts';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../artifacts/e2e');

/** The operator's admin, as the tests start the platform with it (ADMIN_EMAIL, ADMIN_PASSWORD). */
export const ADMIN = { email: 'admin@akashone.com', password: 'e2e-admin-password-1' };

/** The desktop viewport most pages are shot at. */
export const DESKTOP = { width: 1366, height: 900 };

/** The platform listening on a free port of 127.0.0.1, on a fresh database of the run's PostgreSQL. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningPlatform> {
  const settings = loadSettings({
    DATABASE_URL: await freshDatabase('e2e'),
    DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'platform-e2e-')),
    HOST: '127.0.0.1',
    PORT: '0',
    BCRYPT_COST: '10',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...env,
  });
  return startPlatform(settings);
}

/** Debian's Chromium, headless, with the network chatter it would otherwise try switched off. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * Saves a full-page screenshot as a CI artifact, then scans the page with axe-core in the dark
 * and the light theme (./axe.ts): a serious or critical violation fails the test.
 */
export async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  await scan(page, name);
}

/**
 * Desktop and 390 px shots of the page as it is, named `<prefix>-<name>` and
 * `<prefix>-<name>-390`: on the desktop no table spills out of its box, on the phone nothing
 * scrolls sideways. `settle` is how long (ms) the page is given after going to the phone width,
 * `back` after returning to its own (0: not waited for).
 */
export function shotsAtTwoSizes(prefix: string, { settle = 200, back = 100 } = {}) {
  return async (page: Page, name: string): Promise<void> => {
    expect(await spillingTables(page), `${name}: a table spills out of its box`).toBe(0);
    await shot(page, `${prefix}-${name}`);
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(settle);
    const overflow = await sidewaysOverflow(page);
    await shot(page, `${prefix}-${name}-390`);
    await page.setViewportSize(size);
    if (back > 0) await page.waitForTimeout(back);
    expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  };
}

/** A page in a context of its own (its own cookies), at the desktop size unless told. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<Page> {
  return (await browser.newContext({ viewport })).newPage();
}

/** Fills in and submits the login page of `base` (waits for nothing after). */
export async function submitLogin(
  page: Page,
  base: string,
  who: { email: string; password: string },
): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
}

/** Signs in through the login page and waits for the shell. */
export async function signInAs(
  page: Page,
  base: string,
  who: { email: string; password: string },
): Promise<void> {
  await submitLogin(page, base, who);
  await page.getByTestId('current-user').waitFor();
}

/**
 * GraphQL through the server's HTTP stack, as a browser would send it (on the default host):
 * the data, and the session cookie the answer set (else the one sent). An error throws.
 */
export async function gql(
  server: RunningPlatform,
  query: string,
  variables: Record<string, unknown>,
  cookie?: string,
) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    payload: JSON.stringify({ query, variables }),
  });
  const body = res.json() as { data: any; errors?: { message: string }[] };
  if (body.errors) throw new Error(body.errors[0]!.message);
  const sid = res.cookies.find((c) => c.name === 'sid');
  return { data: body.data, cookie: sid ? `sid=${sid.value}` : cookie };
}

/**
 * The demo (the operator and the reseller KloudNests) with the operator's ADMIN, and a browser
 * that resolves the `hosts` (e.g. `*.localhost`) to 127.0.0.1 whatever the resolver says.
 * KloudNests' admin (password printed once) is past the first sign-in: it is an initial
 * password, and `reseller` holds the one they chose. `at(host, path)` is a URL on that host.
 * `env` adds settings (e.g. MAIL_SMTP_URL of a test SMTP server).
 */
export async function startResellerDemo(hosts: string[], env: Record<string, string> = {}) {
  // The demo seeds the operator and the reseller KloudNests with its own admin.
  const server = await startServer({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DEMO: 'true',
    ...env,
  });
  try {
    const port = new URL(server.url).port;
    const created = server.created.find((c) => c.email === 'admin@kloudnests.com');
    if (!created) throw new Error('the demo did not create the KloudNests admin');
    const reseller = { email: created.email, password: `${created.password}-own` };
    await firstSignInAt(
      { running: server },
      'kloudnests.localhost',
      created.email,
      created.password,
      reseller.password,
    );
    const browser = await launchBrowser([
      `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
    ]);
    const at = (host: string, p: string) => `http://${host}:${port}${p}`;
    return { server, browser, reseller, at };
  } catch (e) {
    await server.close();
    throw e;
  }
}

/** A customer made by the registration command, readable once this returns. */
export async function seedCustomer(
  server: RunningPlatform,
  commandId: string,
  who: { email: string; password: string; name: string },
): Promise<string> {
  const made = await ensureUser(
    { store: server.platform.store, now: () => new Date(), bcryptCost: 10 },
    commandId,
    { ...who, role: 'customer' },
  );
  if (!made) throw new Error(`${who.email} exists already`);
  await server.platform.projections.waitFor(made.position, 10_000);
  return made.userId;
}

/**
 * How far the page scrolls sideways (0 when it fits). A string expression: the tests are
 * type-checked without the DOM library, and the function runs in the page.
 */
export const sidewaysOverflow = (page: Page): Promise<number> =>
  page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );

/** Tables wider than their box (spilling over a neighbour or scrolling): their count. */
export const spillingTables = (page: Page): Promise<number> =>
  page.evaluate<number>(
    `[...document.querySelectorAll('table')].filter((t) => t.offsetParent !== null &&
      t.getBoundingClientRect().right > t.parentElement.getBoundingClientRect().right + 1).length`,
  );

export type ResellerDemo = Awaited<ReturnType<typeof startResellerDemo>>;
