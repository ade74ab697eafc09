import { describe, expect, it } from 'vitest';
import { GENERATED_PASSWORD_LENGTH, generatePassword } from './password';

describe('generatePassword', () => {
  it('gives 20 characters with a lower-case letter, an upper-case letter and a digit', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(GENERATED_PASSWORD_LENGTH);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/\d/);
      expect(p).toMatch(/^[A-Za-z0-9\-_.+=@%]+$/);
      expect(p).not.toMatch(/[0O1lI]/);
    }
  });

  it('draws from the random source it is given (never the same twice from the CSPRNG)', () => {
    const seen = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(seen.size).toBe(50);
    let calls = 0;
    const counting = (b: Uint8Array) => {
      calls++;
      return crypto.getRandomValues(b);
    };
    generatePassword(20, counting);
    expect(calls).toBeGreaterThanOrEqual(20);
  });

  it('draws again when a class is missing (all lower-case at first)', () => {
    let calls = 0;
    const scripted = (b: Uint8Array) => {
      // 20 times 'a', then a lower, an upper and a digit in turn (indices 0, 25, 49).
      b[0] = calls < 20 ? 0 : [0, 25, 49][calls % 3]!;
      calls++;
      return b;
    };
    const p = generatePassword(20, scripted);
    expect(calls).toBe(40);
    expect(p).toMatch(/[A-Z]/);
    expect(p).toMatch(/\d/);
  });
});
