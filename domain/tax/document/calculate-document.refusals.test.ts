import { describe, expect, it } from 'vitest';
import { TaxError, type TaxErrorCode } from '../tax-error.ts';
import { determineSupply } from '../supply/determine-supply.ts';
import { calculateDocument } from './calculate-document.ts';
import type { DocumentInput, LineInput } from './document-types.ts';

const supply = determineSupply({ supplierStateCode: '27', recipient: { kind: 'unregistered' } });
const line = (extra: Partial<LineInput> = {}): LineInput => ({
  description: 'VPS',
  sac: '998315',
  quantity: '1',
  unitPrice: '100',
  ...extra,
});

/** Runs the calculation and returns the refusal, so each case can check its code and its advice. */
function refusal(input: Partial<DocumentInput>): TaxError {
  try {
    calculateDocument({ supply, lines: [line()], ...input });
  } catch (e) {
    if (e instanceof TaxError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('calculateDocument refuses bad input, saying what would be right', () => {
  const cases: [string, Partial<DocumentInput>, TaxErrorCode, RegExp][] = [
    [
      'a negative quantity',
      { lines: [line({ quantity: '-1' })] },
      'NEGATIVE_NUMBER',
      /lines\[0\]\.quantity must not be negative.*zero or more/,
    ],
    [
      'a negative unit price',
      { lines: [line({ unitPrice: '-0.50' })] },
      'NEGATIVE_NUMBER',
      /lines\[0\]\.unitPrice must not be negative/,
    ],
    [
      'a quantity with 4 decimals',
      { lines: [line({ quantity: '1.0005' })] },
      'INVALID_NUMBER',
      /4 decimals; at most 3/,
    ],
    [
      'a unit price in exponent notation',
      { lines: [line({ unitPrice: '1e3' })] },
      'INVALID_NUMBER',
      /plain digits such as "1500.00"/,
    ],
    [
      'a unit price of NaN',
      { lines: [line({ unitPrice: 'NaN' })] },
      'INVALID_NUMBER',
      /finite number/,
    ],
    ['Infinity', { lines: [line({ quantity: 'Infinity' })] }, 'INVALID_NUMBER', /finite number/],
    [
      'a discount in fractions of paise',
      { lines: [line({ discount: '1.005' })] },
      'INVALID_NUMBER',
      /3 decimals; at most 2 .*"1.01"/,
    ],
    [
      'a line discount above the amount',
      { lines: [line({ discount: '100.01' })] },
      'DISCOUNT_EXCEEDS_AMOUNT',
      /give at most 100.00/,
    ],
    [
      'a document discount above the lines',
      { discount: '100.01' },
      'DISCOUNT_EXCEEDS_AMOUNT',
      /give at most 100.00/,
    ],
    [
      'an unknown SAC without a rate',
      { lines: [line({ sac: '998319' })] },
      'UNKNOWN_SAC_RATE',
      /give the line's rate in percent, e.g. rate: "18"/,
    ],
    ['a SAC that is not a code', { lines: [line({ sac: '99831' })] }, 'INVALID_SAC', /6 digits/],
    ['a rate above 100%', { lines: [line({ rate: '180' })] }, 'INVALID_RATE', /from 0 to 100/],
    [
      'a negative rate',
      { lines: [line({ rate: '-18' })] },
      'NEGATIVE_NUMBER',
      /rate must not be negative/,
    ],
    [
      'an empty description',
      { lines: [line({ description: ' ' })] },
      'INVALID_LINE',
      /description must be text/,
    ],
    ['no lines', { lines: [] }, 'EMPTY_DOCUMENT', /at least one line/],
    [
      'an unknown price mode',
      { prices: 'gross' as 'inclusive' },
      'INVALID_DOCUMENT',
      /"exclusive" or "inclusive"/,
    ],
    [
      'a credit note made without its invoice',
      { documentType: 'credit-note' as 'invoice' },
      'INVALID_DOCUMENT',
      /credit notes come from calculateCreditNote/,
    ],
  ];

  for (const [what, input, code, message] of cases) {
    it(`given ${what}, when calculating, then it is refused with ${code}`, () => {
      const e = refusal(input);
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
    });
  }

  it('names the field that is wrong', () => {
    expect(refusal({ lines: [line(), line({ quantity: '-2' })] }).field).toBe('lines[1].quantity');
  });

  it('accepts a zero quantity and a free line (nothing negative, nothing to refuse)', () => {
    const doc = calculateDocument({
      supply,
      lines: [line({ quantity: '0' }), line({ unitPrice: '0' })],
    });
    expect(doc.totals.total).toBe('0.00');
    expect(doc.amountInWords).toBe('Rupees Zero Only');
  });
});
