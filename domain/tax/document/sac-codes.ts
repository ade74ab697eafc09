import { D, type Dec } from '../../shared/money.ts';
import { TaxError, readDecimal } from '../tax-error.ts';

export interface SacCode {
  readonly code: string;
  readonly description: string;
  /** GST rate in percent. */
  readonly rate: string;
}

/**
 * The services this platform sells, with their GST rate. Other codes are accepted when the
 * line gives its rate: classification is the chartered accountant's call, not the engine's.
 */
export const KNOWN_SAC_CODES: readonly SacCode[] = Object.freeze([
  {
    code: '998315',
    description: 'Hosting and information technology (IT) infrastructure provisioning services',
    rate: '18',
  },
  { code: '998316', description: 'IT infrastructure and network management services', rate: '18' },
  {
    code: '997315',
    description: 'Leasing or rental services concerning computers without operator',
    rate: '18',
  },
]);

const BY_CODE = new Map(KNOWN_SAC_CODES.map((s) => [s.code, s]));

/** SAC codes are 6 digits starting 99; HSN codes (goods sold beside a server) are 4, 6 or 8 digits. */
const CODE_PATTERN = /^(\d{4}|\d{6}|\d{8})$/;

/** Looks up a known SAC code, or undefined. */
export function sacCode(code: string): SacCode | undefined {
  return BY_CODE.get(code);
}

/**
 * The GST rate for a line: the given rate, else the SAC's known rate.
 * @throws TaxError INVALID_SAC, UNKNOWN_SAC_RATE or INVALID_RATE
 */
export function lineRate(sac: string, rate: string | undefined, field: string): Dec {
  if (typeof sac !== 'string' || !CODE_PATTERN.test(sac)) {
    throw new TaxError(
      'INVALID_SAC',
      `SAC "${String(sac).slice(0, 20)}" must be 6 digits (or an HSN of 4, 6 or 8 digits), e.g. "998315".`,
      `${field}.sac`,
    );
  }
  if (rate === undefined) {
    const known = BY_CODE.get(sac);
    if (!known) {
      throw new TaxError(
        'UNKNOWN_SAC_RATE',
        `SAC ${sac} has no known GST rate; give the line's rate in percent, e.g. rate: "18" (known: ${KNOWN_SAC_CODES.map((s) => s.code).join(', ')}).`,
        `${field}.rate`,
      );
    }
    return new D(known.rate);
  }
  const r = readDecimal(rate, `${field}.rate`, 3);
  if (r.greaterThan(100))
    throw new TaxError(
      'INVALID_RATE',
      `The ${field}.rate is ${rate}%; a GST rate is a percentage from 0 to 100, e.g. "18".`,
      `${field}.rate`,
    );
  return r;
}
