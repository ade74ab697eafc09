import { TaxError } from '../tax-error.ts';
import { financialYearStart } from './financial-year.ts';

/** Each document type has its own series per tenant (Rule 46, 50, 51, 53). */
export type SeriesDocumentType =
  'invoice' | 'credit-note' | 'debit-note' | 'receipt-voucher' | 'refund-voucher';
export const SERIES_DOCUMENT_TYPES: readonly SeriesDocumentType[] = [
  'invoice',
  'credit-note',
  'debit-note',
  'receipt-voucher',
  'refund-voucher',
];

/** e-invoice document number: at most 16 characters, first not 0, - or /. */
export const DOCUMENT_NUMBER_PATTERN = /^[A-Za-z1-9][A-Za-z0-9/-]{0,15}$/;
export const DOCUMENT_NUMBER_MAX_LENGTH = 16;

export interface SeriesConfig {
  readonly tenantId: string;
  readonly documentType: SeriesDocumentType;
  /**
   * Literal characters (A–Z, a–z, 0–9, / and -) with one year token and one counter token:
   * `{FY}` → "2025-26", `{FY2}` → "25-26", `{FY4}` → "2526"; `{SEQ}` → "42", `{SEQ:5}` → "00042".
   * e.g. "INV/{FY}/{SEQ:4}" → "INV/2025-26/0042".
   */
  readonly format: string;
  /** The highest counter the series may reach in one financial year; the format is checked up to it. */
  readonly maxCounter: number;
}

type Part =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'year'; readonly token: 'FY' | 'FY2' | 'FY4' }
  | { readonly kind: 'counter'; readonly width: number };

/** A series whose format was checked by `defineSeries`; build numbers only from this. */
export interface DocumentSeries extends SeriesConfig {
  readonly parts: readonly Part[];
}

const TOKEN = /\{([^{}]*)\}/g;

/**
 * Checks a series configuration once, when the tenant sets it up, so that no counter value up
 * to `maxCounter` in any financial year can produce a number longer than 16 characters or one
 * the e-invoice pattern refuses. The number is longest at `maxCounter`, and its first character
 * only varies when the counter or a short year comes first, so rendering counters 1 and
 * `maxCounter` in a year whose short forms start with 0 (2100-01) covers every case.
 * @throws TaxError INVALID_SERIES_FORMAT saying what to change
 */
export function defineSeries(config: SeriesConfig): DocumentSeries {
  const refuseFormat = (why: string): never => {
    throw new TaxError(
      'INVALID_SERIES_FORMAT',
      `Series format "${String(config.format).slice(0, 40)}" ${why}.`,
      'format',
    );
  };
  if (typeof config.tenantId !== 'string' || config.tenantId === '')
    throw new TaxError(
      'INVALID_SERIES_FORMAT',
      'A series needs the tenantId it belongs to.',
      'tenantId',
    );
  if (!SERIES_DOCUMENT_TYPES.includes(config.documentType)) {
    throw new TaxError(
      'INVALID_SERIES_FORMAT',
      `The documentType must be one of ${SERIES_DOCUMENT_TYPES.join(', ')}.`,
      'documentType',
    );
  }
  if (!Number.isSafeInteger(config.maxCounter) || config.maxCounter < 1) {
    throw new TaxError(
      'INVALID_SERIES_FORMAT',
      `The maxCounter must be a whole number of at least 1, e.g. 99999.`,
      'maxCounter',
    );
  }
  if (typeof config.format !== 'string' || config.format === '')
    refuseFormat('is empty; use something like "INV/{FY}/{SEQ:4}"');
  const parts = parseFormat(config.format, refuseFormat);
  if (parts.filter((p) => p.kind === 'counter').length !== 1)
    refuseFormat('needs exactly one counter token, {SEQ} or {SEQ:n}');
  if (parts.filter((p) => p.kind === 'year').length !== 1) {
    refuseFormat(
      'needs exactly one year token ({FY}, {FY2} or {FY4}): counters restart every April, so the year keeps numbers unique',
    );
  }
  const series: DocumentSeries = { ...config, parts };
  for (const year of [2025, 2100]) {
    for (const counter of [1, config.maxCounter]) {
      const n = render(parts, year, counter);
      if (n.length > DOCUMENT_NUMBER_MAX_LENGTH) {
        const width = widthOf(series);
        const digitsRoom =
          DOCUMENT_NUMBER_MAX_LENGTH - (n.length - Math.max(width, String(counter).length));
        const lower =
          digitsRoom >= Math.max(width, 1)
            ? ` or lower maxCounter to ${'9'.repeat(digitsRoom)}`
            : '';
        const shorterYear = parts.some((p) => p.kind === 'year' && p.token !== 'FY4')
          ? ', use {FY4}'
          : '';
        refuseFormat(
          `gives "${n}" (${n.length} characters) at counter ${counter}; a number has at most 16 characters: shorten the text${shorterYear}${lower}`,
        );
      }
      if (!DOCUMENT_NUMBER_PATTERN.test(n)) {
        refuseFormat(
          `gives "${n}", which may not start with 0, - or /; start with a letter, 1–9, {FY} or an unpadded {SEQ}`,
        );
      }
    }
  }
  return series;
}

