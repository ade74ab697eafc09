import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  D,
  MoneyError,
  formatInr,
  inr,
  isWholePaise,
  parseDecimal,
  parseInr,
  round2,
  sum,
} from './money.ts';

function refusal(f: () => unknown): MoneyError {
  try {
    f();
  } catch (e) {
    if (e instanceof MoneyError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('money', () => {
  it('parses plain decimals and INR amounts', () => {
    expect(parseInr('1500').toFixed(2)).toBe('1500.00');
    expect(parseInr(' 0.50 ').toString()).toBe('0.5');
    expect(parseDecimal('0.6849', { maxDecimals: 4 }).toString()).toBe('0.6849');
    expect(parseDecimal('-12.5', { allowNegative: true }).toString()).toBe('-12.5');
    expect(inr(parseInr('-0'))).toBe('0.00');
  });

  it.each([
    ['NaN', 'MONEY_NOT_A_NUMBER', /finite number/],
    ['Infinity', 'MONEY_NOT_A_NUMBER', /finite number/],
    ['-Infinity', 'MONEY_NOT_A_NUMBER', /finite number/],
    ['1e3', 'MONEY_EXPONENT', /plain digits/],
    ['1.5E-2', 'MONEY_EXPONENT', /plain digits/],
    ['0x10', 'MONEY_EXPONENT', /radix/],
    ['1,000', 'MONEY_MALFORMED', /plain decimal such as "1500.00"/],
    ['+5', 'MONEY_MALFORMED', /plain decimal/],
    ['.5', 'MONEY_MALFORMED', /plain decimal/],
    ['5.', 'MONEY_MALFORMED', /plain decimal/],
    ['', 'MONEY_MALFORMED', /plain decimal/],
    ['1234567890123456', 'MONEY_TOO_LARGE', /more than 15 digits/],
    ['12.345', 'MONEY_TOO_MANY_DECIMALS', /3 decimals; at most 2 .*"12.35"/],
    ['-5', 'MONEY_NEGATIVE', /must not be negative/],
  ])('refuses %s as an amount (%s)', (input, code, message) => {
    const e = refusal(() => parseInr(input, 'price'));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith('The price ')).toBe(true);
  });

  it('refuses values that are not strings', () => {
    expect(refusal(() => parseInr(12 as unknown as string)).code).toBe('MONEY_NOT_A_STRING');
  });

  it('keeps `new MoneyError(message)` working for existing callers', () => {
    expect(new MoneyError('x').code).toBe('MONEY_INVALID');
  });

  it('rounds half up to paise, exactly where binary floating point would not', () => {
    expect(round2(new D('1.005')).toFixed(2)).toBe('1.01');
    expect(round2(new D('2.675')).toFixed(2)).toBe('2.68');
    expect(round2(new D('22.545')).toFixed(2)).toBe('22.55');
    expect(round2(new D('22.5449999')).toFixed(2)).toBe('22.54');
    expect(inr(new D('0.125'))).toBe('0.13');
  });

  it('sums exactly and tells whole paise', () => {
    expect(sum([new D('0.1'), new D('0.2')]).toString()).toBe('0.3');
    expect(sum([]).toString()).toBe('0');
    expect(isWholePaise(new D('1.10'))).toBe(true);
    expect(isWholePaise(new D('1.101'))).toBe(false);
  });

  it('formats for people with Indian grouping', () => {
    expect(formatInr('118500.5')).toBe('₹1,18,500.50');
    expect(formatInr(new D('-1234567.891'))).toBe('-₹12,34,567.89');
    expect(formatInr('999')).toBe('₹999.00');
    expect(formatInr('1234567.50')).toBe('₹12,34,567.50');
    expect(formatInr('0.05')).toBe('₹0.05');
    expect(formatInr('0500.00')).toBe('₹500.00');
  });

  it('formats an amount as events carry it exactly as from a Decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (paise) => {
        const serialized = inr(new D(paise.toString()).div(100));
        expect(formatInr(serialized)).toBe(formatInr(new D(serialized)));
      }),
    );
  });
});
