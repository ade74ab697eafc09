import { describe, expect, it } from 'vitest';
import { sameOriginUrl } from './proof-url';

const origin = 'https://portal.example.in';

describe('sameOriginUrl', () => {
  it('resolves same-origin paths', () => {
    expect(sameOriginUrl('/files/proofs/abc', origin)).toBe(
      'https://portal.example.in/files/proofs/abc',
    );
  });

  it.each([
    'javascript:alert(1)',
    '//evil.example/x',
    'https://evil.example/x',
    'data:text/html,hi',
  ])('refuses %s', (raw) => {
    expect(sameOriginUrl(raw, origin)).toBeNull();
  });
});