function parseFormat(format: string, refuseFormat: (why: string) => never): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const m of format.matchAll(TOKEN)) {
    if (m.index > at) parts.push({ kind: 'literal', text: format.slice(at, m.index) });
    parts.push(tokenPart(m[1]!, refuseFormat));
    at = m.index + m[0].length;
  }
  if (at < format.length) parts.push({ kind: 'literal', text: format.slice(at) });
  for (const p of parts) {
    if (p.kind === 'literal' && !/^[A-Za-z0-9/-]+$/.test(p.text)) {
      refuseFormat(`has "${p.text}"; outside tokens only A–Z, a–z, 0–9, / and - are allowed`);
    }
  }
  return parts;
}

function tokenPart(token: string, refuseFormat: (why: string) => never): Part {
  if (token === 'FY' || token === 'FY2' || token === 'FY4') return { kind: 'year', token };
  if (token === 'SEQ') return { kind: 'counter', width: 0 };
  const m = /^SEQ:(\d{1,2})$/.exec(token);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 15) return { kind: 'counter', width: Number(m[1]) };
  return refuseFormat(
    `has an unknown token {${token}}; use {FY}, {FY2}, {FY4}, {SEQ} or {SEQ:n} with n from 1 to 15`,
  );
}

function yearText(token: 'FY' | 'FY2' | 'FY4', startYear: number): string {
  const yy = (y: number) => String(y % 100).padStart(2, '0');
  if (token === 'FY') return `${startYear}-${yy(startYear + 1)}`;
  if (token === 'FY2') return `${yy(startYear)}-${yy(startYear + 1)}`;
  return `${yy(startYear)}${yy(startYear + 1)}`;
}

function render(parts: readonly Part[], startYear: number, counter: number): string {
  return parts
    .map((p) =>
      p.kind === 'literal'
        ? p.text
        : p.kind === 'year'
          ? yearText(p.token, startYear)
          : String(counter).padStart(p.width, '0'),
    )
    .join('');
}

/**
 * The document number for a counter in the financial year of `date` ('YYYY-MM-DD').
 * @throws TaxError SERIES_EXHAUSTED when the counter is outside 1…maxCounter
 */
export function formatDocumentNumber(
  series: DocumentSeries,
  date: string,
  counter: number,
): string {
  if (!Number.isSafeInteger(counter) || counter < 1 || counter > series.maxCounter) {
    throw new TaxError(
      'SERIES_EXHAUSTED',
      `Counter ${counter} is outside the ${series.documentType} series (1 to ${series.maxCounter}); configure a new series with a larger maxCounter.`,
      'counter',
    );
  }
  return render(series.parts, financialYearStart(date), counter);
}

/** A number split into its year text (as printed, e.g. "2025-26" or "2526") and its counter. */
export interface ParsedDocumentNumber {
  readonly yearText: string;
  readonly counter: number;
}

