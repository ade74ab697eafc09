import { MoneyError, parseDecimal, type Dec } from '../shared/money.ts';

/** Stable reasons the tax engine refuses input; commands map them to BAD_USER_INPUT. */
export type TaxErrorCode =
  | 'UNKNOWN_STATE_CODE'
  | 'LEGACY_STATE_CODE'
  | 'INVALID_PLACE_OF_SUPPLY'
  | 'MALFORMED_GSTIN'
  | 'GSTIN_CHECK_MISMATCH'
  | 'INVALID_NUMBER'
  | 'NEGATIVE_NUMBER'
  | 'INVALID_RATE'
  | 'INVALID_SAC'
  | 'UNKNOWN_SAC_RATE'
  | 'INVALID_DOCUMENT'
  | 'INVALID_LINE'
  | 'DISCOUNT_EXCEEDS_AMOUNT'
  | 'EMPTY_DOCUMENT'
  | 'INVALID_DATE'
  | 'NOTE_BEFORE_INVOICE'
  | 'NOT_AN_INVOICE'
  | 'NOTE_FOR_OTHER_INVOICE'
  | 'UNKNOWN_INVOICE_LINE'
  | 'CREDIT_EXCEEDS_REMAINING'
  | 'NOTHING_TO_CREDIT'
  | 'CREDIT_NOTE_DEADLINE_PASSED'
  | 'INVALID_SERIES_FORMAT'
  | 'SERIES_EXHAUSTED'
  | 'INVALID_DOCUMENT_NUMBER'
  | 'AMOUNT_OUT_OF_RANGE';

/**
 * An input the GST engine refuses. The message says what is wrong and what would be right;
 * `field` names the input (e.g. `lines[2].quantity`) when there is one.
 */
export class TaxError extends Error {
  override readonly name = 'TaxError';
  constructor(
    readonly code: TaxErrorCode,
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Parses a decimal input for the tax engine and turns a money parsing error into a TaxError,
 * so callers of the engine handle one error class.
 */
export function readDecimal(input: string, field: string, maxDecimals: number): Dec {
  try {
    return parseDecimal(input, { field, maxDecimals });
  } catch (e) {
    if (e instanceof MoneyError) {
      throw new TaxError(
        e.code === 'MONEY_NEGATIVE' ? 'NEGATIVE_NUMBER' : 'INVALID_NUMBER',
        e.message,
        field,
        { cause: e },
      );
    }
    throw e;
  }
}
