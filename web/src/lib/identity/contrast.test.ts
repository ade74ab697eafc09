import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AA_TEXT,
  INK,
  SURFACES,
  WHITE,
  brandColors,
  brandStyle,
  brandTextFor,
  contrastRatio,
  mix,
  parseHex,
  relativeLuminance,
  surfacesFor,
  textOn,
  toHex,
  type Rgb,
} from './contrast';

const rgb = (hex: string): Rgb => parseHex(hex)!;
const ratio = (a: string, b: string) => contrastRatio(rgb(a), rgb(b));
const anyColour = fc.tuple(
  fc.integer({ min: 0, max: 255 }),
  fc.integer({ min: 0, max: 255 }),
  fc.integer({ min: 0, max: 255 }),
);

describe('brand colour contrast', () => {
  it('reads #rgb and #rrggbb in any case, trimmed, and nothing else', () => {
    expect(parseHex('#3b82f6')).toEqual([0x3b, 0x82, 0xf6]);
    expect(parseHex(' #0D9488 ')).toEqual([0x0d, 0x94, 0x88]);
    expect(parseHex('#fa0')).toEqual([0xff, 0xaa, 0x00]);
    for (const bad of [
      '3b82f6',
      'x#3b82f6',
      '#3b82f',
      '#3b82f6a',
      '#ggg',
      'red',
      '',
      '#',
      '#3b82f6;x:y',
    ])
      expect(parseHex(bad), bad).toBeNull();
    expect(toHex([0, 10, 255])).toBe('#000aff');
  });

  it('measures with the WCAG 2 formula', () => {
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 10);
    // The linear part of the curve (channel ≤ 10 of 255) and the power part.
    expect(relativeLuminance([10, 10, 10])).toBeCloseTo(10 / 255 / 12.92, 10);
    expect(relativeLuminance([11, 0, 0])).toBeCloseTo(
      0.2126 * ((11 / 255 + 0.055) / 1.055) ** 2.4,
      10,
    );
    expect(relativeLuminance([0, 128, 0])).toBeCloseTo(
      0.7152 * ((128 / 255 + 0.055) / 1.055) ** 2.4,
      10,
    );
    expect(relativeLuminance([0, 0, 200])).toBeCloseTo(
      0.0722 * ((200 / 255 + 0.055) / 1.055) ** 2.4,
      10,
    );
    expect(ratio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(ratio('#ffffff', '#000000')).toBeCloseTo(21, 10);
    expect(ratio('#777777', '#777777')).toBe(1);
    // The figures the walkthrough measured: white on the two demo brands.
    expect(ratio('#3b82f6', WHITE)).toBeCloseTo(3.68, 2);
    expect(ratio('#0d9488', WHITE)).toBeCloseTo(3.74, 2);
  });

  it('mixes towards a colour by a fraction, in whole channels', () => {
    expect(mix([100, 200, 0], [0, 0, 0], 0)).toEqual([100, 200, 0]);
    expect(mix([100, 200, 0], [0, 0, 0], 0.5)).toEqual([50, 100, 0]);
    expect(mix([100, 200, 0], [255, 255, 255], 1)).toEqual([255, 255, 255]);
    expect(mix([0, 0, 1], [255, 255, 255], 0.25)).toEqual([64, 64, 65]);
  });

  it('puts near-black text on the demo brands, and white on dark ones', () => {
    expect(textOn(rgb('#3b82f6'))).toBe(INK);
    expect(textOn(rgb('#0d9488'))).toBe(INK);
    expect(textOn(rgb('#1d4ed8'))).toBe(WHITE);
    expect(textOn(rgb('#ffffff'))).toBe(INK);
    expect(textOn(rgb('#000000'))).toBe(WHITE);
    const akash = brandColors(rgb('#3b82f6'));
    expect(ratio(akash.brand, akash.foreground)).toBeGreaterThan(5.5);
  });

  it('hovers darker under white text and lighter under near-black text', () => {
    const dark = brandColors(rgb('#1d4ed8'));
    expect(dark.hover).toBe(toHex(mix(rgb('#1d4ed8'), [0, 0, 0], 0.12)));
    const light = brandColors(rgb('#0d9488'));
    expect(light.hover).toBe(toHex(mix(rgb('#0d9488'), [255, 255, 255], 0.12)));
    expect(ratio(dark.hover, dark.foreground)).toBeGreaterThan(ratio(dark.brand, dark.foreground));
    expect(ratio(light.hover, light.foreground)).toBeGreaterThan(
      ratio(light.brand, light.foreground),
    );
  });

  it('keeps a brand text colour that already reads, and moves one that does not the least it must', () => {
    // Dark blue reads on the light surfaces as it is, not on the dark ones.
    expect(toHex(brandTextFor(rgb('#1d4ed8'), 'light'))).toBe('#1d4ed8');
    const lifted = brandTextFor(rgb('#1d4ed8'), 'dark');
    expect(relativeLuminance(lifted)).toBeGreaterThan(relativeLuminance(rgb('#1d4ed8')));
    // One step less would not read on every dark surface.
    const steps = Array.from({ length: 100 }, (_, i) =>
      mix(rgb('#1d4ed8'), [255, 255, 255], i / 100),
    );
    const at = steps.findIndex((c) => toHex(c) === toHex(lifted));
    expect(at).toBeGreaterThan(0);
    const dark = surfacesFor(rgb('#1d4ed8'), 'dark');
    expect(dark.every((s) => contrastRatio(steps[at - 1]!, s) >= AA_TEXT)).toBe(false);
    expect(dark.every((s) => contrastRatio(lifted, s) >= AA_TEXT)).toBe(true);
    // The demo teal darkens on the light theme.
    const teal = brandTextFor(rgb('#0d9488'), 'light');
    expect(relativeLuminance(teal)).toBeLessThan(relativeLuminance(rgb('#0d9488')));
    // White on the light theme and black on the dark one have to move all the way.
    expect(toHex(brandTextFor(rgb('#ffffff'), 'light'))).not.toBe('#ffffff');
    expect(toHex(brandTextFor(rgb('#000000'), 'dark'))).not.toBe('#000000');
  });

  it('gives white to a theme whose surfaces only white reads on', () => {
    // Black and its first step towards white fail on the dark surfaces; the scan ends in range.
    const text = brandTextFor(rgb('#000000'), 'dark');
    const dark = surfacesFor(rgb('#000000'), 'dark');
    expect(dark.every((s) => contrastRatio(text, s) >= AA_TEXT)).toBe(true);
  });

  it('counts the brand tint over each surface as a surface', () => {
    const teal = rgb('#0d9488');
    const light = surfacesFor(teal, 'light');
    expect(light).toHaveLength(SURFACES.light.length * 2);
    expect(light).toContainEqual(rgb('#ffffff'));
    expect(light).toContainEqual(mix(rgb('#ffffff'), teal, 0.15));
    expect(surfacesFor(teal, 'dark')).toContainEqual(mix(rgb('#111620'), teal, 0.15));
    // The badge the browser test found at 4.1:1 (#0b7b71 on #d5eaea) now reads.
    expect(contrastRatio(brandTextFor(teal, 'light'), rgb('#d5eaea'))).toBeGreaterThanOrEqual(
      AA_TEXT,
    );
  });

  it('falls back to the accent as the brand colour and writes the variables app.css reads', () => {
    const colours = brandColors(rgb('#0d9488'));
    expect(colours.accent).toBe('#0d9488');
    expect(brandColors(rgb('#0d9488'), rgb('#f59e0b')).accent).toBe('#f59e0b');
    expect(brandStyle(colours)).toBe(
      [
        `--brand:#0d9488`,
        `--brand-foreground:${INK}`,
        `--brand-hover:${colours.hover}`,
        `--brand-text-light:${colours.textLight}`,
        `--brand-text-dark:${colours.textDark}`,
        `--brand-accent:#0d9488`,
      ].join(';'),
    );
  });

  it('derives pairs of at least 4.5:1 from any colour', () => {
    fc.assert(
      fc.property(anyColour, (primary) => {
        const c = brandColors(primary);
        expect(ratio(c.brand, c.foreground)).toBeGreaterThanOrEqual(AA_TEXT);
        expect(ratio(c.hover, c.foreground)).toBeGreaterThanOrEqual(AA_TEXT);
        for (const [text, theme] of [
          [c.textLight, 'light'],
          [c.textDark, 'dark'],
        ] as const) {
          for (const s of SURFACES[theme]) {
            expect(ratio(text, s)).toBeGreaterThanOrEqual(AA_TEXT);
            // Under the brand's tint, blended as the browser does (bg-primary/15 on the surface).
            expect(contrastRatio(rgb(text), mix(rgb(s), primary, 0.15))).toBeGreaterThanOrEqual(
              AA_TEXT,
            );
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the worst brand colour still at 4.53:1 with the better of white and near-black', () => {
    let worst = 21;
    for (let v = 0; v < 256; v++) {
      const grey: Rgb = [v, v, v];
      worst = Math.min(worst, contrastRatio(grey, rgb(textOn(grey))));
    }
    expect(worst).toBeGreaterThanOrEqual(4.53);
    expect(worst).toBeLessThan(4.6);
  });
});
