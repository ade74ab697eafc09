import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../server/config.ts';
import { startPlatform, type RunningPlatform } from '../../server/platform.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import { ensureUser } from '../../server/bootstrap.ts';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../artifacts/e2e');

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

/** Saves a full-page screenshot as a CI artifact. */
export async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Signs in through the login page and waits for the shell. */
export async function signInAs(
  page: Page,
  base: string,
  who: { email: string; password: string },
): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
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
