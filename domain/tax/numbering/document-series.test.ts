import { describe, expect, it } from 'vitest';
import { TaxError } from '../tax-error.ts';
import {
  defineSeries,
  formatDocumentNumber,
  nextDocumentNumber,
  parseDocumentNumber,
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
