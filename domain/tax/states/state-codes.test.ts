import { describe, expect, it } from 'vitest';
import { TaxError } from '../tax-error.ts';
import {
  CENTRE_JURISDICTION,
  FOREIGN_COUNTRY,
  GST_STATES,
  indianPlace,
  isKnownStateCode,
  stateByCode,
} from './state-codes.ts';

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
      /Unknown GST state code "39".*e\.g\. "27" for Maharashtra/,
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

describe('GST state codes: the table as GST.md lists it', () => {
  it('names every code, with its kind and heads', () => {
    const st = 'state';
    const ut = 'union-territory';
    expect(
      GST_STATES.map((s) => [s.code, s.name, s.kind, s.usesUtgst, s.replacedBy ?? null]),
    ).toEqual([
      ['01', 'Jammu & Kashmir', ut, false, null],
      ['02', 'Himachal Pradesh', st, false, null],
      ['03', 'Punjab', st, false, null],
      ['04', 'Chandigarh', ut, true, null],
      ['05', 'Uttarakhand', st, false, null],
      ['06', 'Haryana', st, false, null],
      ['07', 'Delhi', ut, false, null],
      ['08', 'Rajasthan', st, false, null],
      ['09', 'Uttar Pradesh', st, false, null],
      ['10', 'Bihar', st, false, null],
      ['11', 'Sikkim', st, false, null],
      ['12', 'Arunachal Pradesh', st, false, null],
      ['13', 'Nagaland', st, false, null],
      ['14', 'Manipur', st, false, null],
      ['15', 'Mizoram', st, false, null],
      ['16', 'Tripura', st, false, null],
      ['17', 'Meghalaya', st, false, null],
      ['18', 'Assam', st, false, null],
      ['19', 'West Bengal', st, false, null],
      ['20', 'Jharkhand', st, false, null],
      ['21', 'Odisha', st, false, null],
      ['22', 'Chhattisgarh', st, false, null],
      ['23', 'Madhya Pradesh', st, false, null],
      ['24', 'Gujarat', st, false, null],
      ['25', 'Daman & Diu (legacy)', ut, true, ['26']],
      ['26', 'Dadra & Nagar Haveli and Daman & Diu', ut, true, null],
      ['27', 'Maharashtra', st, false, null],
      ['28', 'Andhra Pradesh (legacy)', st, false, ['37', '36']],
      ['29', 'Karnataka', st, false, null],
      ['30', 'Goa', st, false, null],
      ['31', 'Lakshadweep', ut, true, null],
      ['32', 'Kerala', st, false, null],
      ['33', 'Tamil Nadu', st, false, null],
      ['34', 'Puducherry', ut, false, null],
      ['35', 'Andaman & Nicobar', ut, true, null],
      ['36', 'Telangana', st, false, null],
      ['37', 'Andhra Pradesh', st, false, null],
      ['38', 'Ladakh', ut, true, null],
      ['96', 'Foreign country', 'foreign-country', false, null],
      ['97', 'Other Territory', ut, true, null],
      ['99', 'Centre jurisdiction (OIDAR)', 'centre-jurisdiction', false, null],
    ]);
    expect([FOREIGN_COUNTRY, CENTRE_JURISDICTION]).toEqual(['96', '99']);
    expect(Object.isFrozen(GST_STATES)).toBe(true);
  });

  const refusal = (run: () => unknown): TaxError => {
    try {
      run();
    } catch (e) {
      if (e instanceof TaxError) return e;
      throw e;
    }
    throw new Error('accepted');
  };
  it('names the field it refuses, stateCode unless told otherwise', () => {
    expect(refusal(() => stateByCode('39')).field).toBe('stateCode');
    expect(refusal(() => stateByCode('39', 'recipient.stateCode')).field).toBe(
      'recipient.stateCode',
    );
    for (const code of ['25', '96', '99', '39']) {
      expect(refusal(() => indianPlace(code)).field).toBe('stateCode');
      expect(refusal(() => indianPlace(code, 'supplierStateCode')).field).toBe('supplierStateCode');
    }
  });
  it('suggests the two-digit form only for a single digit, and shows at most 10 characters of a bad code', () => {
    for (const code of ['777', 'a7', '7a', '0'.repeat(3)])
      expect(refusal(() => stateByCode(code)).message).not.toMatch(/did you mean/);
    expect(refusal(() => stateByCode(7 as never)).message).toMatch(
      /^Unknown GST state code "7"; expected/,
    );
    expect(refusal(() => stateByCode('12345678901234')).message).toMatch(
      /^Unknown GST state code "1234567890"; expected a two-digit code from the GST table, 01–38, 96, 97 or 99/,
    );
    expect(refusal(() => stateByCode('27 ')).code).toBe('UNKNOWN_STATE_CODE');
  });
  it('says why a legacy code, 96 and 99 are no place of supply', () => {
    expect(refusal(() => indianPlace('25'))).toMatchObject({
      code: 'LEGACY_STATE_CODE',
      message:
        'State code "25" (Daman & Diu (legacy)) is no longer used; use "26" (Dadra & Nagar Haveli and Daman & Diu).',
    });
    expect(refusal(() => indianPlace('96'))).toMatchObject({
      code: 'INVALID_PLACE_OF_SUPPLY',
      message:
        'State code "96" means a foreign country; give an Indian state code, or treat the recipient as foreign.',
    });
    expect(refusal(() => indianPlace('99'))).toMatchObject({
      code: 'INVALID_PLACE_OF_SUPPLY',
      message:
        'State code "99" is the centre\'s OIDAR jurisdiction, not a place; give the state where the recipient is, or treat it as foreign.',
    });
    expect(indianPlace('27').name).toBe('Maharashtra');
    expect(indianPlace('04').usesUtgst).toBe(true);
  });
});
