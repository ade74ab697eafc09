import type { Brand } from './api';
import { brandColors, brandStyle, parseHex, type BrandColors } from './contrast';

/** Used until the brand query answers, and when it cannot. */
export const fallbackBrand: Brand = {
  tenantId: '',
  name: 'AkashOne.com',
  tagline: null,
  primaryColor: '#2563eb',
  supportEmail: '',
  companyName: 'Mieux Technologies Pvt Ltd',
  features: [],
  cryptoTopUps: false,
  logoUrl: null,
  accentColor: null,
};

const hexPattern = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Expands "#abc" to "#aabbcc"; null when the value is not a hex colour (never injected as CSS). */
export function normalizeHex(value: string): string | null {
  const v = value.trim();
  if (!hexPattern.test(v)) return null;
  if (v.length === 4) return `#${[...v.slice(1)].map((c) => c + c).join('')}`.toLowerCase();
  return v.toLowerCase();
}

/**
 * Sets the brand colour variables app.css reads (the brand colour, its text and hover colours,
 * its text colour per theme, the accent): the same declarations hooks.server.ts puts on <html> in
 * the first HTML.
 */
export function applyBrandColor(primaryColor: string, accentColor?: string | null): void {
  const root = document.documentElement.style;
  for (const declaration of brandStyle(brandColorsOf(primaryColor, accentColor)).split(';')) {
    const [name, value] = declaration.split(':');
    root.setProperty(name!, value!);
  }
}

/** The derived colours of a brand's (unchecked) settings; the fallback brand's colour if not hex. */
export function brandColorsOf(primaryColor: string, accentColor?: string | null): BrandColors {
  const primary = parseHex(primaryColor) ?? parseHex(fallbackBrand.primaryColor)!;
  return brandColors(primary, (accentColor && parseHex(accentColor)) || null);
}

/** What the first HTML shows of a host's tenant (server/http/web.ts reads it). */
export interface FirstHtmlBrand {
  name: string;
  primaryColor: string;
  accentColor: string | null;
  logoUrl: string | null;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The tenant in the HTML the server sends (the portal's pages are rendered in the browser): its
 * name as the title (unless the page has its own), its colour as theme-color, its logo as the
 * favicon when it has one, and the derived brand colours on <html>, so the first paint is in
 * the brand. The browser's applyBrandColor sets the same variables again.
 */
export function withBrand(html: string, brand: FirstHtmlBrand): string {
  const colors = brandColorsOf(brand.primaryColor, brand.accentColor);
  const head = [
    /<title>/.test(html) ? '' : `<title>${escapeHtml(brand.name)}</title>`,
    /<meta name="theme-color"/.test(html)
      ? ''
      : `<meta name="theme-color" content="${colors.brand}" />`,
  ].join('');
  let out = html
    .replace(/<html([^>]*)>/, (_, attrs: string) => `<html${attrs} style="${brandStyle(colors)}">`)
    .replace('</head>', `${head}</head>`);
  if (brand.logoUrl && /^https?:\/\//.test(brand.logoUrl))
    out = out.replace(
      /<link rel="icon"[^>]*>/,
      `<link rel="icon" href="${escapeHtml(brand.logoUrl)}" />`,
    );
  return out;
}
