import { TaxError } from '../tax-error.ts';
import { FOREIGN_COUNTRY, stateByCode, type GstState } from '../states/state-codes.ts';

/**
 * What kind of registration a GSTIN is. The layout after the state code differs:
 * - `regular`: PAN (5 letters, 4 digits, 1 letter) + entity number + `Z` + check
 * - `tds` / `tcs`: government deductors and e-commerce collectors, `D` / `C` in place of `Z`
 * - `oidar`: foreign OIDAR supplier under code 99: year, country, serial, `OS`, check
 * - `uin`: UN bodies and embassies: year, country, serial, `UN` or `ON`, check
 */
export type GstinKind = 'regular' | 'tds' | 'tcs' | 'oidar' | 'uin';

export interface Gstin {
  /** The 15 characters as given (upper case). */
  readonly value: string;
  readonly kind: GstinKind;
  readonly stateCode: string;
  readonly state: GstState;
  /** The PAN inside a regular, TDS or TCS GSTIN; absent for OIDAR and UIN registrations. */
  readonly pan?: string;
  /** Which registration of that PAN in that state (1–9, then A–Z). */
  readonly entityNumber?: string;
  readonly checkCharacter: string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LAYOUTS: readonly { kind: GstinKind; pattern: RegExp }[] = [
  { kind: 'regular', pattern: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/ },
  { kind: 'tds', pattern: /^\d{2}[A-Z]{4}[A-Z0-9]\d{4}[A-Z][1-9A-Z]D[0-9A-Z]$/ },
  { kind: 'tcs', pattern: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]C[0-9A-Z]$/ },
  { kind: 'oidar', pattern: /^99\d{2}[A-Z]{3}\d{5}OS[0-9A-Z]$/ },
  { kind: 'uin', pattern: /^\d{4}[A-Z]{3}\d{5}[UO]N[0-9A-Z]$/ },
];

/**
 * The check character for the first 14 characters of a GSTIN (GST.md): a Luhn mod 36 over
 * 0–9 → 0–9 and A–Z → 10–35, weights 1 and 2 alternating from the first character. Luhn mod N
 * catches every single-character substitution, which is why a typo never parses.
 */
export function gstinCheckCharacter(first14: string): string {
  if (first14.length !== 14)
    throw new TaxError(
      'MALFORMED_GSTIN',
      `The check character is computed over 14 characters, got ${first14.length}.`,
    );
  let total = 0;
  for (let i = 0; i < 14; i++) {
    const value = ALPHABET.indexOf(first14[i]!);
    if (value < 0)
      throw new TaxError(
        'MALFORMED_GSTIN',
        `Character ${i + 1} ("${first14[i]}") is not 0–9 or A–Z.`,
      );
    const p = value * (i % 2 === 0 ? 1 : 2);
    total += Math.floor(p / 36) + (p % 36);
  }
  return ALPHABET[(36 - (total % 36)) % 36]!;
}

/**
 * Parses and checks a GSTIN: 15 characters, a known state code, the layout of its kind and the
 * check character. Lower case, spaces and other characters are refused rather than fixed, so a
 * stored GSTIN is always the exact text that was checked.
 * @throws TaxError MALFORMED_GSTIN, UNKNOWN_STATE_CODE or GSTIN_CHECK_MISMATCH (saying which character was expected)
 */
export function parseGstin(input: string, field = 'gstin'): Gstin {
  if (typeof input !== 'string')
    throw new TaxError('MALFORMED_GSTIN', 'A GSTIN must be a string of 15 characters.', field);
  if (input.length !== 15) {
    throw new TaxError(
      'MALFORMED_GSTIN',
      `A GSTIN has 15 characters, got ${input.length} ("${input.slice(0, 20)}").`,
      field,
    );
  }
  const bad = /[^0-9A-Z]/.exec(input);
  if (bad) {
    const upper = input.toUpperCase();
    const hint = /^[0-9A-Z]{15}$/.test(upper)
      ? `; write it in capitals: "${upper}"`
      : '; only 0–9 and A–Z are allowed';
    throw new TaxError(
      'MALFORMED_GSTIN',
      `GSTIN character ${bad.index + 1} ("${bad[0]}") is not allowed${hint}.`,
      field,
    );
  }
  const stateCode = input.slice(0, 2);
  const state = stateByCode(stateCode, field);
  if (stateCode === FOREIGN_COUNTRY) {
    throw new TaxError(
      'MALFORMED_GSTIN',
      `GSTIN "${input}" starts with 96, the code for a foreign country, which no registration has.`,
      field,
    );
  }
  const layout = LAYOUTS.find((l) => l.pattern.test(input));
  if (!layout) throw new TaxError('MALFORMED_GSTIN', describeLayoutError(input), field);
  const expected = gstinCheckCharacter(input.slice(0, 14));
  if (input[14] !== expected) {
    throw new TaxError(
      'GSTIN_CHECK_MISMATCH',
      `GSTIN "${input}" fails its check: the 15th character should be "${expected}", not "${input[14]}"; check the other characters for a typo.`,
      field,
    );
  }
  const hasPan = layout.kind === 'regular' || layout.kind === 'tds' || layout.kind === 'tcs';
  return {
    value: input,
    kind: layout.kind,
    stateCode,
    state,
    ...(hasPan ? { pan: input.slice(2, 12), entityNumber: input[12]! } : {}),
    checkCharacter: input[14]!,
  };
}

/** True when `parseGstin` accepts the input. */
export function isValidGstin(input: string): boolean {
  try {
    parseGstin(input);
    return true;
  } catch (e) {
    if (e instanceof TaxError) return false;
    throw e;
  }
}

/** Names the first character that breaks the regular layout, the one nearly every recipient has. */
function describeLayoutError(input: string): string {
  // Characters 1 and 2 are a known state code by now, so their rules never fail and their words are never shown.
  const rules: readonly [RegExp, string][] = [
    // Stryker disable next-line StringLiteral: equivalent, never shown (see above)
    [/\d/, 'a digit (state code)'],
    // Stryker disable next-line StringLiteral: equivalent, never shown (see above)
    [/\d/, 'a digit (state code)'],
    ...Array.from({ length: 5 }, (): [RegExp, string] => [/[A-Z]/, 'a letter (PAN)']),
    ...Array.from({ length: 4 }, (): [RegExp, string] => [/\d/, 'a digit (PAN)']),
    [/[A-Z]/, 'a letter (PAN)'],
    [/[1-9A-Z]/, '1–9 or A–Z (entity number)'],
    [/Z/, '"Z"'],
  ];
  const at = rules.findIndex(([re], i) => !re.test(input[i]!));
  // The rules are the regular layout's first 14 characters and the 15th is 0–9 or A–Z by now, so
  // an input that breaks no rule is a regular GSTIN and never gets here: `at` is 2 to 13.
  const where =
    at >= 0
      ? `character ${at + 1} ("${input[at]}") should be ${rules[at]![1]}`
      : // Stryker disable next-line StringLiteral: equivalent, unreachable (see above)
        'its layout is not one GST uses';
  return `GSTIN "${input}" is malformed: ${where}; a GSTIN is a state code, a PAN, an entity number, "Z" and a check character, e.g. "27AAPFU0939F1ZV"`;
}
