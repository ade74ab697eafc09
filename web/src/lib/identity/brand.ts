import type { Brand } from './api';

/** Used until the brand query answers, and when it cannot. */
export const fallbackBrand: Brand = {
  tenantId: '',
  name: 'AkashOne.com',
  tagline: null,
  primaryColor: '#2563eb',
  supportEmail: '',
  companyName: 'Mieux Technologies Pvt Ltd',
  features: [],
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

/** Black or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function foregroundFor(hex: string): '#ffffff' | '#0b1120' {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.4 ? '#0b1120' : '#ffffff';
}

/** Sets the brand colour variables the theme's "primary" reads (and the accent, when there is one). */
export function applyBrandColor(primaryColor: string, accentColor?: string | null): void {
  const hex = normalizeHex(primaryColor) ?? fallbackBrand.primaryColor;
  const root = document.documentElement.style;
  root.setProperty('--brand', hex);
  root.setProperty('--brand-foreground', foregroundFor(hex));
  root.setProperty('--brand-accent', (accentColor && normalizeHex(accentColor)) || hex);
}
