import { describe, expect, it } from 'vitest';
import type { Brand, LegalProfile } from '../../domain/tenancy/events.ts';
import { composeMessage, mailHtml } from './compose.ts';

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
