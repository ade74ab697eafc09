import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/*
 * axe-core on every page a browser test photographs (harness.ts's shot() calls scan()): the
 * page as it is in the dark theme and in the light one, failing on any serious or critical
 * violation with a list a person can act on. Each scan is recorded, with the SvelteKit route id
 * the page carries (data-route on <html>, set by the root layout), in artifacts/e2e/axe/.
 */

export const AXE_ARTIFACTS = path.resolve(import.meta.dirname, '../../artifacts/e2e/axe');

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Theme = 'dark' | 'light';

interface AxeNode {
  target: string[];
  any: { id: string; data?: Record<string, unknown> | null }[];
  all: { id: string; data?: Record<string, unknown> | null }[];
  none: { id: string; data?: Record<string, unknown> | null }[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** One violation as a line: rule, impact, theme, the element and, for contrast, the ratio. */
export interface Finding {
  theme: Theme;
  rule: string;
  impact: string;
  help: string;
  target: string;
  /** For colour-contrast: "2.54:1 (needs 4.5:1), #fff on #0d9488". */
  measured?: string;
}

/** What the scans of this process already covered: the same route and DOM is not scanned twice. */
const scanned = new Set<string>();

/** The route id the page carries, its width and a hash of its DOM (in the page). */
const fingerprint = (page: Page) =>
  page.evaluate<{ route: string | null; hash: string; dark: boolean; width: number }>(`(() => {
    const html = document.body.innerHTML;
    let h = 0x811c9dc5;
    for (let i = 0; i < html.length; i++) h = Math.imul(h ^ html.charCodeAt(i), 0x01000193);
    return {
      route: document.documentElement.dataset.route ?? null,
      hash: (h >>> 0).toString(16) + ':' + html.length,
      dark: document.documentElement.classList.contains('dark'),
      width: window.innerWidth,
    };
  })()`);

/** Puts axe into the page (once per document). page.evaluate runs it past the page's CSP. */
async function inject(page: Page): Promise<void> {
  if (await page.evaluate<boolean>('typeof window.axe === "object"')) return;
  await page.evaluate<void>(`${await axeSource}\n;void 0`);
}

/**
 * Switches the page to `theme` (the class on <html>, as the theme toggle does) and finishes
 * every running transition, so that axe reads the colours the theme settles on.
 */
const setTheme = (page: Page, theme: Theme) =>
  page.evaluate<void>(`(async () => {
    document.documentElement.classList.toggle('dark', ${theme === 'dark'});
    getComputedStyle(document.body).color;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (const a of document.getAnimations()) if (a instanceof CSSTransition) a.finish();
  })()`);

/**
 * Every rule, or (`coloursOnly`) only those that read colours: switching the theme changes
 * colours and nothing else, so the second theme needs no more than these (half the time).
 */
const runAxe = (page: Page, coloursOnly: boolean) =>
  page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations']${
      coloursOnly ? `, runOnly: { type: 'rule', values: ${JSON.stringify(COLOUR_RULES)} }` : ''
    } }).then((r) => r.violations)`,
  );

/** The rules whose outcome depends on the colours (the theme). */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** The contrast axe measured for a node: ratio, what it needs, and the colours. */
function contrastOf(node: AxeNode): string | undefined {
  const data = [...node.any, ...node.all, ...node.none].find((c) => c.id === 'color-contrast')
    ?.data as
    | { contrastRatio?: number; expectedContrastRatio?: string; fgColor?: string; bgColor?: string }
    | undefined;
  if (!data?.contrastRatio) return undefined;
  return `${data.contrastRatio}:1 (needs ${data.expectedContrastRatio ?? '4.5:1'}), ${data.fgColor} on ${data.bgColor}`;
}

const serious = (v: AxeViolation) => v.impact === 'serious' || v.impact === 'critical';

/** The findings as a list, one line each, for a failing assertion. */
export const describeFindings = (name: string, found: Finding[]): string =>
  [
    `${name}: ${found.length} serious or critical accessibility violation(s):`,
    ...found.map(
      (f) =>
        `  [${f.theme}] ${f.rule} (${f.impact}) ${f.target}${f.measured ? ` — ${f.measured}` : ''} — ${f.help}`,
    ),
  ].join('\n');

/** Where the scan's record goes: artifacts/e2e/axe/<name>.json (the name made file-safe). */
const recordPath = (name: string) =>
  path.join(AXE_ARTIFACTS, `${name.replace(/[^a-zA-Z0-9._-]+/g, '_')}.json`);

/**
 * axe on the page in both themes (the current one first with every rule, then the other with the
 * rules that read colours; the page left as it was), the serious and
 * critical violations as findings; recorded in artifacts/e2e/axe/<name>.json. The same route,
 * width and DOM scanned before in this process is not scanned again (recorded as `repeatOf`).
 */
export async function axeFindings(page: Page, name: string): Promise<Finding[]> {
  const started = Date.now();
  const print = await fingerprint(page);
  const key = `${print.route}|${print.width}|${print.hash}`;
  await mkdir(AXE_ARTIFACTS, { recursive: true });
  const record = {
    name,
    route: print.route,
    url: page.url(),
    width: print.width,
    domHash: print.hash,
  };
  if (scanned.has(key)) {
    await writeFile(recordPath(name), JSON.stringify({ ...record, repeat: true }, null, 2));
    return [];
  }
  await inject(page);
  const timing: Record<string, number> = { inject: Date.now() - started };
  const first: Theme = print.dark ? 'dark' : 'light';
  const themes: Theme[] = first === 'dark' ? ['dark', 'light'] : ['light', 'dark'];
  const found: Finding[] = [];
  const counts: Record<string, number> = {};
  try {
    for (const theme of themes) {
      const t = Date.now();
      await setTheme(page, theme);
      const violations = await runAxe(page, theme !== first);
      timing[theme] = Date.now() - t;
      counts[theme] = violations.length;
      for (const v of violations.filter(serious))
        for (const node of v.nodes)
          found.push({
            theme,
            rule: v.id,
            impact: v.impact!,
            help: v.help,
            target: node.target.join(' '),
            measured: v.id === 'color-contrast' ? contrastOf(node) : undefined,
          });
    }
  } finally {
    await setTheme(page, first);
  }
  scanned.add(key);
  await writeFile(
    recordPath(name),
    JSON.stringify(
      { ...record, themes, violations: counts, findings: found, ms: Date.now() - started, timing },
      null,
      2,
    ),
  );
  return found;
}

/** Fails (listing each violation) when the page has a serious or critical one in either theme. */
export async function scan(page: Page, name: string): Promise<void> {
  const found = await axeFindings(page, name);
  expect(found.length, describeFindings(name, found)).toBe(0);
}
