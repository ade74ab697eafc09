import { describe, expect, it } from 'vitest';
import { readableText, redact, redactLegacy } from './events.ts';

describe('what staff may read of a mail', () => {
  const link = 'http://akashone.localhost:3000/reset-password?token=u1.r1.c2lnbmF0dXJl';
  it('every secret becomes a placeholder, links as [link hidden]', () => {
    expect(
      redact(`Open:\n\n${link}\n\nor ${link}. Password: Xk29-pq7Lm`, [link, 'Xk29-pq7Lm']),
    ).toBe('Open:\n\n[link hidden]\n\nor [link hidden]. Password: [hidden]');
  });
  it('a short "secret" is refused: it could hide ordinary words', () =>
    expect(() => redact('Hello Asha', ['Asha'])).toThrow(/at least 8/));
  it('mails queued before redaction existed show no token link either', () => {
    expect(
      redactLegacy(
        `Confirm: http://x.localhost/verify-email?token=abc123\nJoin: https://x.in/invite/Zm9v\nSign in: http://x.localhost/login`,
      ),
    ).toBe('Confirm: [link hidden]\nJoin: [link hidden]\nSign in: http://x.localhost/login');
    expect(
      readableText({
        mailId: 'm',
        to: 'a@b.c',
        subject: 's',
        text: `Reset: ${link}`,
        causedBy: 'e',
        queuedAt: 'now',
      }),
    ).toBe('Reset: [link hidden]');
  });
});
