import { describe, expect, it } from 'vitest';
import { TaxError } from '../tax-error.ts';
import { determineSupply, EXPORT_UNDER_LUT_LEGEND, type Recipient } from './determine-supply.ts';

const supply = (supplierStateCode: string, recipient: Recipient) =>
  determineSupply({ supplierStateCode, recipient });

describe('determineSupply', () => {
  it.each([
    [
      'registered, same state',
      '27',
      { kind: 'registered', gstin: '27AAPFU0939F1ZV' },
      'B2B',
      '27',
      'CGST+SGST',
    ],
    [
      'registered, other state',
      '27',
      { kind: 'registered', gstin: '24AAQCA8719H1ZC' },
      'B2B',
      '24',
      'IGST',
    ],
    [
      'unregistered, address in the same state',
      '29',
      { kind: 'unregistered', stateCode: '29' },
      'B2C',
      '29',
      'CGST+SGST',
    ],
    [
      'unregistered, address elsewhere',
      '29',
      { kind: 'unregistered', stateCode: '07' },
      'B2C',
      '07',
      'IGST',
    ],
    [
      "unregistered, no address: the supplier's state",
      '29',
      { kind: 'unregistered' },
      'B2C',
      '29',
      'CGST+SGST',
    ],
    [
      'unregistered in Chandigarh from Chandigarh',
      '04',
      { kind: 'unregistered' },
      'B2C',
      '04',
      'CGST+UTGST',
    ],
    [
      'unregistered in Other Territory from there',
      '97',
      { kind: 'unregistered', stateCode: '97' },
      'B2C',
      '97',
      'CGST+UTGST',
    ],
    [
      'unregistered in Puducherry from there (SGST: it has a legislature)',
      '34',
      { kind: 'unregistered' },
      'B2C',
      '34',
      'CGST+SGST',
    ],
    [
      'SEZ with payment',
      '27',
      { kind: 'sez', gstin: '29AAFCC9980M1ZR', payment: 'with-igst' },
      'SEZWP',
      '29',
      'IGST',
    ],
    [
      'SEZ under LUT',
      '27',
      { kind: 'sez', gstin: '29AAFCC9980M1ZR', payment: 'under-lut' },
      'SEZWOP',
      '29',
      'ZERO_RATED',
    ],
    ['export with IGST', '27', { kind: 'foreign', payment: 'with-igst' }, 'EXPWP', '96', 'IGST'],
    [
      'export under LUT',
      '27',
      { kind: 'foreign', payment: 'under-lut' },
      'EXPWOP',
      '96',
      'ZERO_RATED',
    ],
  ] as const)(
    'given %s, then the supply type, place and heads follow',
    (_what, supplier, recipient, supplyType, placeOfSupply, taxSystem) => {
      expect(supply(supplier, recipient as Recipient)).toMatchObject({
        supplyType,
        placeOfSupply,
        taxSystem,
      });
    },
  );

  it('carries the LUT legend on an export under LUT, and the checked GSTIN of a registered recipient', () => {
    expect(supply('27', { kind: 'foreign', payment: 'under-lut' }).legend).toBe(
      EXPORT_UNDER_LUT_LEGEND,
    );
    expect(supply('27', { kind: 'registered', gstin: '29AAFCC9980M1ZR' })).toMatchObject({
      recipientGstin: '29AAFCC9980M1ZR',
      placeOfSupplyName: 'Karnataka',
      interState: true,
    });
  });

  const refused = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof TaxError) return e.code;
      throw e;
    }
    return 'accepted';
  };

  it('refuses unknown and legacy states, 96 and 99 as places, malformed GSTINs and OIDAR recipients', () => {
    expect(refused(() => supply('40', { kind: 'unregistered' }))).toBe('UNKNOWN_STATE_CODE');
    expect(refused(() => supply('25', { kind: 'unregistered' }))).toBe('LEGACY_STATE_CODE');
    expect(refused(() => supply('96', { kind: 'unregistered', stateCode: '27' }))).toBe(
      'INVALID_PLACE_OF_SUPPLY',
    );
    expect(refused(() => supply('27', { kind: 'unregistered', stateCode: '96' }))).toBe(
      'INVALID_PLACE_OF_SUPPLY',
    );
    expect(refused(() => supply('27', { kind: 'unregistered', stateCode: '28' }))).toBe(
      'LEGACY_STATE_CODE',
    );
    expect(refused(() => supply('27', { kind: 'registered', gstin: '27AAPFU0939F1ZX' }))).toBe(
      'GSTIN_CHECK_MISMATCH',
    );
    expect(refused(() => supply('27', { kind: 'registered', gstin: '9917NLD29003OSV' }))).toBe(
      'INVALID_PLACE_OF_SUPPLY',
    );
    expect(refused(() => supply('27', { kind: 'foreign', payment: 'later' as 'under-lut' }))).toBe(
      'INVALID_PLACE_OF_SUPPLY',
    );
  });
});
