import { describe, expect, it } from 'vitest';
import { gstinCheckCharacter } from '../gstin/gstin.ts';
import { TaxError } from '../tax-error.ts';
import {
  determineSupply,
  EXPORT_UNDER_LUT_LEGEND,
  EXPORT_WITH_IGST_LEGEND,
  SEZ_UNDER_LUT_LEGEND,
  SEZ_WITH_IGST_LEGEND,
  type Recipient,
} from './determine-supply.ts';

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

describe('determineSupply: the whole answer, and what each refusal names', () => {
  it('registered and unregistered recipients in India: the checked GSTIN only for a registered one', () => {
    expect(supply('27', { kind: 'registered', gstin: '29AAFCC9980M1ZR' })).toEqual({
      supplyType: 'B2B',
      supplierStateCode: '27',
      placeOfSupply: '29',
      placeOfSupplyName: 'Karnataka',
      interState: true,
      taxSystem: 'IGST',
      recipientGstin: '29AAFCC9980M1ZR',
    });
    expect(supply('04', { kind: 'unregistered', stateCode: '04' })).toEqual({
      supplyType: 'B2C',
      supplierStateCode: '04',
      placeOfSupply: '04',
      placeOfSupplyName: 'Chandigarh',
      interState: false,
      taxSystem: 'CGST+UTGST',
    });
  });
  it('an SEZ unit: inter-state at the GSTIN’s state, with the SEZ legend for each payment', () => {
    const sez = (payment: 'with-igst' | 'under-lut') =>
      supply('27', { kind: 'sez', gstin: '27AAPFU0939F1ZV', payment });
    const common = {
      supplierStateCode: '27',
      placeOfSupply: '27',
      placeOfSupplyName: 'Maharashtra',
      interState: true,
      recipientGstin: '27AAPFU0939F1ZV',
    };
    expect(sez('with-igst')).toEqual({
      ...common,
      supplyType: 'SEZWP',
      taxSystem: 'IGST',
      legend: SEZ_WITH_IGST_LEGEND,
    });
    expect(sez('under-lut')).toEqual({
      ...common,
      supplyType: 'SEZWOP',
      taxSystem: 'ZERO_RATED',
      legend: SEZ_UNDER_LUT_LEGEND,
    });
  });
  it('an export: place 96, foreign country, with the export legend for each payment', () => {
    const common = {
      supplierStateCode: '29',
      placeOfSupply: '96',
      placeOfSupplyName: 'Foreign country',
      interState: true,
    };
    expect(supply('29', { kind: 'foreign', payment: 'with-igst' })).toEqual({
      ...common,
      supplyType: 'EXPWP',
      taxSystem: 'IGST',
      legend: EXPORT_WITH_IGST_LEGEND,
    });
    expect(supply('29', { kind: 'foreign', payment: 'under-lut' })).toEqual({
      ...common,
      supplyType: 'EXPWOP',
      taxSystem: 'ZERO_RATED',
      legend: EXPORT_UNDER_LUT_LEGEND,
    });
  });
  it('the legends say what Rule 46 and the SEZ rules say', () => {
    expect(EXPORT_UNDER_LUT_LEGEND).toBe(
      'SUPPLY MEANT FOR EXPORT UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX',
    );
    expect(EXPORT_WITH_IGST_LEGEND).toBe('SUPPLY MEANT FOR EXPORT ON PAYMENT OF INTEGRATED TAX');
    expect(SEZ_UNDER_LUT_LEGEND).toBe(
      'SUPPLY MEANT FOR SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX',
    );
    expect(SEZ_WITH_IGST_LEGEND).toBe(
      'SUPPLY MEANT FOR SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS ON PAYMENT OF INTEGRATED TAX',
    );
  });

  const refusal = (f: () => unknown): TaxError => {
    try {
      f();
    } catch (e) {
      if (e instanceof TaxError) return e;
      throw e;
    }
    throw new Error('accepted');
  };
  it('each refusal names its field and says what to do', () => {
    expect(refusal(() => supply('96', { kind: 'unregistered' }))).toMatchObject({
      code: 'INVALID_PLACE_OF_SUPPLY',
      field: 'supplierStateCode',
      message:
        'The supplier state cannot be "96" (foreign country); give the state of the GST registration, e.g. "27".',
    });
    expect(refusal(() => supply('40', { kind: 'unregistered' })).field).toBe('supplierStateCode');
    expect(refusal(() => supply('28', { kind: 'foreign', payment: 'with-igst' }))).toMatchObject({
      code: 'LEGACY_STATE_CODE',
      field: 'supplierStateCode',
    });
    // No address on record: the supplier's state is the place, so a supplier state that is no
    // place is the supplier's field; an address that is no place is the recipient's.
    expect(refusal(() => supply('99', { kind: 'unregistered' })).field).toBe('supplierStateCode');
    expect(refusal(() => supply('27', { kind: 'unregistered', stateCode: '99' })).field).toBe(
      'recipient.stateCode',
    );
    expect(
      refusal(() => supply('27', { kind: 'registered', gstin: '27AAPFU0939F1ZX' })).field,
    ).toBe('recipient.gstin');
    expect(
      refusal(() => supply('27', { kind: 'registered', gstin: '9917NLD29003OSV' })),
    ).toMatchObject({
      field: 'recipient.gstin',
      message:
        'GSTIN "9917NLD29003OSV" is a foreign OIDAR registration; bill that recipient as foreign.',
    });
    expect(
      refusal(() => supply('27', { kind: 'sez', gstin: '27AAPFU0939F1ZX', payment: 'with-igst' }))
        .field,
    ).toBe('recipient.gstin');
    expect(
      refusal(() =>
        supply('27', { kind: 'sez', gstin: '29AAFCC9980M1ZR', payment: 'later' as 'under-lut' }),
      ),
    ).toMatchObject({
      code: 'INVALID_PLACE_OF_SUPPLY',
      field: 'recipient.payment',
      message: 'Payment must be "with-igst" or "under-lut", got "later".',
    });
    expect(refusal(() => supply('27', { kind: 'abroad' } as never))).toMatchObject({
      code: 'INVALID_PLACE_OF_SUPPLY',
      field: 'recipient.kind',
      message: 'Recipient kind must be registered, unregistered, sez or foreign.',
    });
  });
});

