import { describe, expect, it } from 'vitest';
import { allocate } from './allocation.ts';
import { D, MoneyError } from './money.ts';

const split = (amount: string, weights: string[]) =>
  allocate(
    new D(amount),
    weights.map((w) => new D(w)),
  ).map((d) => d.toFixed(2));

describe('allocate (largest remainder)', () => {
  it('given ₹100 over three equal parts, then 33.34 / 33.33 / 33.33: the paisa left goes to the first of the tied parts', () => {
    expect(split('100', ['1', '1', '1'])).toEqual(['33.34', '33.33', '33.33']);
  });

  it('given ₹100 over 1000 and 500, then 66.67 / 33.33 (remainders 0.67 and 0.33 of a paisa)', () => {
    expect(split('100', ['1000', '500'])).toEqual(['66.67', '33.33']);
  });

  it('given ₹0.05 over 1, 1, 1, 1, 1, 1, then one paisa each to the first five', () => {
    expect(split('0.05', ['1', '1', '1', '1', '1', '1'])).toEqual([
      '0.01',
      '0.01',
      '0.01',
      '0.01',
      '0.01',
      '0.00',
    ]);
  });

  it('gives a part with weight zero nothing, and works with fractional weights', () => {
    expect(split('10', ['0', '0.6849', '0.3151'])).toEqual(['0.00', '6.85', '3.15']);
  });

  it('spreads a negative amount with the same shares, negated', () => {
    expect(split('-100', ['1', '1', '1'])).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('spreads zero over zero weights as zeros', () => {
    expect(split('0', ['0', '0'])).toEqual(['0.00', '0.00']);
  });

  it('refuses what cannot be spread, saying what would work', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof MoneyError ? e.code : 'other';
      }
      return 'accepted';
    };
    expect(code(() => split('1', []))).toBe('ALLOCATION_NO_PARTS');
    expect(code(() => split('1', ['1', '-1']))).toBe('ALLOCATION_NEGATIVE_WEIGHT');
    expect(code(() => split('1', ['0', '0']))).toBe('ALLOCATION_ZERO_WEIGHTS');
    expect(code(() => split('1.005', ['1']))).toBe('MONEY_NOT_PAISE');
  });
});
