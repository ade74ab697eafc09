import { describe, expect, it } from 'vitest';
import { RateLimiter } from './sender.ts';

describe('the sender’s rate limit per transport (a token bucket on the injected clock)', () => {
  it('10 mails a second: the eleventh waits 100 ms, and is free after it', () => {
    let t = Date.parse('2026-12-03T10:00:00Z');
    const limiter = new RateLimiter(10, 10, () => new Date(t));
    for (let i = 0; i < 10; i++) expect(limiter.take('smtp')).toBe(0);
    expect(limiter.take('smtp')).toBe(100);
    t += 99;
    expect(limiter.take('smtp')).toBeGreaterThan(0);
    t += 1;
    expect(limiter.take('smtp')).toBe(0);
  });
  it('each transport name has its own bucket', () => {
    const t = Date.parse('2026-12-03T10:00:00Z');
    const limiter = new RateLimiter(1, 1, () => new Date(t));
    expect(limiter.take('smtp')).toBe(0);
    expect(limiter.take('sendgrid')).toBe(0);
    expect(limiter.take('smtp')).toBe(1000);
  });
  it('an idle bucket fills up to its burst, not beyond', () => {
    let t = Date.parse('2026-12-03T10:00:00Z');
    const limiter = new RateLimiter(2, 3, () => new Date(t));
    expect(limiter.take('smtp')).toBe(0);
    t += 60_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('smtp')).toBe(0);
    expect(limiter.take('smtp')).toBe(500);
  });
  it('a limit of zero is refused', () =>
    expect(() => new RateLimiter(0, 1, () => new Date())).toThrow(/perSecond/));
});