/**
 * Reads a number back into its year and counter, by the series' format.
 * @throws TaxError INVALID_DOCUMENT_NUMBER when it was not made by this series
 */
export function parseDocumentNumber(
  series: DocumentSeries,
  documentNumber: string,
): ParsedDocumentNumber {
  const source = series.parts
    .map((p) => {
      if (p.kind === 'literal') return p.text.replace(/[/-]/g, '\\$&');
      if (p.kind === 'year')
        return p.token === 'FY'
          ? '(?<year>\\d{4}-\\d{2})'
          : p.token === 'FY2'
            ? '(?<year>\\d{2}-\\d{2})'
            : '(?<year>\\d{4})';
      return p.width === 0 ? '(?<counter>[1-9]\\d*)' : `(?<counter>\\d{${p.width},})`;
    })
    .join('');
  const m =
    typeof documentNumber === 'string' ? new RegExp(`^${source}$`).exec(documentNumber) : null;
  const text = m?.groups?.counter;
  const counter = text === undefined ? NaN : Number(text);
  // Only the spelling the series itself produces is accepted ("00042" for {SEQ:5}, not "000042"),
  // so every counter has exactly one number and every number one counter.
  const canonical = text !== undefined && String(counter).padStart(widthOf(series), '0') === text;
  if (!m || !canonical || !Number.isSafeInteger(counter) || counter < 1) {
    throw new TaxError(
      'INVALID_DOCUMENT_NUMBER',
      `"${String(documentNumber).slice(0, 30)}" is not a number of this series (format "${series.format}").`,
      'documentNumber',
    );
  }
  return { yearText: m.groups!.year!, counter };
}

function widthOf(series: Pick<DocumentSeries, 'parts'>): number {
  const c = series.parts.find((p) => p.kind === 'counter');
  return c && c.kind === 'counter' ? c.width : 0;
}

/**
 * The next number after the last one issued in the series. Counters restart at 1 in a new
 * financial year; within a year they follow on without gaps. The gapless counter itself is a
 * stream kept by invoicing; this only says what comes next.
 * @param date the document's date, 'YYYY-MM-DD'
 * @param last the last number issued in this series, or null for the first
 * @throws TaxError INVALID_DOCUMENT_NUMBER, SERIES_EXHAUSTED, or INVALID_DATE when the date falls
 *   in a financial year before the last number's (restarting there would repeat its numbers)
 */
export function nextDocumentNumber(
  series: DocumentSeries,
  date: string,
  last: string | null,
): { counter: number; documentNumber: string } {
  const startYear = financialYearStart(date);
  if (last === null) return { counter: 1, documentNumber: formatDocumentNumber(series, date, 1) };
  const previous = parseDocumentNumber(series, last);
  const previousStart = startYearOf(series, previous.yearText, startYear);
  if (previousStart > startYear) {
    throw new TaxError(
      'INVALID_DATE',
      `The date ${date} falls in financial year ${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}, before the last number "${last}"; number documents in date order, dated ${previousStart}-04-01 or later.`,
      'date',
    );
  }
  const counter = previousStart === startYear ? previous.counter + 1 : 1;
  return { counter, documentNumber: formatDocumentNumber(series, date, counter) };
}

/** The first calendar year of a printed year; short forms are read in the century nearest `near`. */
function startYearOf(series: DocumentSeries, text: string, near: number): number {
  const token = series.parts.find((p) => p.kind === 'year');
  if (token?.kind === 'year' && token.token === 'FY') return Number(text.slice(0, 4));
  const yy = Number(text.slice(0, 2));
  const candidate = near - (near % 100) + yy;
  return candidate > near + 50
    ? candidate - 100
    : candidate < near - 50
      ? candidate + 100
      : candidate;
}

/** The name of the counter stream for a series and financial year, e.g. "t1:invoice:2025-26". */
export function seriesKey(
  series: Pick<SeriesConfig, 'tenantId' | 'documentType'>,
  financialYear: string,
): string {
  return `${series.tenantId}:${series.documentType}:${financialYear}`;
}
