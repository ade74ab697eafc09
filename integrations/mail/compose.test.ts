import { describe, expect, it } from 'vitest';
import type { Brand, LegalProfile } from '../../domain/tenancy/events.ts';
import { composeMessage, linkColourOnWhite, mailHtml, nameColourOn } from './compose.ts';

const brand: Brand = {
  name: 'KloudNests',
  tagline: null,
  primaryColor: '#0f766e',
  supportEmail: 'support@kloudnests.example',
  mailFrom: 'KloudNests <mail@kloudnests.example>',
  domains: ['kloudnests.localhost'],
  logoUrl: 'https://kloudnests.example/logo.png',
};
const legal: LegalProfile = {
  companyName: 'KloudNests Pvt Ltd',
  gstin: '29ABCDE1234F1Z5',
  stateCode: '29',
  address: '1 MG Road\nBengaluru',
};
const mail = {
  mailId: 'm1',
  to: 'a@b.example',
  subject: 'Hello',
  kind: 'x',
  text: '',
  causedBy: 'e',
  queuedAt: '2026-12-03T10:00:00.000Z',
};

describe('composeMessage', () => {
  it('sends a text part and an HTML part in the brand layout', () => {
    const text = 'Hello Asha,\n\nYour invoice:\nhttps://k.example/billing/1.\n\n— KloudNests';
    const message = composeMessage({ mail, text, brand, legal });
    expect(message.text).toBe(text);
    expect(message.replyTo).toBe('support@kloudnests.example');
    const html = message.html!;
    expect(html).toContain('<img src="https://kloudnests.example/logo.png" alt="KloudNests"');
    expect(html).toContain('background:#0f766e');
    expect(html).toContain(
      '<a href="https://k.example/billing/1" style="color:#0f766e;">https://k.example/billing/1</a>.',
    );
    expect(html).toContain('Hello Asha,</p>');
    expect(html).toContain(
      'KloudNests Pvt Ltd<br>1 MG Road<br>Bengaluru<br>GSTIN: 29ABCDE1234F1Z5',
    );
    expect(html).toContain('mailto:support@kloudnests.example');
    expect(html).not.toMatch(/<style|class=/);
    expect(html.match(/<p /g)).toHaveLength(3);
  });

  it('keeps links and the name readable whatever the brand colour (WCAG AA), in English', () => {
    // #0f766e reads 5.47:1 on white; KloudNests' demo teal #0d9488 only 3.74:1, a light
    // yellow 1.67:1: those links are dark blue (6.70:1), the yellow header's name near-black.
    expect(linkColourOnWhite('#0f766e')).toBe('#0f766e');
    expect(linkColourOnWhite('#0d9488')).toBe('#1d4ed8');
    expect(linkColourOnWhite('#767676')).toBe('#767676'); // 4.54:1, just above the line
    expect(linkColourOnWhite('#777777')).toBe('#1d4ed8'); // 4.48:1, just below
    expect(nameColourOn('#0d9488')).toBe('#ffffff'); // 3.74:1 for 20 px bold
    expect(nameColourOn('#949494')).toBe('#ffffff'); // 3.03:1
    expect(nameColourOn('#959595')).toBe('#111827'); // 2.99:1
    expect(nameColourOn('#fbbf24')).toBe('#111827');
    const html = mailHtml(
      's',
      'See https://k.example/x',
      { ...brand, primaryColor: '#fbbf24', logoUrl: null },
      legal,
    );
    expect(html).toContain('<html lang="en-IN">');
    expect(html).toContain('style="color:#1d4ed8;">https://k.example/x</a>');
    expect(html).toContain('style="color:#1d4ed8;">support@kloudnests.example</a>');
    expect(html).toContain('font-weight:bold;color:#111827;">KloudNests</span>');
  });

  it('shows the name without a logo and no GSTIN line without one', () => {
    const html = mailHtml('s', 't', { ...brand, logoUrl: null }, { ...legal, gstin: null });
    expect(html).not.toContain('<img');
    expect(html).toContain('font-weight:bold;color:#ffffff;">KloudNests</span>');
    expect(html).not.toContain('GSTIN');
  });

  it('escapes what a subject, a text or a brand holds: nothing becomes HTML', () => {
    const html = mailHtml(
      '<script>alert(1)</script>',
      'Hi <script>alert(2)</script> "x" & https://e.example/?a=<img>',
      {
        ...brand,
        name: '<b>B</b>',
        logoUrl: 'javascript:alert(3)',
        primaryColor: 'red;x:expression()',
      },
      { ...legal, companyName: '<i>C</i>' },
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<b>B</b>');
    expect(html).not.toContain('<i>C</i>');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt; &quot;x&quot; &amp;');
    expect(html).toContain('&lt;b&gt;B&lt;/b&gt;');
    expect(html).not.toContain('expression()');
  });
});
