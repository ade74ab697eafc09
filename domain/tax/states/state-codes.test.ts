import { describe, expect, it } from 'vitest';
import { TaxError } from '../tax-error.ts';
import { GST_STATES, indianPlace, isKnownStateCode, stateByCode } from './state-codes.ts';

describe('GST state codes', () => {
  it('has every code of GST.md: 01–38, 96, 97, 99, with the legacy 25 and 28', () => {
    const expected = [
      ...Array.from({ length: 38 }, (_, i) => String(i + 1).padStart(2, '0')),
      '96',
      '97',
      '99',
    ];
    expect(GST_STATES.map((s) => s.code)).toEqual(expected);
    expect(stateByCode('27').name).toBe('Maharashtra');
    expect(stateByCode('38').name).toBe('Ladakh');
    expect(stateByCode('96').kind).toBe('foreign-country');
    expect(stateByCode('99').kind).toBe('centre-jurisdiction');
  });

  it('uses UTGST exactly in 04, 26, 31, 35, 38 and 97 (and the legacy 25); Delhi, Puducherry and J&K use SGST', () => {
    expect(GST_STATES.filter((s) => s.usesUtgst).map((s) => s.code)).toEqual([
      '04',
      '25',
      '26',
      '31',
      '35',
      '38',
      '97',
    ]);
    for (const code of ['07', '34', '01'])
      expect(stateByCode(code)).toMatchObject({ kind: 'union-territory', usesUtgst: false });
  });

  it('refuses an unknown code, suggesting the two-digit form', () => {
    for (const code of ['00', '39', '95', '98', '7', ''])
      expect(isKnownStateCode(code)).toBe(false);
    expect(() => stateByCode('39')).toThrowError(
      /unknown GST state code "39".*e\.g\. "27" for Maharashtra/,
    );
    expect(() => stateByCode('7')).toThrowError(/did you mean "07"/);
    try {
      stateByCode('39');
    } catch (e) {
      expect(e).toBeInstanceOf(TaxError);
      expect((e as TaxError).code).toBe('UNKNOWN_STATE_CODE');
    }
  });

  it('refuses legacy codes and non-places as a place of supply, naming what to use', () => {
    expect(() => indianPlace('25')).toThrowError(
      /no longer used; use "26" \(Dadra & Nagar Haveli and Daman & Diu\)/,
    );
    expect(() => indianPlace('28')).toThrowError(
      /use "37" \(Andhra Pradesh\) or "36" \(Telangana\)/,
    );
    expect(() => indianPlace('96')).toThrowError(/foreign country/);
    expect(() => indianPlace('99')).toThrowError(/not a place/);
    expect(indianPlace('97').name).toBe('Other Territory');
  });
});
