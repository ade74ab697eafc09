import { describe, expect, it } from 'vitest';
import { MoneyError } from '../shared/money.ts';
import { readDecimal, TaxError } from './tax-error.ts';

const refusal = (run: () => unknown): TaxError => {
  try {
    run();
  } catch (e) {
    if (e instanceof TaxError) return e;
    throw e;
  }
  throw new Error('accepted');
};

describe('the engine’s one error class', () => {
  it('a TaxError carries its code, message, field and cause, and says it is one', () => {
    const cause = new Error('below');
    const e = new TaxError('INVALID_LINE', 'line 1 is bad', 'lines[0]', { cause });
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.message, e.field, e.cause]).toEqual([
      'TaxError',
      'INVALID_LINE',
      'line 1 is bad',
      'lines[0]',
      cause,
    ]);
    expect(new TaxError('EMPTY_DOCUMENT', 'no lines').field).toBeUndefined();
  });

  it('readDecimal reads up to its decimals and turns money errors into TaxErrors naming the field', () => {
    expect(readDecimal(' 12.345 ', 'lines[0].quantity', 3).toString()).toBe('12.345');
    expect(readDecimal('-0', 'x', 2).toString()).toBe('0');
    const negative = refusal(() => readDecimal('-1', 'lines[0].quantity', 3));
    expect(negative).toMatchObject({
      code: 'NEGATIVE_NUMBER',
      field: 'lines[0].quantity',
      message: 'The lines[0].quantity must not be negative, got "-1"; give zero or more.',
    });
    expect(negative.cause).toBeInstanceOf(MoneyError);
    for (const bad of ['1.2345', 'abc', '1e3', 'NaN', 12 as never]) {
      const e = refusal(() => readDecimal(bad, 'rate', 3));
      expect([e.code, e.field, e.cause instanceof MoneyError]).toEqual([
        'INVALID_NUMBER',
        'rate',
        true,
      ]);
      expect(e.message).toMatch(/^The rate /);
    }
  });
});
