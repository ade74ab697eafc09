import fc from 'fast-check';
import { describe, it } from 'vitest';
import { gstinCheckCharacter, parseGstin } from '../gstin/gstin.ts';
import { financialYear } from '../numbering/financial-year.ts';
import {
  DOCUMENT_NUMBER_PATTERN,
  defineSeries,
  formatDocumentNumber,
  nextDocumentNumber,
  parseDocumentNumber,
  type DocumentSeries,
} from '../numbering/document-series.ts';
import { TaxError } from '../tax-error.ts';
import { check, fcSettings, validGstin } from './arbitraries.ts';

/** Invariant 12 of GST.md: document numbers and GSTIN check characters. */
describe('identifiers (invariant 12)', () => {
  const literal = fc.string({ unit: fc.constantFrom(...'ABCINVXYZabc0189/-'), maxLength: 8 });
  const formatArb = fc
    .record({
      prefix: literal,
      middle: literal,
      suffix: fc.string({ unit: fc.constantFrom(...'AZ09/-'), maxLength: 3 }),
      year: fc.constantFrom('{FY}', '{FY2}', '{FY4}'),
      counter: fc.constantFrom('{SEQ}', '{SEQ:1}', '{SEQ:3}', '{SEQ:4}', '{SEQ:6}'),
      yearFirst: fc.boolean(),
    })
    .map(
      ({ prefix, middle, suffix, year, counter, yearFirst }) =>
        prefix + (yearFirst ? year + middle + counter : counter + middle + year) + suffix,
    );
  const maxCounterArb = fc.oneof(
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 999_999 }),
    fc.constantFrom(9, 99, 999, 9999, 99_999, 10_000_000),
  );
  const dateArb = fc
    .record({
      year: fc.integer({ min: 2017, max: 2120 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map(
      ({ year, month, day }) =>
        `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    );

  it('12. a series is accepted only if every number it can make fits the e-invoice pattern; numbers parse back to their counter', () => {
    fc.assert(
      fc.property(
        formatArb,
        maxCounterArb,
        dateArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (format, maxCounter, date, where) => {
          let series: DocumentSeries;
          try {
            series = defineSeries({ tenantId: 't1', documentType: 'invoice', format, maxCounter });
          } catch (e) {
            check(e instanceof TaxError && e.code === 'INVALID_SERIES_FORMAT', () => String(e));
            // The refusal is justified: some year's first or last number breaks the pattern.
            const model = (year: string, counter: number) => renderModel(format, year, counter);
            const samples = ['2025-04-01', '2100-04-01'].flatMap((d) => [
              model(d, 1),
              model(d, maxCounter),
            ]);
            check(
              samples.some((n) => !DOCUMENT_NUMBER_PATTERN.test(n)),
              () => `refused "${format}" up to ${maxCounter} although ${samples.join(', ')} fit`,
            );
            return;
          }
          for (const counter of [1, maxCounter, 1 + Math.floor(where * (maxCounter - 1))]) {
            const n = formatDocumentNumber(series, date, counter);
            check(DOCUMENT_NUMBER_PATTERN.test(n), () => `"${n}" from "${format}" at ${counter}`);
            check(
              parseDocumentNumber(series, n).counter === counter,
              () => `"${n}" does not parse back to ${counter}`,
            );
          }
        },
      ),
      fcSettings,
    );
  });

  it('12. numbers in a series and year are consecutive from 1, unique, and restart in the next financial year', () => {
    const seriesArb = fc
      .constantFrom(
        'INV/{FY}/{SEQ}',
        'CN{FY4}{SEQ:5}',
        '{FY}-{SEQ}',
        '{SEQ}/{FY2}',
        'R-{FY2}-{SEQ:3}',
      )
      .map((format) =>
        defineSeries({ tenantId: 't1', documentType: 'invoice', format, maxCounter: 9999 }),
      );
    fc.assert(
      fc.property(seriesArb, dateArb, fc.integer({ min: 1, max: 40 }), (series, date, count) => {
        const seen = new Set<string>();
        let last: string | null = null;
        for (let expected = 1; expected <= count; expected++) {
          const { counter, documentNumber } = nextDocumentNumber(series, date, last);
          check(counter === expected, () => `gap: got ${counter}, expected ${expected}`);
          check(
            DOCUMENT_NUMBER_PATTERN.test(documentNumber) && !seen.has(documentNumber),
            () => `"${documentNumber}" invalid or repeated`,
          );
          seen.add(documentNumber);
          last = documentNumber;
        }
        const nextYear = `${Number(financialYear(date).slice(0, 4)) + 1}-04-01`;
        check(
          nextDocumentNumber(series, nextYear, last).counter === 1,
          () => 'a new financial year restarts at 1',
        );
      }),
      fcSettings,
    );
  });

  it('12. a GSTIN check character round-trips and any single-character change is refused', () => {
    const anyChar = fc.oneof(
      fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
      fc.string({ minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(validGstin, fc.nat({ max: 14 }), anyChar, (gstin, at, replacement) => {
        const parsed = parseGstin(gstin);
        check(
          parsed.value === gstin &&
            parsed.checkCharacter === gstinCheckCharacter(gstin.slice(0, 14)),
          () => `${gstin} does not round-trip`,
        );
        if (replacement === gstin[at]) return;
        const changed = gstin.slice(0, at) + replacement + gstin.slice(at + 1);
        try {
          parseGstin(changed);
        } catch (e) {
          check(e instanceof TaxError, () => String(e));
          return;
        }
        check(false, () => `"${changed}" (from ${gstin}, character ${at + 1}) was accepted`);
      }),
      fcSettings,
    );
  });
});

/** An independent rendering of a format, to judge refusals without trusting the engine. */
function renderModel(format: string, date: string, counter: number): string {
  const start = Number(date.slice(0, 4));
  const yy = (y: number) => String(y % 100).padStart(2, '0');
  return format
    .replace('{FY}', `${start}-${yy(start + 1)}`)
    .replace('{FY2}', `${yy(start)}-${yy(start + 1)}`)
    .replace('{FY4}', `${yy(start)}${yy(start + 1)}`)
    .replace(/\{SEQ(?::(\d+))?\}/, (_m, w: string | undefined) =>
      String(counter).padStart(Number(w ?? 0), '0'),
    );
}
