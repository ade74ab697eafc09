import { describe, expect, it } from 'vitest';
import { brandColorsOf, withBrand } from './brand';

const shell = `<!doctype html>
<html lang="en-IN" class="dark">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="./favicon.svg" type="image/svg+xml" />
  </head>
  <body></body>
</html>`;

const kloudnests = {
  name: 'KloudNests <Cloud> & "Co"',
  primaryColor: '#0d9488',
  accentColor: '#f59e0b',
  logoUrl: null,
};

describe('the brand in the first HTML', () => {
  it('puts the title, theme colour and derived colours into the page', () => {
    const html = withBrand(shell, kloudnests);
    expect(html).toMatch(/<title>KloudNests &lt;Cloud&gt; &amp; &quot;Co&quot;<\/title>.*<\/head>/);
    expect(html).toContain('<meta name="theme-color" content="#0d9488" />');
    expect(html).toContain(
      '<html lang="en-IN" class="dark" style="--brand:#0d9488;--brand-foreground:#020408;',
    );
    expect(html).toContain('--brand-accent:#f59e0b"');
    // No logo: the default favicon stays.
    expect(html).toContain('<link rel="icon" href="./favicon.svg"');
  });

  it("keeps a page's own title and theme colour, and uses the logo as the favicon", () => {
    const page = shell.replace(
      '</head>',
      '<title>Plans</title><meta name="theme-color" content="#000000"></head>',
    );
    const html = withBrand(page, {
      ...kloudnests,
      logoUrl: 'https://cdn.example/logo.png?a=1&b=2',
    });
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/theme-color/g)).toHaveLength(1);
    expect(html).toContain('<link rel="icon" href="https://cdn.example/logo.png?a=1&amp;b=2" />');
    expect(html).not.toContain('favicon.svg');
  });

  it('ignores a logo that is not an http(s) address', () => {
    const html = withBrand(shell, { ...kloudnests, logoUrl: 'javascript:alert(1)' });
    expect(html).toContain('favicon.svg');
    expect(html).not.toContain('javascript:');
  });

  it('derives from the fallback colour when the saved one is not a colour', () => {
    expect(brandColorsOf('red;}', null)).toEqual(brandColorsOf('#2563eb'));
    expect(brandColorsOf('#0d9488', 'nope').accent).toBe('#0d9488');
  });
});
