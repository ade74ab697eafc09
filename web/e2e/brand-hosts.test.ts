import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  ARTIFACTS,
  DESKTOP,
  shot,
  signInAs,
  startResellerDemo,
  type ResellerDemo,
} from './harness.ts';
import type { RunningPlatform } from '../../server/platform.ts';
import { gqlAt, signInAt } from '../../graphql/access/testing.ts';
import { brandColors, brandStyle, parseHex } from '../src/lib/identity/contrast.ts';

/**
 * Issue 15 §2, §8, §9: the brand in the HTML the server sends (title, theme colour, the derived
 * colours on <html>), a neutral "No such site" on a host no tenant serves, and primary buttons and
 * brand-coloured links that read at 4.5:1 on both tenants in both themes.
 */
const OP = 'akashone.localhost';
const KN = 'kloudnests.localhost';

let server: RunningPlatform;
let browser: Browser;
let reseller: ResellerDemo['reseller'];
let at: ResellerDemo['at'];
let port: number;

beforeAll(async () => {
  ({ server, browser, reseller, at } = await startResellerDemo(['*.localhost']));
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page as plain HTTP gives it (no script runs): status and body. */
function fetchHtml(host: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: url, headers: { host: `${host}:${port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The colours the portal derives from a brand colour (and accent). */
const brandColorsOf = (primary: string, accent: string | null = null) =>
  brandColors(parseHex(primary)!, accent ? parseHex(accent) : null);

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const themeColorOf = (html: string) => /<meta name="theme-color" content="([^"]+)"/.exec(html)?.[1];
const htmlStyleOf = (html: string) => /<html[^>]* style="([^"]*)"/.exec(html)?.[1];

describe('the first HTML of each host', () => {
  it("carries KloudNests' title, theme colour and brand colours before any script runs", async () => {
    const page = await fetchHtml(KN, '/login');
    expect(page.status).toBe(200);
    expect(titleOf(page.body)).toBe('KloudNests');
    expect(themeColorOf(page.body)).toBe('#0d9488');
    expect(htmlStyleOf(page.body)).toBe(brandStyle(brandColorsOf('#0d9488', '#f59e0b')));
    expect(page.body).toContain('--brand-foreground:#020408');
    expect(page.body).not.toContain('AkashOne');
  });

  it("is the operator's on its own host, localhost and 127.0.0.1", async () => {
    for (const host of [OP, 'localhost', '127.0.0.1']) {
      const page = await fetchHtml(host, '/login');
      expect(page.status, host).toBe(200);
      expect(titleOf(page.body), host).toBe('AkashOne.com');
      expect(themeColorOf(page.body), host).toBe('#3b82f6');
      expect(htmlStyleOf(page.body), host).toBe(brandStyle(brandColorsOf('#3b82f6')));
    }
  });

  it('applies the colours with scripts off (the page policy lets the style on <html> through)', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    const csp: string[] = [];
    page.on('console', (m) => /Content Security Policy/.test(m.text()) && csp.push(m.text()));
    await page.goto(at(KN, '/login'));
    expect(await page.title()).toBe('KloudNests');
    const colours = await page.evaluate(
      "['--brand', '--brand-foreground', '--brand-text'].map((v) => getComputedStyle(document.documentElement).getPropertyValue(v).trim())",
    );
    const derived = brandColorsOf('#0d9488', '#f59e0b');
    expect(colours).toEqual([derived.brand, derived.foreground, derived.textDark]);
    expect(csp).toEqual([]);
    await context.close();
  });

  it('follows a brand change within seconds', async () => {
    const t = { running: server };
    const cookie = await signInAt(t as never, KN, reseller.email, reseller.password);
    const settings = `{ tenantSettings { brand { name tagline primaryColor accentColor logoUrl supportEmail mailFrom domains } } }`;
    const brand = (await gqlAt(t, KN, settings, {}, cookie)).data.tenantSettings.brand;
    const save = (primaryColor: string) =>
      gqlAt(
        t,
        KN,
        `mutation($input: UpdateTenantBrandInput!) { updateTenantBrand(input: $input) { brand { primaryColor } } }`,
        { input: { commandId: crypto.randomUUID(), brand: { ...brand, primaryColor } } },
        cookie,
      );
    try {
      expect((await save('#7c3aed')).errors).toBeUndefined();
      await expect
        .poll(async () => themeColorOf((await fetchHtml(KN, '/login')).body), { timeout: 10_000 })
        .toBe('#7c3aed');
      expect(htmlStyleOf((await fetchHtml(KN, '/store')).body)).toContain('--brand:#7c3aed');
    } finally {
      await save(brand.primaryColor);
    }
    await expect
      .poll(async () => themeColorOf((await fetchHtml(KN, '/login')).body), { timeout: 10_000 })
      .toBe('#0d9488');
  });
});

describe('a host no tenant serves', () => {
  it('answers "No such site" with 404, no brand and no sign-in, and GraphQL refuses', async () => {
    for (const url of ['/', '/login', '/store']) {
      const page = await fetchHtml('foo.localhost', url);
      expect(page.status, url).toBe(404);
      expect(titleOf(page.body)).toBe('No such site');
      expect(page.body).not.toMatch(/akashone|kloudnests|sign in|password/i);
    }
    const res = await gqlAt({ running: server }, 'foo.localhost', '{ brand { name } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.message).toBe('No site is configured for this address.');

    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const answer = await page.goto(at('foo.localhost', '/login'));
    expect(answer?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('No such site');
    expect(await page.locator('input').count()).toBe(0);
    // Shot and scanned with axe-core, as every page.
    await shot(page, 'brand-hosts-no-such-site');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'brand-hosts-no-such-site-390');
    await context.close();
  });
});

/**
 * The contrast of an element's text on the first opaque background behind it, by the WCAG 2
 * formula, from the computed colours (any CSS colour, oklch included, read back through a canvas).
 */
const CONTRAST_OF = `(selector) => {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const rgba = (colour) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const el = document.querySelector(selector);
  if (!el) return null;
  // The backgrounds down to the first opaque one, composited (a 10 % tint over the page).
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] === 255) break;
  }
  const over = (top, under) => {
    const a = top[3] / 255;
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(255);
  };
  const back = layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 255]);
  const text = over(rgba(getComputedStyle(el).color), back);
  const [a, b] = [lum(text), lum(back)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}`;

const contrastOf = (page: Page, selector: string) =>
  page.evaluate(`(${CONTRAST_OF})(${JSON.stringify(selector)})`) as Promise<number | null>;

describe('primary buttons and brand-coloured links read at 4.5:1', () => {
  const tenants = [
    { host: OP, name: 'akashone', who: () => ADMIN },
    { host: KN, name: 'kloudnests', who: () => reseller },
  ];
  for (const tenant of tenants)
    for (const theme of ['dark', 'light'] as const)
      it(`${tenant.name}, ${theme}`, async () => {
        const context = await browser.newContext({ viewport: DESKTOP });
        if (theme === 'light')
          await context.addInitScript("localStorage.setItem('theme', 'light')");
        const page = await context.newPage();
        await page.goto(at(tenant.host, '/login'));
        await page.getByTestId('login-submit').waitFor();
        expect(await page.evaluate('document.documentElement.classList.contains("dark")')).toBe(
          theme === 'dark',
        );
        const measured = {
          button: await contrastOf(page, '[data-testid=login-submit]'),
          link: await contrastOf(page, '[data-testid=login-forgot]'),
          hover: 0 as number | null,
        };
        await page.getByTestId('login-submit').hover();
        await page.waitForTimeout(300); // the colour transition
        measured.hover = await contrastOf(page, '[data-testid=login-submit]');
        for (const [what, ratio] of Object.entries(measured))
          expect(ratio, `${tenant.name} ${theme} ${what}: ${ratio}`).toBeGreaterThanOrEqual(4.5);
        await page.mouse.move(0, 0);
        await shot(page, `brand-hosts-${tenant.name}-login-${theme}`);

        await signInAs(page, at(tenant.host, ''), tenant.who());
        await page.goto(at(tenant.host, '/admin'));
        await page.getByTestId('current-user').waitFor();
        await page.waitForLoadState('networkidle');
        // The staff's two-factor banner (its link was 2.57:1) and the dashboard's primary button.
        for (const selector of [
          '[data-testid=two-factor-reminder] a',
          '[data-testid=two-factor-reminder] span',
          '[data-testid=admin-review-pending]',
        ]) {
          const ratio = await contrastOf(page, selector);
          expect(ratio, `${tenant.name} ${theme} ${selector}: ${ratio}`).toBeGreaterThanOrEqual(
            4.5,
          );
        }
        await page.screenshot({
          path: path.join(ARTIFACTS, `brand-hosts-${tenant.name}-dashboard-${theme}.png`),
          fullPage: true,
        });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.waitForTimeout(200);
        await page.screenshot({
          path: path.join(ARTIFACTS, `brand-hosts-${tenant.name}-dashboard-${theme}-390.png`),
        });
        await context.close();
      });
});
