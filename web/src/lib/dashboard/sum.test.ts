import { describe, expect, it } from 'vitest';
import { sumMoney } from './sum';

describe('sumMoney', () => {
  it('adds paise exactly, where floats would not', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(Array(12).fill('1180.01'))).toBe('14160.12');
    expect(sumMoney(['5000.00', '-100.00'])).toBe('4900.00');
    expect(sumMoney([])).toBe('0.00');
  });
});
