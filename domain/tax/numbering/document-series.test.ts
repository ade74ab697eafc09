import { describe, expect, it } from 'vitest';
import { TaxError } from '../tax-error.ts';
import {
  defineSeries,
  DOCUMENT_NUMBER_MAX_LENGTH,
  DOCUMENT_NUMBER_PATTERN,
  formatDocumentNumber,
  nextDocumentNumber,
  parseDocumentNumber,
  SERIES_DOCUMENT_TYPES,
  seriesKey,
  type SeriesConfig,
} from './document-series.ts';

const config = (
  format: string,
  maxCounter = 9999,
  documentType: SeriesConfig['documentType'] = 'invoice',
): SeriesConfig => ({ tenantId: 'acme', documentType, format, maxCounter });

function refusal(c: SeriesConfig): TaxError {
  try {
    defineSeries(c);
  } catch (e) {
    if (e instanceof TaxError) return e;
    throw e;
  }
  throw new Error(`"${c.format}" was accepted`);
}

describe('document series', () => {
  it('given "INV/{FY}/{SEQ:4}", then numbers read INV/2025-26/0001 and follow on from the last one', () => {
    const series = defineSeries(config('INV/{FY}/{SEQ:4}'));
    expect(nextDocumentNumber(series, '2025-04-01', null)).toEqual({
      counter: 1,
      documentNumber: 'INV/2025-26/0001',
    });
    expect(nextDocumentNumber(series, '2026-03-31', 'INV/2025-26/0041')).toEqual({
      counter: 42,
      documentNumber: 'INV/2025-26/0042',
    });
  });

  it('restarts at 1 in a new financial year', () => {
    const series = defineSeries(config('CN{FY4}{SEQ:5}', 99999, 'credit-note'));
    expect(nextDocumentNumber(series, '2026-04-01', 'CN252600917')).toEqual({
      counter: 1,
      documentNumber: 'CN262700001',
    });
  });

  it('refuses to number a document dated in a year before the last number: that would repeat its numbers', () => {
    const series = defineSeries(config('INV{FY4}{SEQ:4}'));
    expect(() => nextDocumentNumber(series, '2026-03-31', 'INV26270003')).toThrowError(
      /before the last number "INV26270003"; number documents in date order/,
    );
    expect(nextDocumentNumber(series, '2027-04-01', 'INV26270003').documentNumber).toBe(
      'INV27280001',
    );
  });

  it('reads a number back into its year and counter; refuses numbers of another series', () => {
    const series = defineSeries(config('R-{FY2}-{SEQ}', 999, 'receipt-voucher'));
    expect(parseDocumentNumber(series, 'R-25-26-17')).toEqual({ yearText: '25-26', counter: 17 });
    for (const bad of ['R-25-26-017', 'R-25-26-0', 'INV/2025-26/0001', 'R-2025-26-1']) {
      expect(() => parseDocumentNumber(series, bad), bad).toThrowError(
        /not a number of this series/,
      );
    }
  });

  it('refuses to go past maxCounter', () => {
    const series = defineSeries(config('D{FY4}{SEQ:2}', 99, 'debit-note'));
    expect(nextDocumentNumber(series, '2025-05-05', 'D252698').documentNumber).toBe('D252699');
    const e = (() => {
      try {
        nextDocumentNumber(series, '2025-05-05', 'D252699');
      } catch (err) {
        return err as TaxError;
      }
    })();
    expect(e?.code).toBe('SERIES_EXHAUSTED');
    expect(e?.message).toMatch(/1 to 99.*larger maxCounter/);
    expect(() => formatDocumentNumber(series, '2025-05-05', 0)).toThrowError(TaxError);
  });

  it('given a format that can exceed 16 characters, then it is refused at configuration, with the longest number and a fix', () => {
    const e = refusal(config('INVOICE/{FY}/{SEQ:4}'));
    expect(e.code).toBe('INVALID_SERIES_FORMAT');
    expect(e.message).toMatch(
      /gives "INVOICE\/2025-26\/0001" \(20 characters\).*at most 16 characters/,
    );
    // 'INV/2025-26/' is 12 characters: 4 digits fit, 5 do not.
    expect(() => defineSeries(config('INV/{FY}/{SEQ}', 9999))).not.toThrow();
    expect(refusal(config('INV/{FY}/{SEQ}', 10000)).message).toMatch(
      /"INV\/2025-26\/10000" \(17 characters\).*lower maxCounter to 9999/,
    );
  });

  it('refuses numbers that would start with 0, - or /, other characters, and formats without a year or a counter', () => {
    expect(refusal(config('{SEQ:4}/{FY}')).message).toMatch(/may not start with 0/);
    expect(refusal(config('{FY4}{SEQ}')).message).toMatch(/"0001/); // 2100-01 gives 0001…
    expect(refusal(config('/INV{FY}{SEQ}')).message).toMatch(/may not start/);
    expect(refusal(config('INV_{FY}_{SEQ}')).message).toMatch(/"INV_"; outside tokens only A–Z/);
    expect(refusal(config('INV{SEQ}')).message).toMatch(/needs exactly one year token/);
    expect(refusal(config('INV{FY}')).message).toMatch(/needs exactly one counter token/);
    expect(refusal(config('INV{FY}{SEQ}{SEQ}')).message).toMatch(/exactly one counter/);
    expect(refusal(config('INV{YEAR}{SEQ}')).message).toMatch(/unknown token \{YEAR\}/);
    expect(refusal(config('INV{FY}{SEQ}', 0)).code).toBe('INVALID_SERIES_FORMAT');
    expect(() => defineSeries(config('{SEQ}/{FY2}'))).not.toThrow();
  });

  it('keys the counter stream by tenant, document type and financial year', () => {
    expect(seriesKey({ tenantId: 'acme', documentType: 'credit-note' }, '2025-26')).toBe(
      'acme:credit-note:2025-26',
    );
  });
});

describe('document series: each check at its edge, each message whole', () => {
  const thrown = (run: () => unknown): TaxError => {
    try {
      run();
    } catch (e) {
      if (e instanceof TaxError) return e;
      throw e;
    }
    throw new Error('accepted');
  };
  it('the e-invoice number rule: 16 characters of A–Z a–z 0–9 / -, first not 0, - or /', () => {
    expect(DOCUMENT_NUMBER_MAX_LENGTH).toBe(16);
    for (const ok of ['I', 'INV/2025-26/0001', 'a-1/b', '1234567890123456'])
      expect(DOCUMENT_NUMBER_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['', '0INV', '-INV', '/INV', 'INV_1', 'INV 1', '12345678901234567'])
      expect(DOCUMENT_NUMBER_PATTERN.test(bad), bad).toBe(false);
    expect(SERIES_DOCUMENT_TYPES).toEqual([
      'invoice',
      'credit-note',
      'debit-note',
      'receipt-voucher',
      'refund-voucher',
    ]);
  });

  it('a series belongs to a tenant and a known document type, with a maxCounter of at least 1', () => {
    for (const tenantId of ['', 7 as never])
      expect(thrown(() => defineSeries({ ...config('INV{FY}{SEQ}'), tenantId }))).toMatchObject({
        code: 'INVALID_SERIES_FORMAT',
        field: 'tenantId',
        message: 'A series needs the tenantId it belongs to.',
      });
    expect(thrown(() => defineSeries(config('INV{FY}{SEQ}', 9, 'order' as never)))).toMatchObject({
      code: 'INVALID_SERIES_FORMAT',
      field: 'documentType',
      message:
        'The documentType must be one of invoice, credit-note, debit-note, receipt-voucher, refund-voucher.',
    });
    for (const max of [0, 1.5, Number.NaN, 2 ** 53])
      expect(
        thrown(() => defineSeries(config('INV{FY}{SEQ}', max))),
        String(max),
      ).toMatchObject({
        code: 'INVALID_SERIES_FORMAT',
        field: 'maxCounter',
        message: 'The maxCounter must be a whole number of at least 1, e.g. 99999.',
      });
    expect(defineSeries(config('INV{FY}{SEQ}', 1)).maxCounter).toBe(1);
    for (const type of SERIES_DOCUMENT_TYPES)
      expect(defineSeries(config('INV{FY}{SEQ}', 9, type)).documentType).toBe(type);
  });

  it('a format is text with exactly one year and one counter token', () => {
    for (const format of ['', 5 as never])
      expect(thrown(() => defineSeries(config(format)))).toMatchObject({
        field: 'format',
        message: `Series format "${format}" is empty; use something like "INV/{FY}/{SEQ:4}".`,
      });
    expect(refusal(config('INV{FY}{FY2}{SEQ}')).message).toBe(
      'Series format "INV{FY}{FY2}{SEQ}" needs exactly one year token ({FY}, {FY2} or {FY4}): counters restart every April, so the year keeps numbers unique.',
    );
    expect(refusal(config('INV{FY}')).message).toBe(
      'Series format "INV{FY}" needs exactly one counter token, {SEQ} or {SEQ:n}.',
    );
    expect(refusal(config('INV-{FY}-{SEQ}-X'.repeat(3))).message).toMatch(
      /^Series format "INV-\{FY\}-\{SEQ\}-XINV-\{FY\}-\{SEQ\}-XINV-\{FY\}" needs/,
    );
    // Tokens side by side, or at either end, leave no empty text between them.
    expect(defineSeries(config('{FY}{SEQ}')).parts).toEqual([
      { kind: 'year', token: 'FY' },
      { kind: 'counter', width: 0 },
    ]);
    expect(defineSeries(config('A{FY4}B{SEQ:3}C')).parts).toEqual([
      { kind: 'literal', text: 'A' },
      { kind: 'year', token: 'FY4' },
      { kind: 'literal', text: 'B' },
      { kind: 'counter', width: 3 },
      { kind: 'literal', text: 'C' },
    ]);
  });

  it('a counter is {SEQ} or {SEQ:n} with n from 1 to 15', () => {
    expect(defineSeries(config('INV{FY4}{SEQ:1}', 9)).parts).toContainEqual({
      kind: 'counter',
      width: 1,
    });
    for (const token of [
      'XSEQ:1',
      'SEQ:0',
      'SEQ:16',
      'SEQ:100',
      'SEQ:',
      'SEQ:1a',
      'seq',
      'FY3',
      '',
    ])
      expect(refusal(config(`INV{FY}{${token}}`)).message, token).toBe(
        `Series format "INV{FY}{${token}}" has an unknown token {${token}}; use {FY}, {FY2}, {FY4}, {SEQ} or {SEQ:n} with n from 1 to 15.`,
      );
    // 12 and 15 are widths; they are refused for their length, not as tokens.
    for (const width of [12, 15])
      expect(refusal(config(`I{FY4}{SEQ:${width}}`)).message).toMatch(/characters\) at counter 1/);
  });

  it('a number too long at maxCounter is refused with the number, its length and the fixes that work', () => {
    // 'INV/2025-26/' is 12 characters: at 99999 the number needs 5 digits, 4 fit.
    expect(refusal(config('INV/{FY}/{SEQ:4}', 99999)).message).toBe(
      'Series format "INV/{FY}/{SEQ:4}" gives "INV/2025-26/99999" (17 characters) at counter 99999; a number has at most 16 characters: shorten the text, use {FY4} or lower maxCounter to 9999.',
    );
    // {SEQ:5} pads to 5 digits even at counter 1, so no lower maxCounter helps.
    expect(refusal(config('INV/{FY}/{SEQ:5}', 99999)).message).toBe(
      'Series format "INV/{FY}/{SEQ:5}" gives "INV/2025-26/00001" (17 characters) at counter 1; a number has at most 16 characters: shorten the text, use {FY4}.',
    );
    // {FY4} is already the short year; {FY2} is not.
    expect(refusal(config('INVOICE-ABC/{FY4}{SEQ}', 9)).message).toBe(
      'Series format "INVOICE-ABC/{FY4}{SEQ}" gives "INVOICE-ABC/25261" (17 characters) at counter 1; a number has at most 16 characters: shorten the text.',
    );
  });

  it('a number that would start with 0, - or / is refused, saying how to start', () => {
    expect(refusal(config('-{FY}{SEQ}')).message).toBe(
      'Series format "-{FY}{SEQ}" gives "-2025-261", which may not start with 0, - or /; start with a letter, 1–9, {FY} or an unpadded {SEQ}.',
    );
    expect(refusal(config('{FY2}{SEQ}')).message).toMatch(/gives "00-011"/);
    expect(refusal(config('{SEQ:2}{FY}')).message).toMatch(/gives "012025-26"/);
    expect(defineSeries(config('{FY}/{SEQ:4}')).format).toBe('{FY}/{SEQ:4}');
    // Every character of the text is checked, not only its end.
    expect(refusal(config('A_B{FY}{SEQ}')).message).toBe(
      'Series format "A_B{FY}{SEQ}" has "A_B"; outside tokens only A–Z, a–z, 0–9, / and - are allowed.',
    );
  });

  it('numbers a counter in the year of the date, in each year form', () => {
    const n = (format: string, date: string, counter: number) =>
      formatDocumentNumber(defineSeries(config(format)), date, counter);
    expect(n('A{FY}{SEQ}', '2008-04-01', 7)).toBe('A2008-097');
    expect(n('A{FY2}/{SEQ:3}', '2009-03-31', 7)).toBe('A08-09/007');
    expect(n('A{FY4}/{SEQ:3}', '2099-12-01', 12)).toBe('A9900/012');
    expect(n('A{FY4}/{SEQ:3}', '2025-04-01', 9999)).toBe('A2526/9999');
    const series = defineSeries(config('D{FY4}{SEQ:2}', 99, 'debit-note'));
    expect(formatDocumentNumber(series, '2025-05-05', 1)).toBe('D252601');
    for (const bad of [100, 1.5, -1, Number.NaN])
      expect(thrown(() => formatDocumentNumber(series, '2025-05-05', bad))).toMatchObject({
        code: 'SERIES_EXHAUSTED',
        field: 'counter',
        message: `Counter ${bad} is outside the debit-note series (1 to 99); configure a new series with a larger maxCounter.`,
      });
  });

  it('reads back every year form; only the spelling the series makes', () => {
    const read = (format: string, number: string) =>
      parseDocumentNumber(defineSeries(config(format, 9999)), number);
    expect(read('INV/{FY}/{SEQ:4}', 'INV/2025-26/0042')).toEqual({
      yearText: '2025-26',
      counter: 42,
    });
    expect(read('INV/{FY}/{SEQ:4}', 'INV/2025-26/12345')).toEqual({
      yearText: '2025-26',
      counter: 12345,
    });
    expect(read('I-{FY2}-{SEQ}', 'I-25-26-9')).toEqual({ yearText: '25-26', counter: 9 });
    expect(read('I{FY4}{SEQ:3}', 'I2526007')).toEqual({ yearText: '2526', counter: 7 });
    for (const [format, bad] of [
      ['INV/{FY}/{SEQ:4}', 'INV/2025-26/042'],
      ['INV/{FY}/{SEQ:4}', 'INV/2025-26/00042'],
      ['INV/{FY}/{SEQ:4}', 'INV/2025-26/0000'],
      ['INV/{FY}/{SEQ:4}', 'INV/25-26/0042'],
      ['INV/{FY}/{SEQ:4}', 'XINV/2025-26/0042'],
      ['INV/{FY}/{SEQ:4}', 'INV/2025-26/0042X'],
      ['INV/{FY}/{SEQ:4}', 'INV-2025-26-0042'],
      ['I-{FY2}-{SEQ}', 'I-2025-26-9'],
      ['I-{FY2}-{SEQ}', 'I-25-26-09'],
      ['I-{FY2}-{SEQ}', 'I-25-26-99999999999999999'],
      ['I{FY4}{SEQ:3}', 'I25-26007'],
    ] as const)
      expect(
        thrown(() => read(format, bad)),
        bad,
      ).toMatchObject({
        code: 'INVALID_DOCUMENT_NUMBER',
        field: 'documentNumber',
        message: `"${bad.slice(0, 30)}" is not a number of this series (format "${format}").`,
      });
    expect(thrown(() => read('I{FY4}{SEQ}', 7 as never)).message).toMatch(/^"7" is not/);
    expect(thrown(() => read('I{FY4}{SEQ:3}', new String('I2526007') as never)).code).toBe(
      'INVALID_DOCUMENT_NUMBER',
    );
    expect(thrown(() => read('I{FY4}{SEQ}', 'I'.repeat(40))).message).toMatch(
      new RegExp(`^"${'I'.repeat(30)}" is not`),
    );
  });

  it('reads a two-digit year in the century nearest the date, 50 years either way', () => {
    const series = defineSeries(config('D{FY2}-{SEQ}', 99999, 'debit-note'));
    const next = (date: string, last: string) => nextDocumentNumber(series, date, last);
    // 99-00 next to 2001 is 1999: an earlier year, so the counter restarts.
    expect(next('2001-05-01', 'D99-00-5')).toEqual({ counter: 1, documentNumber: 'D01-02-1' });
    // 00-01 next to 2099 is 2100: a later year, refused.
    expect(() => next('2099-05-01', 'D00-01-5')).toThrowError(/before the last number/);
    // Exactly 50 years ahead is still this century: 75-76 next to 2025 is 2075, refused.
    expect(thrown(() => next('2025-05-01', 'D75-76-5'))).toMatchObject({
      code: 'INVALID_DATE',
      field: 'date',
      message:
        'The date 2025-05-01 falls in financial year 2025-26, before the last number "D75-76-5"; number documents in date order, dated 2075-04-01 or later.',
    });
    // Exactly 50 years back too: 25-26 next to 2075 is 2025, so 2075 starts again at 1.
    expect(next('2075-05-01', 'D25-26-5').counter).toBe(1);
    expect(next('2025-05-01', 'D25-26-5')).toEqual({ counter: 6, documentNumber: 'D25-26-6' });
    expect(thrown(() => next('2009-05-01', 'D10-11-5')).message).toMatch(
      /^The date 2009-05-01 falls in financial year 2009-10, before/,
    );
    expect(thrown(() => next('2008-05-01', 'D10-11-5')).message).toMatch(
      /^The date 2008-05-01 falls in financial year 2008-09, before/,
    );
    const long = defineSeries(config('D{FY}-{SEQ}', 99999, 'debit-note'));
    expect(nextDocumentNumber(long, '2125-05-01', 'D2025-26-5').counter).toBe(1);
    expect(() => nextDocumentNumber(long, '2025-05-01', 'D2125-26-5')).toThrowError(
      /dated 2125-04-01 or later/,
    );
  });
});
