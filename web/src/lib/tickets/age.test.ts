import { describe, expect, it } from 'vitest';
import { age } from './age';

describe('age', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  it('says how long ago, in the largest sensible unit', () => {
    expect(age('2026-12-03T11:59:30Z', now)).toBe('just now');
    expect(age('2026-12-03T11:48:00Z', now)).toBe('12 min ago');
    expect(age('2026-12-03T07:00:00Z', now)).toBe('5 h ago');
    expect(age('2026-12-01T13:00:00Z', now)).toBe('47 h ago');
    expect(age('2026-11-30T12:00:00Z', now)).toBe('3 d ago');
  });
  it('says nothing for an unreadable date', () => {
    expect(age('not a date', now)).toBe('');
  });
});