describe('determineSupply: registrations under 99 and legacy codes', () => {
  const refusal = (f: () => unknown): TaxError => {
    try {
      f();
    } catch (e) {
      if (e instanceof TaxError) return e;
      throw e;
    }
    throw new Error('accepted');
  };
  it('a supplier registered under 99 (OIDAR) charges IGST to a recipient in a state, but needs to know the state', () => {
    expect(supply('99', { kind: 'registered', gstin: '27AAPFU0939F1ZV' })).toMatchObject({
      supplierStateCode: '99',
      placeOfSupply: '27',
      taxSystem: 'IGST',
    });
    expect(supply('99', { kind: 'foreign', payment: 'under-lut' }).taxSystem).toBe('ZERO_RATED');
    expect(supply('99', { kind: 'unregistered', stateCode: '29' }).taxSystem).toBe('IGST');
    expect(refusal(() => supply('99', { kind: 'unregistered' })).code).toBe(
      'INVALID_PLACE_OF_SUPPLY',
    );
  });
  it('a GSTIN under a legacy state code is refused as the recipient’s, naming the codes to use', () => {
    const legacy = (first14: string) => first14 + gstinCheckCharacter(first14);
    expect(
      refusal(() => supply('27', { kind: 'registered', gstin: legacy('28AAPFU0939F1Z') })),
    ).toMatchObject({
      code: 'LEGACY_STATE_CODE',
      field: 'recipient.gstin',
      message: expect.stringMatching(/use "37" \(Andhra Pradesh\) or "36" \(Telangana\)\.$/),
    });
    expect(
      refusal(() =>
        supply('27', { kind: 'sez', gstin: legacy('25AAPFU0939F1Z'), payment: 'with-igst' }),
      ),
    ).toMatchObject({ code: 'LEGACY_STATE_CODE', field: 'recipient.gstin' });
  });
});
