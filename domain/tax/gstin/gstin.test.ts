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

describe('GSTIN: every kind of registration, and what each refusal says', () => {
  const withCheck = (first14: string) => first14 + gstinCheckCharacter(first14);
  it('reads TDS (D), TCS (C) and UIN (UN / ON) registrations; only those with a PAN carry one', () => {
    expect(parseGstin('07DELA12345B1DE')).toMatchObject({
      kind: 'tds',
      stateCode: '07',
      pan: 'DELA12345B',
      entityNumber: '1',
    });
    expect(parseGstin('07DELAB2345B1D4')).toMatchObject({ kind: 'tds', pan: 'DELAB2345B' });
    expect(parseGstin('27AAPFU0939F1C6')).toMatchObject({
      kind: 'tcs',
      pan: 'AAPFU0939F',
      entityNumber: '1',
      checkCharacter: '6',
    });
    for (const uin of ['0717USA12345UNP', '0717USA12345ONV']) {
      const g = parseGstin(uin);
      expect(g).toEqual({
        value: uin,
        kind: 'uin',
        stateCode: '07',
        state: g.state,
        checkCharacter: uin[14],
      });
      expect(g.state.name).toBe('Delhi');
    }
    expect(parseGstin('27AAPFU0939F1ZV')).toEqual({
      value: '27AAPFU0939F1ZV',
      kind: 'regular',
      stateCode: '27',
      state: parseGstin('27AAPFU0939F1ZV').state,
      pan: 'AAPFU0939F',
      entityNumber: '1',
      checkCharacter: 'V',
    });
    expect(parseGstin(withCheck('27AAPFU0939FZZ')).entityNumber).toBe('Z');
  });

  it('each layout is exact: one character out of place and it is malformed', () => {
    for (const first14 of [
      '07DEL112345B1D', // TDS: 4 letters first
      '07DELA1234BB1D', // TDS: 4 digits after the fifth character
      '07DELA123451D1', // TDS: a letter after the digits
      '07DELA12345B0D', // TDS: entity number 0
      '27AAPF10939F1C', // TCS: 5 letters
      '27AAPFU0939F0C', // TCS: entity number 0
      '27AAPFUA939F1C', // TCS: 4 digits
      '27AAPFU09391FC', // TCS: a letter after the digits
      '0717US112345UN', // UIN: 3 letters
      '0717USA1234AUN', // UIN: 5 digits
      '0717USA12345AN', // UIN: U or O
      '0717USA12345UA', // UIN: then N
      '07A7USA12345UN', // UIN: 4 digits first
      '9917NL129003OS', // OIDAR: 3 letters
      '9917NLD2900AOS', // OIDAR: 5 digits
      '9917NLD29003OA', // OIDAR: then S
      '9917NLD29003AS', // OIDAR: O first
      '991ANLD29003OS', // OIDAR: 2 digits after 99
    ])
      expect(refusal(withCheck(first14)).code, first14).toBe('MALFORMED_GSTIN');
  });

  it('names the first character that breaks the regular layout, position by position', () => {
    const base = '27AAPFU0939F1Z';
    const at = (i: number, c: string) => withCheck(base.slice(0, i) + c + base.slice(i + 1));
    for (const i of [2, 3, 4, 5, 6, 11])
      expect(refusal(at(i, '1')).message, `character ${i + 1}`).toMatch(
        new RegExp(`character ${i + 1} \\("1"\\) should be a letter \\(PAN\\)`),
      );
    for (const i of [7, 8, 9, 10])
      expect(refusal(at(i, 'A')).message, `character ${i + 1}`).toMatch(
        new RegExp(`character ${i + 1} \\("A"\\) should be a digit \\(PAN\\)`),
      );
    expect(refusal(at(12, '0')).message).toMatch(
      /character 13 \("0"\) should be 1–9 or A–Z \(entity number\)/,
    );
    expect(refusal(at(13, 'Y')).message).toBe(
      `GSTIN "${at(13, 'Y')}" is malformed: character 14 ("Y") should be "Z"; a GSTIN is a state code, a PAN, an entity number, "Z" and a check character, e.g. "27AAPFU0939F1ZV"`,
    );
    for (const e of [refusal(at(2, '1')), refusal('27AAPFU0939F1ZX')])
      expect(e.field).toBe('gstin');
    expect(
      (() => {
        try {
          parseGstin('27AAPFU0939F1ZX', 'recipient.gstin');
        } catch (e) {
          return (e as TaxError).field;
        }
      })(),
    ).toBe('recipient.gstin');
  });

  it('says exactly what is wrong with a malformed input', () => {
    expect(refusal(42 as never)).toMatchObject({
      code: 'MALFORMED_GSTIN',
      message: 'A GSTIN must be a string of 15 characters.',
      field: 'gstin',
    });
    expect(refusal('27AAPFU0939F1ZV27AAPFU0939F1ZV').message).toBe(
      'A GSTIN has 15 characters, got 30 ("27AAPFU0939F1ZV27AAP").',
    );
    expect(refusal('27AAPFU0939F1Z-')).toMatchObject({
      code: 'MALFORMED_GSTIN',
      field: 'gstin',
      message: 'GSTIN character 15 ("-") is not allowed; only 0–9 and A–Z are allowed.',
    });
    expect(refusal('27aapfu0939f1zv').message).toBe(
      'GSTIN character 3 ("a") is not allowed; write it in capitals: "27AAPFU0939F1ZV".',
    );
    expect(refusal('27AAPFu0939F1Z-').message).toMatch(/only 0–9 and A–Z are allowed\.$/);
    expect(refusal(withCheck('96AAPFU0939F1Z')).message).toBe(
      `GSTIN "${withCheck('96AAPFU0939F1Z')}" starts with 96, the code for a foreign country, which no registration has.`,
    );
    expect(refusal('27AAPFU0939F1ZX').message).toBe(
      'GSTIN "27AAPFU0939F1ZX" fails its check: the 15th character should be "V", not "X"; check the other characters for a typo.',
    );
  });

  it('the check character needs exactly 14 characters of 0–9 and A–Z', () => {
    const thrown = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return e as TaxError;
      }
      throw new Error('accepted');
    };
    expect(thrown(() => gstinCheckCharacter('27AAPFU0939F1ZV'))).toMatchObject({
      code: 'MALFORMED_GSTIN',
      message: 'The check character is computed over 14 characters, got 15.',
    });
    expect(thrown(() => gstinCheckCharacter('27AAPFU0939f1Z'))).toMatchObject({
      code: 'MALFORMED_GSTIN',
      message: 'Character 12 ("f") is not 0–9 or A–Z.',
    });
    expect(thrown(() => gstinCheckCharacter('-7AAPFU0939F1Z')).message).toMatch(/^Character 1 /);
    // A check value of 0 is written "0", not "36" out of range.
    expect(gstinCheckCharacter('00000000000000')).toBe('0');
    // Z = 35: 7 × 35 + 7 × (70 div 36 + 70 mod 36 = 35) = 490; 490 mod 36 = 22; 36 − 22 = 14 → E.
    expect(gstinCheckCharacter('ZZZZZZZZZZZZZZ')).toBe('E');
  });

  it('isValidGstin is false for every refusal, never throws for them', () => {
    for (const bad of ['', '27AAPFU0939F1ZX', '96AAPFU0939F1ZV', '00AAPFU0939F1ZV', 1 as never])
      expect(isValidGstin(bad)).toBe(false);
  });
});
