/*
 * Text on the brand's colour: black or white, whichever has the higher WCAG contrast ratio. (The
 * portal's foregroundFor switches at a luminance of 0.4, which puts white on mid tones such as
 * KloudNests' teal at 3.7:1; the store's buttons must read at 4.5:1 where the colour allows it.)
 */

const luminance = (hex: string) => {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
};

const ratio = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** '#0b1120' or '#ffffff' for text on `hex` (a normalised #rrggbb). */
export function readableOn(hex: string): '#0b1120' | '#ffffff' {
  const l = luminance(hex);
  return ratio(l, luminance('#0b1120')) >= ratio(l, 1) ? '#0b1120' : '#ffffff';
}
