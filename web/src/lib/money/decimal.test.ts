import { describe, expect, it } from 'vitest';
import { compareDecimal, formatINR, groupIndian, parseAmountInput } from './decimal';

describe('formatINR', () => {
  it.each([
    ['118000.5', '₹1,18,000.50'],
    ['1500.00', '₹1,500.00'],
    ['0', '₹0.00'],
    ['999', '₹999.00'],
    ['1000', '₹1,000.00'],
    ['12345678.9', '₹1,23,45,678.90'],
    ['-25', '\u2212₹25.00'],
    ['-0.00', '₹0.00'],
    ['10.125', '₹10.125'],
    ['0012.30', '₹12.30'],
    ['abc', 'abc'],
  ])('%s → %s', (input, expected) => {
    expect(formatINR(input)).toBe(expected);
  });

  it('can leave the symbol out', () => {
    expect(formatINR('100000', { symbol: false })).toBe('1,00,000.00');
  });
});

describe('groupIndian', () => {
  it('groups pairs above the thousands', () => {
    expect(groupIndian('100000000')).toBe('10,00,00,000');
    expect(groupIndian('12')).toBe('12');
  });
});

describe('compareDecimal', () => {
  it.each([
    ['1', '1.00', 0],
    ['99.99', '100', -1],
    ['1000', '999.999', 1],
    ['-5', '3', -1],
    ['-5', '-3', -1],
    ['0.10', '0.09', 1],
    ['007', '7.0', 0],
  ] as const)('%s vs %s', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });

  it('throws on a malformed value', () => {
    expect(() => compareDecimal('1e3', '1')).toThrow();
  });
});

describe('parseAmountInput', () => {
  it.each([
    ['1,50,000.5', '150000.50'],
    ['500', '500.00'],
    [' 0042.1 ', '42.10'],
    ['₹1,000', '1000.00'],
    ['12.345', null],
    ['-5', null],
    ['', null],
    ['1e3', null],
  ])('%s → %s', (input, expected) => {
    expect(parseAmountInput(input)).toBe(expected);
  });
});
