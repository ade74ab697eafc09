/*
 * The colours the portal derives from a tenant's brand colour, held to WCAG 2's contrast ratio
 * (relative luminance, https://www.w3.org/TR/WCAG21/#dfn-relative-luminance) of 4.5:1 for normal
 * text. Any brand colour can be used: nothing here refuses one.
 * - Text on the brand colour (primary buttons) is white or INK, whichever reads better: for every
 *   sRGB colour the better of the two is at least 4.53:1 (the worst case is the colour whose
 *   ratio with both is equal).
 * - The hover colour moves away from the text colour (darker under white text, lighter under
 *   INK), so its ratio only grows.
 * - Brand-coloured text on the page (links, `text-primary`) uses a variant per theme, darkened
 *   (light theme) or lightened (dark theme) by mixing with black or white in sRGB, the way HSL
 *   lightness moves, until it reaches 4.5:1 on each of the theme's surfaces, plain and under the
 *   brand's own 15 % tint (badges).
 * Pure: the first HTML (hooks.server.ts) and the page (applyBrandColor) both use it.
 */

/** An sRGB colour, channels 0–255. */
export type Rgb = readonly [number, number, number];

/** WCAG 2 AA for normal text. */
export const AA_TEXT = 4.5;

export const WHITE = '#ffffff';
/** The near-black text colour on light brand colours (luminance 0.0012). */
export const INK = '#020408';

/**
 * The portal's surfaces text sits on (web/src/app.css: background, card, muted, accent, sidebar),
 * as sRGB hex from their OKLCH values.
 */
export const SURFACES = {
  light: ['#f9fafb', '#ffffff', '#f0f4f7', '#eaf1f8', '#f5f7f9'],
  dark: ['#090d16', '#111620', '#1c222c', '#1e2735', '#060911'],
} as const;

export type Theme = keyof typeof SURFACES;

const HEX = /^#(?:[0-9a-f]{3}){1,2}$/i;

/** The colour of "#rgb" or "#rrggbb" (case-insensitive, surrounding spaces ignored); null otherwise. */
export function parseHex(value: string): Rgb | null {
  const v = value.trim();
  if (!HEX.test(v)) return null;
  const digits =
    v.length === 4 ? [...v.slice(1)].map((c) => c + c) : [1, 3, 5].map((i) => v.slice(i, i + 2));
  const [r, g, b] = digits.map((d) => parseInt(d, 16));
  return [r!, g!, b!];
}

/** "#rrggbb", lower case. */
export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

const linear = (channel: number) => {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** WCAG 2 relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance([r, g, b]: Rgb): number {
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio, 1 to 21, the same either way round. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `rgb` moved a fraction `t` (0–1) of the way to `target`, rounded to whole channels. */
export function mix(rgb: Rgb, target: Rgb, t: number): Rgb {
  const [r, g, b] = rgb.map((c, i) => Math.round(c + (target[i]! - c) * t));
  return [r!, g!, b!];
}

const white = parseHex(WHITE)!;
const ink = parseHex(INK)!;
const black: Rgb = [0, 0, 0];

/** White or INK on `background`, whichever has the higher ratio. */
export function textOn(background: Rgb): typeof WHITE | typeof INK {
  return contrastRatio(background, white) >= contrastRatio(background, ink) ? WHITE : INK;
}

/** How far the hover colour moves from the brand colour. */
const HOVER_STEP = 0.12;

/**
 * The least mix of `rgb` with `target` (in steps of 1/100) that reads at `AA_TEXT` on every
 * surface; `target` itself when no step does.
 */
function towards(rgb: Rgb, target: Rgb, surfaces: readonly Rgb[]): Rgb {
  for (let step = 0; step < 100; step++) {
    const candidate = mix(rgb, target, step / 100);
    if (surfaces.every((s) => contrastRatio(candidate, s) >= AA_TEXT)) return candidate;
  }
  return target;
}

/** The strongest tint of the brand colour text sits on (a badge's `bg-primary/15`). */
export const BRAND_TINT = 0.15;

/**
 * The surfaces brand-coloured text sits on in a theme: the theme's own, and each of them under
 * the brand's tint (the browser blends a translucent colour in sRGB, as `mix` does).
 */
export function surfacesFor(brand: Rgb, theme: Theme): Rgb[] {
  const plain = SURFACES[theme].map((s) => parseHex(s)!);
  return [...plain, ...plain.map((s) => mix(s, brand, BRAND_TINT))];
}

/** The brand-coloured text of a theme: darker on the light surfaces, lighter on the dark ones. */
export function brandTextFor(brand: Rgb, theme: Theme): Rgb {
  return towards(brand, theme === 'light' ? black : white, surfacesFor(brand, theme));
}

/** Everything the portal's "primary" colours read, as "#rrggbb". */
export interface BrandColors {
  /** The brand colour itself: primary buttons, the logo mark. */
  brand: string;
  /** Text on the brand colour (and on its hover colour). */
  foreground: string;
  /** A primary button under the pointer. */
  hover: string;
  /** Brand-coloured text and links on the light theme's surfaces. */
  textLight: string;
  /** Brand-coloured text and links on the dark theme's surfaces. */
  textDark: string;
  /** The second brand colour (the logo mark's gradient): the brand colour when there is none. */
  accent: string;
}

/** The portal's colours for a brand colour and optional accent (each "#rgb" or "#rrggbb"). */
export function brandColors(primary: Rgb, accent: Rgb | null = null): BrandColors {
  const foreground = textOn(primary);
  const hover = mix(primary, foreground === WHITE ? black : white, HOVER_STEP);
  return {
    brand: toHex(primary),
    foreground,
    hover: toHex(hover),
    textLight: toHex(brandTextFor(primary, 'light')),
    textDark: toHex(brandTextFor(primary, 'dark')),
    accent: toHex(accent ?? primary),
  };
}

/** The CSS custom properties app.css reads, as one `style` attribute's declarations. */
export function brandStyle(colors: BrandColors): string {
  return [
    `--brand:${colors.brand}`,
    `--brand-foreground:${colors.foreground}`,
    `--brand-hover:${colors.hover}`,
    `--brand-text-light:${colors.textLight}`,
    `--brand-text-dark:${colors.textDark}`,
    `--brand-accent:${colors.accent}`,
  ].join(';');
}
