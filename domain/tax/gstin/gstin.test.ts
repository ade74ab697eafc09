import { describe, expect, it } from 'vitest';
import { TaxError } from '../tax-error.ts';
import { gstinCheckCharacter, isValidGstin, parseGstin } from './gstin.ts';

function refusal(input: string): TaxError {
  try {
    parseGstin(input);
  } catch (e) {
    if (e instanceof TaxError) return e;
    throw e;
  }
  throw new Error(`${input} was accepted`);
}

describe('GSTIN', () => {
  it('accepts the valid examples of GST.md', () => {
    for (const g of ['27AAPFU0939F1ZV', '29AAFCC9980M1ZR', '24AAQCA8719H1ZC', '9917NLD29003OSV'])
      expect(isValidGstin(g)).toBe(true);
  });

  it('gives the state and the PAN inside a GSTIN', () => {
    expect(parseGstin('27AAPFU0939F1ZV')).toMatchObject({
      kind: 'regular',
      stateCode: '27',
      pan: 'AAPFU0939F',
      entityNumber: '1',
      checkCharacter: 'V',
    });
    expect(parseGstin('27AAPFU0939F1ZV').state.name).toBe('Maharashtra');
  });

  it('reads an OIDAR registration under 99, which has no PAN', () => {
    const g = parseGstin('9917NLD29003OSV');
    expect(g).toMatchObject({ kind: 'oidar', stateCode: '99' });
    expect(g.pan).toBeUndefined();
  });

  it('computes the check character (Luhn mod 36)', () => {
    expect(gstinCheckCharacter('27AAPFU0939F1Z')).toBe('V');
    expect(gstinCheckCharacter('29AAFCC9980M1Z')).toBe('R');
    expect(gstinCheckCharacter('24AAQCA8719H1Z')).toBe('C');
  });

  it('given a wrong check character, then the error says which one was expected', () => {
    const e = refusal('27AAPFU0939F1ZX');
    expect(e.code).toBe('GSTIN_CHECK_MISMATCH');
    expect(e.message).toContain('the 15th character should be "V", not "X"');
  });

  it('given a typo inside, then the check fails too', () => {
    expect(refusal('27AAPFU0939F2ZV').code).toBe('GSTIN_CHECK_MISMATCH');
  });

  it('refuses malformed GSTINs, naming the character that is wrong', () => {
    expect(refusal('27AAPFU0939F1Z').message).toMatch(/15 characters, got 14/);
    expect(refusal('27aapfu0939f1zv').message).toMatch(/write it in capitals: "27AAPFU0939F1ZV"/);
    expect(refusal('27AAPFU 939F1ZV').message).toMatch(/character 8 \(" "\) is not allowed/);
    expect(refusal('27AAPFU093FF1ZV').message).toMatch(
      /character 11 \("F"\) should be a digit \(PAN\)/,
    );
    expect(refusal('27AAPFU0939F1YV').message).toMatch(/character 14 \("Y"\) should be "Z"/);
    expect(refusal('27AAPFU0939F0ZV').message).toMatch(/entity number/);
    for (const g of ['27AAPFU0939F1Z', '27AAPFU093FF1ZV'])
      expect(refusal(g).code).toBe('MALFORMED_GSTIN');
  });

  it('refuses unknown state codes and 96, but not 38, 97 or 99', () => {
    const first14 = (s: string) => `${s}AAPFU0939F1Z`;
    const valid = (s: string) => first14(s) + gstinCheckCharacter(first14(s));
    expect(refusal(valid('00')).code).toBe('UNKNOWN_STATE_CODE');
    expect(refusal(valid('39')).code).toBe('UNKNOWN_STATE_CODE');
    expect(refusal(valid('96')).code).toBe('MALFORMED_GSTIN');
    for (const s of ['38', '97', '01', '37']) expect(parseGstin(valid(s)).stateCode).toBe(s);
  });
});
